# Shared by packaging/release.sh and tests/package/run.sh (sourced).

# cargo-deb, pinned, built once from crates.io (about 2.5 min on 2 cores).
CARGO_DEB_VERSION=3.8.0
ensure_cargo_deb() {
  if cargo deb --version 2>/dev/null | grep -q "$CARGO_DEB_VERSION"; then return 0; fi
  echo "== installing cargo-deb $CARGO_DEB_VERSION (cargo install)"
  cargo install --locked --quiet cargo-deb --version "$CARGO_DEB_VERSION"
}

# build_deb PROFILE OUT: the Debian package of the binary already built in
# PROFILE (release, or dev for the tests: same layout, faster), into OUT.
build_deb() {
  local profile=$1 out=$2 fast=()
  [[ $profile == release ]] || fast=(--fast)
  cargo deb --locked --no-build --profile "$profile" "${fast[@]}" --output "$out" 2>&1 \
    | grep -v -e '^warning: dev profile is not supported' -e '^ *To enable debug symbols'
  return "${PIPESTATUS[0]}"
}

# windows_zip EXE OUT VERSION: the Windows zip (badgelens.exe, INSTALL.txt,
# LICENSE.txt in one folder) into OUT; prints its path.
windows_zip() {
  local exe=$1 out=$2 version=$3 top stage
  top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  stage=$(mktemp -d)/badgelens-$version-x86_64-windows
  mkdir -p "$stage" "$out"
  cp "$exe" "$stage/badgelens.exe"
  cp "$top/LICENSE" "$stage/LICENSE.txt"
  # Windows editors expect CRLF line ends in a text file.
  sed 's/$/\r/' "$top/packaging/INSTALL-windows.txt" > "$stage/INSTALL.txt"
  (cd "$(dirname "$stage")" && python3 -m zipfile -c "$out/$(basename "$stage").zip" "$(basename "$stage")")
  echo "$out/$(basename "$stage").zip"
}

# The version in Cargo.toml.
badgelens_version() {
  sed -n 's/^version = "\(.*\)"$/\1/p' "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Cargo.toml" | head -1
}
