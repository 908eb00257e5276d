#!/usr/bin/env bash
# Every row of BENCHMARKS.md's speed table in one command: BadgeLens against
# the reference verifiers (1EdTech's validator-core, DCC's verifier-core,
# the Python bakery) and, given BASE, against an earlier build of itself.
#
#   bash native-host/benches/compare.sh                        everything
#   BASE=/tmp/badgelens-base bash native-host/benches/compare.sh   also A/B against that binary
#   REFS=0 ...      BadgeLens rows only (no reference installs)
#   RUNS=20 ...     farm-bench runs per command (default 20)
#
# Builds what it needs: `cargo build --release` (unless BIN is given), the
# references under /tmp/badgelens-refs (Python 3.7 venv with openbadges
# 1.1.2 and responses; npm @digitalcredentials/verifier-core 1.0.0-beta.11),
# a 10 MiB PNG. Issuers are node servers on 127.0.0.1 (issuer.mjs). Whole
# processes are timed with farm-bench (quote its MEDIAN and the A/B ratio).
# The e2e page timing is `bash tests/e2e/run.sh` (tests/e2e/bench.mjs).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RUNS="${RUNS:-20}"
REFS="${REFS:-1}"
BASE="${BASE:-}"
REFDIR="${REFDIR:-/tmp/badgelens-refs}"
W="$(mktemp -d /tmp/badgelens-compare.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT

if [[ -z "${BIN:-}" ]]; then (cd "$REPO" && cargo build --release --quiet --bin badgelens); BIN="$REPO/target/release/badgelens"; fi
command -v farm-bench >/dev/null || { echo "farm-bench is needed"; exit 1; }

# --- references (installed once) ---
if [[ $REFS == 1 ]]; then
  mkdir -p "$REFDIR"
  if [[ ! -x "$REFDIR/py/bin/python" ]]; then
    PY37="$(command -v python3.7 || ls /root/.pyenv/versions/3.7*/bin/python3.7 2>/dev/null | head -1)"
    "$PY37" -m venv "$REFDIR/py" && "$REFDIR/py/bin/pip" install -q openbadges==1.1.2 responses
  fi
  if [[ ! -d "$REFDIR/node/node_modules/@digitalcredentials/verifier-core" ]]; then
    mkdir -p "$REFDIR/node" && (cd "$REFDIR/node" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error @digitalcredentials/verifier-core@1.0.0-beta.11)
  fi
  cp "$HERE/reference/verifier-core-once.mjs" "$REFDIR/node/"
fi

# --- issuers: the demo issuer (instant and 50 ms), validator-core's hosted badge ---
start_issuer() { # start_issuer VAR ARGS...: sets VAR to the port (not in a subshell, so cleanup can stop it)
  local var="$1" out="$W/issuer-$1"; shift
  node "$HERE/issuer.mjs" "$@" >"$out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do [[ -s "$out" ]] && break; sleep 0.1; done
  printf -v "$var" '%s' "$(head -1 "$out")"
}
start_issuer DEMO
start_issuer SLOW --delay 50
start_issuer VC --dir "$REPO/tests/fixtures/openbadges-validator-core/hosted/example.org" --rewrite https://example.org
conf() { # conf PORT CACHE_DIR > file
  printf '{"network":{"allow_private":["127.0.0.1:%s"],"resolve":{"issuer.badgelens.example:80":"127.0.0.1:%s"}},"cache_dir":"%s"}' "$1" "$1" "$2"
}
conf "$DEMO" "$W/cache-cold" >"$W/cold.json"
conf "$DEMO" "$W/cache-warm" >"$W/warm.json"
conf "$SLOW" "$W/cache-slow" >"$W/slow.json"
conf "$VC" "$W/cache-vc" >"$W/vc.json"
PNG="$REPO/native-host/demo/files/baked/valid.png"
# verifier-core's copy of the OB 3.0 spec example (eddsa-rdfc-2022, did:key): both verifiers verify it offline.
VECTOR="$REPO/tests/fixtures/verifier-core/credentials/v2-v2OBv3SpecExample.json"

# A 10 MiB PNG: the demo badge with a 10 MiB private chunk before its badge chunk.
python3 - "$PNG" "$W/big.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
chunks, i = [], 8
while i < len(data):
    n = struct.unpack('>I', data[i:i + 4])[0]
    chunks.append(data[i:i + 12 + n]); i += 12 + n
big = b'\0' * (10 * 1024 * 1024)
filler = struct.pack('>I', len(big)) + b'prVt' + big + struct.pack('>I', zlib.crc32(b'prVt' + big))
at = next(k for k, c in enumerate(chunks) if c[4:8] in (b'iTXt', b'tEXt'))
open(sys.argv[2], 'wb').write(data[:8] + b''.join(chunks[:at]) + filler + b''.join(chunks[at:]))
EOF

row() { echo; echo "### $1"; }
# fb 'COMMAND_B' COMMAND...: farm-bench, A/B when COMMAND_B is not empty
fb() {
  local vs="$1"; shift
  if [[ -n "$vs" ]]; then farm-bench -n "$RUNS" --vs "$vs" -- "$@" 2>&1 | grep -E 'wall|peak|exit|A/B cpu'
  else farm-bench -n "$RUNS" -- "$@" 2>&1 | grep -E 'wall|peak|exit'; fi
}

row "floors: any process (/bin/true), and badgelens starting and parsing its arguments (--version) (B = /bin/true)"
fb /bin/true "$BIN" --version
row "badgelens verify, hosted OB 2.0 PNG (3 fetches), cold cache: a cache directory that does not exist yet, no shell in the timing (cold_start.py; --version is the process floor)"
python3 "$HERE/cold_start.py" "$BIN" "$DEMO" "$PNG" "$((RUNS * 3))" "${BASE:-}"
row "badgelens verify, the same, warm cache (issuer data cached; the assertion is fetched), by farm-bench"
export BADGELENS_CONFIG="$W/warm.json"
"$BIN" verify "$PNG" >/dev/null
fb "${BASE:+$BASE verify $PNG --json}" "$BIN" verify "$PNG" --json
if [[ $REFS == 1 ]]; then
  row "validator-core (openbadges 1.1.2) vs badgelens, whole process, validator-core's hosted badge (B = validator-core)"
  export BADGELENS_CONFIG="$W/vc.json"
  fb "$REFDIR/py/bin/python $HERE/reference/validator-core-once.py $REPO/tests/fixtures/openbadges-validator-core/contexts/openbadges_context_v2_as_mocked.json http://127.0.0.1:$VC/beths-robotics-badge.json" \
    sh -c "rm -rf $W/cache-vc; exec $BIN verify http://127.0.0.1:$VC/beths-robotics-badge.json --json"
fi

row "OB 3.0 eddsa-rdfc-2022, whole process ($(basename "$VECTOR"))"
fb "${BASE:+$BASE verify $VECTOR --json}" "$BIN" verify "$VECTOR" --json
if [[ $REFS == 1 ]]; then
  row "verifier-core vs badgelens, the same credential, whole process (B = verifier-core)"
  (cd "$REFDIR/node" && fb "node verifier-core-once.mjs $VECTOR" "$BIN" verify "$VECTOR" --json)
fi

row "badgelens unbake of a 10 MiB PNG, whole process"
fb "${BASE:+$BASE unbake $W/big.png}" "$BIN" unbake "$W/big.png"
if [[ $REFS == 1 ]]; then
  row "bakery (openbadges_bakery, Python) vs badgelens unbake, the same PNG (B = bakery)"
  fb "$REFDIR/py/bin/python -c 'import sys, openbadges_bakery; print(openbadges_bakery.unbake(open(sys.argv[1], \"rb\")))' $W/big.png" "$BIN" unbake "$W/big.png"
fi

for b in "$BIN" ${BASE:+"$BASE"}; do
  row "host ($b): 50 hosted OB 2.0 badges at once, issuer answering each request after 50 ms, cache refresh (3 dependent fetches: floor 150 ms)"
  python3 "$HERE/host_batch.py" "$b" "$W/slow.json" 50 refresh "$PNG" 3
  row "host ($b): 500 at once, demo issuer answering at once, cache use"
  python3 "$HERE/host_batch.py" "$b" "$W/warm.json" 500 use "$PNG" 3
done
echo
echo "In process: cargo bench --bench ob3 (criterion; verifier-core: node native-host/benches/ob3-verifier-core.mjs)."
echo "The 50-badge page in Chromium: bash tests/e2e/run.sh (# bench lines)."
