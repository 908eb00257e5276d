#!/usr/bin/env bash
# Side by side: BadgeLens and 1EdTech's reference validator (openbadges-validator-core,
# PyPI `openbadges` 1.1.2 on Python 3.7) verifying the same hosted OB 2.0 assertion
# from the same loopback issuer. Needs a Python 3.7 (pyenv has 3.7.16 here).
#   bash native-host/benches/reference/compare.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS=${1:-20}
PY37=${PY37:-$HOME/.pyenv/versions/3.7.16/bin/python}
VENV=${VENV:-target/obref-venv}
[ -x "$VENV/bin/python" ] || { "$PY37" -m venv "$VENV" && "$VENV/bin/pip" install -q openbadges==1.1.2; }
cargo build --release --quiet --bin badgelens
BIN=target/release/badgelens
work=$(mktemp -d)
python3 native-host/benches/reference/issuer.py > "$work/origin" & server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/origin" ] && break; sleep 0.1; done
origin=$(head -1 "$work/origin"); port=${origin##*:}
url="$origin/beths-robotics-badge.json"
printf '{"network":{"allow_private":["127.0.0.1:%s"]},"cache_dir":"%s/cache"}\n' "$port" "$work" > "$work/config.json"
export BADGELENS_CONFIG="$work/config.json"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms_since() { echo "$(( ($(date +%s%N) - $1) / 1000 ))" | awk '{printf "%.2f\n", $1/1000}'; }

echo "input: $url (OB 2.0 hosted assertion, its BadgeClass and Issuer on the same loopback issuer)"
"$BIN" verify "$url" --json | python3 -c 'import json,sys; r=json.load(sys.stdin); print("BadgeLens verdict:", r["verdict"])'

cold=(); warm=()
for _ in $(seq "$RUNS"); do
  rm -rf "$work/cache"; t=$(date +%s%N); "$BIN" verify "$url" > /dev/null; cold+=("$(ms_since "$t")")
done
for _ in $(seq "$RUNS"); do
  t=$(date +%s%N); "$BIN" verify "$url" > /dev/null; warm+=("$(ms_since "$t")")
done
procs=()
for _ in $(seq 5); do
  t=$(date +%s%N); "$VENV/bin/python" native-host/benches/reference/reference_verify.py "$origin" "$url" 1 > "$work/ref1"; procs+=("$(ms_since "$t")")
done
"$VENV/bin/python" native-host/benches/reference/reference_verify.py "$origin" "$url" "$RUNS" > "$work/ref"
python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print("reference verdict: valid=%s errors=%s" % (r[-1]["valid"], r[-1]["errors"]))' "$work/ref"
inproc=$(python3 -c 'import json,sys; print("\n".join(str(json.loads(l)["ms"]) for l in open(sys.argv[1])))' "$work/ref" | tail -n +2 | median)

b_cold=$(printf '%s\n' "${cold[@]}" | median); b_warm=$(printf '%s\n' "${warm[@]}" | median)
r_proc=$(printf '%s\n' "${procs[@]}" | median)
echo
printf '%-58s %10s\n' "median wall time" "ms"
printf '%-58s %10.2f\n' "BadgeLens: whole process, cold cache" "$b_cold"
printf '%-58s %10.2f\n' "BadgeLens: whole process, warm cache" "$b_warm"
printf '%-58s %10.2f\n' "reference: whole process (Python start-up included)" "$r_proc"
printf '%-58s %10.2f\n' "reference: verify() only, warm interpreter" "$inproc"
awk -v b="$b_cold" -v w="$b_warm" -v p="$r_proc" -v i="$inproc" 'BEGIN {
  printf "ratio, whole process: reference / BadgeLens cold = %.0fx\n", p / b
  printf "ratio, reference verify() alone / BadgeLens whole process cold = %.1fx, warm = %.1fx\n", i / b, i / w }'
