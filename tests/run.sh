#!/usr/bin/env bash
# Runs every BadgeLens test, installing what they need on a fresh Debian/Ubuntu
# machine first (idempotent): the gates (cargo fmt --check, clippy with
# warnings as errors), the Rust tests, a smoke run of every fuzz target, the
# Windows build and its run under Wine, the extension's unit tests and the
# end-to-end tests in real Chromium and Firefox.
#
#   bash tests/run.sh               # everything
#   SKIP_E2E=1 bash tests/run.sh    # no browser
#   SKIP_FUZZ=1 bash tests/run.sh   # no fuzz smoke (it builds the fuzz targets: a few minutes)
#   SKIP_WINDOWS=1 bash tests/run.sh # no Windows build (WINE=0: build it, no Wine run)
#   SKIP_PACKAGE=1 bash tests/run.sh # no Debian package test (needs root; installs cargo-deb once)
#
# Tests that need ../shared (reference material the repo may not carry)
# print "SKIPPED <test>: <why>" when it is absent; the last line counts them:
# "tests: N passed, M failed, K skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
log=$(mktemp -d)/badgelens-tests
mkdir -p "$log"
status=0
passed=0
failed=0
skipped=0

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v node >/dev/null 2>&1; then
  echo "== installing nodejs (apt)"
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null
fi

count_cargo() { # sums "test result: ... N passed; M failed" lines
  awk '/^test result:/ { for (i=1;i<=NF;i++) { if ($(i)=="passed;") p+=$(i-1); if ($(i)=="failed;") f+=$(i-1) } } END { print p+0, f+0 }' "$1"
}
count_node() { # node --test TAP summary: "# pass N" / "# fail N"
  awk '/^# pass / { p+=$3 } /^# fail / { f+=$3 } END { print p+0, f+0 }' "$1"
}
add() { passed=$((passed + $1)); failed=$((failed + $2)); }
took() { echo "== $1 took $((SECONDS - $2)) s"; }
# Skipped tests report as passed to their runner: counted apart, not as passed.
skip() { skipped=$((skipped + $1)); passed=$((passed - $1)); }
# suite LOG COMMAND...: runs a suite whose last line is "N passed, M failed"
# and whose skips print "SKIP  ..." (not in its passed count), into $log/LOG.txt.
suite() {
  local out="$log/$1.txt" last
  "${@:2}" 2>&1 | tee "$out"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)
  if [ -n "$last" ]; then
    add "${last%% passed*}" "$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$last")"
  else
    add 0 1
    status=1
  fi
  skipped=$((skipped + $(grep -c '^SKIP  ' "$out")))
}
gate() { # gate NAME COMMAND...: one pass or one failure
  echo "== gate: ${*:2}"
  if "${@:2}"; then add 1 0; else echo "GATE FAILED: $1"; add 0 1; status=1; fi
}

t=$SECONDS
gate "cargo fmt --check (run cargo fmt)" cargo fmt --check
gate "clippy: no warnings in any target" cargo clippy --all-targets --locked -- -D warnings
took gates "$t"

echo "== Rust: cargo test"
t=$SECONDS
cargo test --locked 2>&1 | tee "$log/cargo.txt"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
read -r p f < <(count_cargo "$log/cargo.txt"); add "$p" "$f"
skip "$(grep -c '^SKIPPED ' "$log/cargo.txt")"
took "cargo test" "$t"

if [ -z "${SKIP_FUZZ:-}" ]; then
  # A few seconds per fuzz target, so the targets keep building and a
  # regression in the parsers they cover shows up here.
  echo "== fuzz smoke: every cargo-fuzz target for a few seconds"
  t=$SECONDS
  bash native-host/fuzz/run.sh --smoke 2>&1 | tee "$log/fuzz.txt"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  summary=native-host/fuzz/logs/summary.tsv
  if [ -f "$summary" ]; then
    add "$(grep -c $'\tno finding$' "$summary")" "$(tail -n +2 "$summary" | grep -vc $'\tno finding$')"
  else
    add 0 1
  fi
  took "fuzz smoke" "$t"
fi

if [ -z "${SKIP_WINDOWS:-}" ]; then
  # Debian's Rust builds the Windows host (-Zbuild-std); Wine 8 runs it.
  echo "== Windows: clippy and badgelens.exe for x86_64-pc-windows-gnu, then install/doctor/uninstall/demo under Wine"
  t=$SECONDS
  suite windows bash tests/windows/run.sh
  took Windows "$t"
fi

t=$SECONDS
if [ -n "${SKIP_E2E:-}" ]; then
  echo "== extension: node --test (SKIP_E2E: no browser)"
  (cd extension && npm ci --no-audit --no-fund --loglevel=error >/dev/null && node --test --test-reporter=tap test/*.test.mjs) 2>&1 | tee "$log/ext.txt"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  read -r p f < <(count_node "$log/ext.txt"); add "$p" "$f"
else
  # Installs Chromium, Firefox ESR, Xvfb and the npm packages it needs, then
  # runs the extension's unit tests and the end-to-end suites; its last line
  # is "N passed, M failed".
  echo "== extension unit tests and end-to-end: real Chromium and Firefox, real host"
  suite e2e env BADGELENS_BIN="$root/target/debug/badgelens" bash tests/e2e/run.sh
fi
took extension "$t"

if [ -z "${SKIP_PACKAGE:-}" ]; then
  t=$SECONDS
  # Builds the Debian package, installs it with dpkg in a throw-away mount
  # namespace, checks the manifests, doctor and a Chromium hello round trip,
  # purges it; last line "N passed, M failed".
  echo "== Debian package: build, dpkg install, doctor, Chromium, purge"
  suite package bash tests/package/run.sh
  took "Debian package" "$t"
fi

echo
grep -h '^SKIPPED \|^SKIP  ' "$log"/*.txt 2>/dev/null
echo "tests: $passed passed, $failed failed, $skipped skipped (${SECONDS} s)"
if [ "$failed" != 0 ]; then status=1; fi
exit $status
