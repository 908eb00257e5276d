#!/usr/bin/env bash
# The Debian package, tested as a recruiter's IT department would use it:
# built with cargo-deb, installed with dpkg, checked where each browser reads
# it, `doctor` run against it, a real hello round trip through Chromium with
# only the system-wide manifest, then purged and checked that nothing is left.
#
# dpkg runs for real, but inside a throw-away mount namespace whose /etc, /usr
# and /var are overlays on a tmpfs: the machine itself is never changed.
# Needs root (CI runs as root); without it every test says SKIP.
#   bash tests/package/run.sh     # last line: "N passed, M failed"
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
source packaging/tools.sh

if [[ $(id -u) != 0 ]] || ! unshare -m true 2>/dev/null; then
  echo "SKIP  Debian package: needs root and mount namespaces (unshare -m)"
  echo "1 skipped"
  echo "0 passed, 0 failed"
  exit 0
fi

ensure_cargo_deb || { echo "FAIL  cargo-deb could not be installed"; echo "0 passed, 1 failed"; exit 1; }
[[ -x target/debug/badgelens ]] || cargo build --locked --quiet
out=$(mktemp -d)
if ! build_deb dev "$out" >"$out/build.log"; then
  cat "$out/build.log"; echo "FAIL  cargo deb"; echo "0 passed, 1 failed"; exit 1
fi
deb=$(ls "$out"/badgelens_*.deb)
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
exec unshare -m --propagation private bash tests/package/in-namespace.sh "$deb" "$root"
