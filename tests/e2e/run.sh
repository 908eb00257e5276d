#!/usr/bin/env bash
# Installs what the browser tests need on a fresh Debian machine (idempotent)
# and runs them: the extension's unit tests (node --test) and the end-to-end
# tests (real Chromium, real badgelens host, local issuer on 127.0.0.1).
# The last line is "N passed, M failed" (both suites together).
#   bash tests/e2e/run.sh
#   BADGELENS_BIN=/abs/path/badgelens bash tests/e2e/run.sh   use a host built elsewhere
#   FIREFOX=0 bash tests/e2e/run.sh                            skip Firefox ESR (default: run it)
#   HEADED=0 bash tests/e2e/run.sh                             skip the real right-click under Xvfb (default: run it)
#   BENCH_BIN=/abs/path/badgelens bash tests/e2e/run.sh        the host bench.mjs times (default: target/release, else BADGELENS_BIN)
set -euo pipefail
FIREFOX="${FIREFOX:-1}"
HEADED="${HEADED:-1}"
E2E="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$E2E/../.." && pwd)"
EXT="$REPO/extension"

# --- system packages ---
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
want=(chromium chromium-l10n openssl) # chromium-l10n: the UI languages the German e2e run uses
[[ $FIREFOX == 1 ]] && want+=(firefox-esr)
[[ $HEADED == 1 ]] && want+=(xvfb xauth xdotool)
command -v node >/dev/null || want+=(nodejs npm)
missing=(); for p in "${want[@]}"; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "apt-get install ${missing[*]}"
  SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then echo "playwright-core 1.65 needs Node.js >= 20 (have $(node --version))"; echo "0 passed, 1 failed"; exit 1; fi

# --- npm packages (exact versions from the lock files; skipped when already in place) ---
npm_ready() { (cd "$1" && node -e 'const l=require("./package-lock.json").packages;for(const[k,v]of Object.entries(l)){if(!k)continue;if(require("./"+k+"/package.json").version!==v.version)process.exit(1)}') 2>/dev/null; }
for d in "$EXT" "$E2E"; do
  npm_ready "$d" || (cd "$d" && npm ci --no-audit --no-fund --loglevel=error)
done

# --- the host ---
if [[ -z "${BADGELENS_BIN:-}" ]]; then
  export BADGELENS_BIN="$REPO/target/debug/badgelens"
  if [[ ! -x "$BADGELENS_BIN" ]]; then (cd "$REPO" && cargo build --quiet --bin badgelens); fi
fi

# --- run ---
unit_out=$(cd "$EXT" && node --test --test-reporter=tap test/*.test.mjs 2>&1) && unit_rc=0 || unit_rc=$?
echo "$unit_out" | grep -E '^(not ok|# (pass|fail|skip))' || true
unit_pass=$(echo "$unit_out" | sed -n 's/^# pass \([0-9]*\)$/\1/p'); unit_fail=$(echo "$unit_out" | sed -n 's/^# fail \([0-9]*\)$/\1/p')
unit_pass=${unit_pass:-0}; unit_fail=${unit_fail:-1}
((unit_rc != 0 && unit_fail == 0)) && unit_fail=1
echo "extension unit tests: $unit_pass passed, $unit_fail failed"

# Runs one e2e script; adds its "N passed, M failed" last line to the totals.
e2e_pass=0; e2e_fail=0
run_e2e() {
  local out rc last p f
  out=$(cd "$E2E" && "${RUNNER[@]}" node "$1" 2>&1) && rc=0 || rc=$?
  echo "$out" | sed '$d'
  last=$(echo "$out" | tail -n 1)
  p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p'); f=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  if [[ -z "$p" ]]; then echo "$last"; p=0; f=1; fi
  ((rc != 0 && f == 0)) && f=1
  echo "$1: $p passed, $f failed"
  e2e_pass=$((e2e_pass + p)); e2e_fail=$((e2e_fail + f))
}
RUNNER=()
run_e2e e2e.mjs
# The 50-badge page timing (printed, never asserted), with the release host when there is one.
BENCH_BIN="${BENCH_BIN:-$REPO/target/release/badgelens}"; [[ -x "$BENCH_BIN" ]] || BENCH_BIN="$BADGELENS_BIN"
BADGELENS_BIN="$BENCH_BIN" run_e2e bench.mjs
if [[ $FIREFOX == 1 ]]; then run_e2e firefox.mjs; else echo "firefox.mjs: not run (FIREFOX=0)"; fi
if [[ $HEADED == 1 ]]; then
  RUNNER=(xvfb-run -a -s '-screen 0 1280x800x24')
  run_e2e real-click.mjs
else echo "real-click.mjs: not run (HEADED=0)"; fi
echo "$((unit_pass + e2e_pass)) passed, $((unit_fail + e2e_fail)) failed"
((unit_fail + e2e_fail == 0))
