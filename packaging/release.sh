#!/usr/bin/env bash
# One command for a release: everything it needs, in dist/, with SHA-256
# checksums (dist/SHA256SUMS):
#   badgelens_<v>-1_amd64.deb            Debian/Ubuntu: the helper in /usr/bin,
#                                        registered system-wide for every browser
#   badgelens-<v>-x86_64-linux.tar.gz    other distributions: binary, README, licence
#   badgelens-<v>-x86_64-windows.zip     Windows: badgelens.exe (cross-built), README
#   badgelens-chrome-<v>.zip             Chrome Web Store, Edge Add-ons
#   badgelens-firefox-<v>.zip            addons.mozilla.org
#
#   bash packaging/release.sh                 # everything
#   SKIP_WINDOWS=1 bash packaging/release.sh  # without the Windows zip
# Check a download with:  sha256sum --check --ignore-missing SHA256SUMS
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source packaging/tools.sh
version=$(badgelens_version)
dist="$root/dist"
rm -rf "$dist" && mkdir -p "$dist"

echo "== release build (Linux x86_64)"
cargo build --locked --release --bin badgelens

echo "== Debian package (cargo-deb)"
ensure_cargo_deb
build_deb release "$dist" >/dev/null

echo "== Linux tarball"
stage=$(mktemp -d)/badgelens-$version-x86_64-linux
mkdir -p "$stage"
cp target/release/badgelens README.md LICENSE SECURITY.md "$stage/"
cp packaging/INSTALL-linux.txt "$stage/INSTALL.txt"
tar -C "$(dirname "$stage")" --owner=0 --group=0 -czf "$dist/$(basename "$stage").tar.gz" "$(basename "$stage")"

if [[ -z "${SKIP_WINDOWS:-}" ]]; then
  echo "== Windows zip (cross-built with Debian's Rust and MinGW, tests/windows/lib.sh)"
  source tests/windows/lib.sh
  windows_toolchain
  exe=$(build_windows_exe release)
  windows_zip "$exe" "$dist" "$version" >/dev/null
fi

echo "== extension store archives"
bash extension/package.sh
cp extension/dist/badgelens-chrome-*.zip extension/dist/badgelens-firefox-*.zip "$dist/"

(cd "$dist" && sha256sum -- * | grep -v ' SHA256SUMS$' > SHA256SUMS)
echo "== dist/"
(cd "$dist" && ls -l && cat SHA256SUMS)
