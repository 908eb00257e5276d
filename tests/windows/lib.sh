# Windows build helpers, sourced by tests/windows/run.sh and by packaging:
#
#   source tests/windows/lib.sh
#   windows_toolchain               # apt-get installs Debian's Rust + MinGW + Wine (idempotent)
#   exe=$(build_windows_exe release) # builds badgelens.exe, prints its path
#
# rustup cannot download the Windows target here, but Debian's rustc-web
# (with rust-web-src) can build std for it (-Zbuild-std, RUSTC_BOOTSTRAP=1).
# rustup's toolchain comes first on PATH and has no std sources, so every
# cargo call here runs in a subshell with Debian's cargo, rustc and clippy
# named explicitly, and its own target folder (target/windows). Debug
# builds carry no debug info: nobody debugs them here, and it is less for
# the codegen and MinGW's linker (a cold Windows part: 350 s on 2 cores).

windows_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WINDOWS_TARGET=x86_64-pc-windows-gnu
WINDOWS_TARGET_DIR="$windows_root/target/windows"
WINDOWS_PACKAGES=(rustc-web cargo-web rust-web-src rust-web-clippy gcc-mingw-w64-x86-64 wine64)

windows_as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs what is missing (nothing when everything is there).
windows_toolchain() {
  local missing=()
  for p in "${WINDOWS_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing ${missing[*]} (apt)"
    windows_as_root apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive windows_as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Debian's rustc: rustc-web installs it as /usr/bin/rustc (or rustc-web on some releases).
windows_rustc() {
  local c
  for c in /usr/bin/rustc-web /usr/bin/rustc; do
    if [ -x "$c" ] && [ -d "$("$c" --print sysroot)/lib/rustlib/src/rust/library" ]; then
      echo "$c"
      return 0
    fi
  done
  echo "no rustc with std sources (install rustc-web and rust-web-src)" >&2
  return 1
}

# Runs cargo with Debian's toolchain for the Windows target: windows_cargo check ...
windows_cargo() {
  local rustc
  rustc=$(windows_rustc) || return 1
  (
    cd "$windows_root" &&
      PATH="$(dirname "$rustc"):$PATH" RUSTC="$rustc" RUSTC_BOOTSTRAP=1 \
        CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0 \
        CARGO_TARGET_DIR="$WINDOWS_TARGET_DIR" RUSTC_WRAPPER= RUSTC_WORKSPACE_WRAPPER= \
        "$(dirname "$rustc")/cargo" "$@"
  )
}

# Builds badgelens.exe (debug unless "release") and prints its path.
build_windows_exe() {
  local profile=${1:-debug} flag=()
  [ "$profile" = release ] && flag=(--release)
  windows_cargo build --locked -Zbuild-std=std,panic_abort --target "$WINDOWS_TARGET" \
    --bin badgelens "${flag[@]}" >&2 || return 1
  echo "$WINDOWS_TARGET_DIR/$WINDOWS_TARGET/$profile/badgelens.exe"
}

# Builds the Wine-only bcryptprimitives.dll stand-in into folder $1.
build_bcrypt_stub() {
  local out="$1/bcryptprimitives.dll" src="$windows_root/tests/windows/bcryptprimitives.c"
  [ "$out" -nt "$src" ] && return 0
  x86_64-w64-mingw32-gcc -shared -O2 -o "$out" "$src" -ladvapi32
}

# Wine's 64-bit loader (Debian puts it outside PATH).
windows_wine() {
  if command -v wine64 >/dev/null 2>&1; then command -v wine64; else echo /usr/lib/wine/wine64; fi
}
