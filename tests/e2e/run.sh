#!/usr/bin/env bash
# Installs what the browser tests need on a fresh Debian machine (idempotent)
# and runs them: the extension's unit tests (node --test) and the end-to-end
# tests (real Chromium, real badgelens host, local issuer on 127.0.0.1).
# The last line is "N passed, M failed" (both suites together).
#   bash tests/e2e/run.sh
#   BADGELENS_BIN=/abs/path/badgelens bash tests/e2e/run.sh   use a host built elsewhere
set -euo pipefail
E2E="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$E2E/../.." && pwd)"
EXT="$REPO/extension"

# --- system packages ---
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
want=(chromium openssl)
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

e2e_out=$(cd "$E2E" && node e2e.mjs 2>&1) && e2e_rc=0 || e2e_rc=$?
echo "$e2e_out" | sed '$d'
last=$(echo "$e2e_out" | tail -n 1)
e2e_pass=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p'); e2e_fail=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [[ -z "$e2e_pass" ]]; then echo "$last"; e2e_pass=0; e2e_fail=1; fi
((e2e_rc != 0 && e2e_fail == 0)) && e2e_fail=1
echo "end-to-end tests: $e2e_pass passed, $e2e_fail failed"
echo "$((unit_pass + e2e_pass)) passed, $((unit_fail + e2e_fail)) failed"
((unit_fail + e2e_fail == 0))
