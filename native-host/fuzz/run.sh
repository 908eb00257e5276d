#!/usr/bin/env bash
# Builds and runs every fuzz target for a bounded time, one process at a time.
#
#   bash native-host/fuzz/run.sh                 # 60 s per target
#   bash native-host/fuzz/run.sh --time 3600     # longer: N seconds per target
#   bash native-host/fuzz/run.sh --smoke         # a few seconds each, unoptimised build (CI: keeps the targets building)
#   bash native-host/fuzz/run.sh classify png_unbake   # only these targets
#   bash native-host/fuzz/run.sh --asan ...      # AddressSanitizer build (nightly features via RUSTC_BOOTSTRAP)
#
# Works on the stable toolchain: see README.md for why `-s none` is the
# default. Installs cargo-fuzz if it is missing. Exits non-zero when a target
# fails to build or finds a crash, a hang or a memory blow-up; the input is
# then in native-host/fuzz/artifacts/<target>/. Prints a table of seconds and
# executions per target (also written to logs/summary.tsv).
set -euo pipefail
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$fuzz_dir/../.." && pwd)"
cd "$root"

seconds=60
sanitizer=none
# The smoke run builds without optimisation (--dev): it compiles in about
# half the time, and a few seconds of fuzzing only prove the targets work.
build_mode=()
targets=()
while (($#)); do
  case "$1" in
    --smoke) seconds=5; build_mode=(--dev) ;;
    --time) seconds="${2:?--time needs a number of seconds}"; shift ;;
    --time=*) seconds="${1#--time=}" ;;
    --asan) sanitizer=address ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 64 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "run.sh: --time wants whole seconds, not $seconds" >&2; exit 64; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked
fi

# The sanitizer flag is the only nightly-only flag cargo-fuzz passes; the
# stable compiler accepts it when told it may (see README.md).
if [[ "$sanitizer" != none ]]; then
  export RUSTC_BOOTSTRAP=1
fi
fuzz() { cargo fuzz "$1" --fuzz-dir "$fuzz_dir" -s "$sanitizer" "${build_mode[@]}" "${@:2}"; }

echo "== building the fuzz targets (sanitizer: $sanitizer)"
if ((${#targets[@]} == 0)); then
  fuzz build
  mapfile -t targets < <(cargo fuzz list --fuzz-dir "$fuzz_dir")
else
  for t in "${targets[@]}"; do fuzz build "$t"; done
fi
mkdir -p "$fuzz_dir/logs"
summary="$fuzz_dir/logs/summary.tsv"
printf 'target\tseconds\texecutions\tresult\n' >"$summary"
status=0
for t in "${targets[@]}"; do
  corpus="$fuzz_dir/corpus/$t"
  seeds="$fuzz_dir/seeds/$t"
  artifacts="$fuzz_dir/artifacts/$t"
  logdir="$fuzz_dir/logs/$t"
  mkdir -p "$corpus" "$seeds" "$artifacts" "$logdir"
  rm -f "$logdir"/fuzz-*.log
  before=$(find "$artifacts" -type f | wc -l)
  args=(-max_total_time="$seconds" -jobs=1 -workers=1 -timeout=10 -rss_limit_mb=1024
        -artifact_prefix="$artifacts/" -print_final_stats=1)
  [[ -f "$fuzz_dir/dicts/$t.dict" ]] && args+=(-dict="$fuzz_dir/dicts/$t.dict")
  echo "== $t: ${seconds} s"
  # -jobs=1 runs the fuzzer in one child process that logs to ./fuzz-0.log.
  set +e
  (cd "$logdir" && fuzz run "$t" "$corpus" "$seeds" -- "${args[@]}") >"$logdir/run.txt" 2>&1
  rc=$?
  set -e
  log="$logdir/fuzz-0.log"
  [[ -f "$log" ]] || log="$logdir/run.txt"
  done_line=$(grep -Eo '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n1 || true)
  runs=$(awk '{print $2}' <<<"$done_line")
  took=$(awk '{print $5}' <<<"$done_line")
  after=$(find "$artifacts" -type f | wc -l)
  result="no finding"
  if ((rc != 0)) || ((after > before)) || [[ -z "$runs" ]] \
    || grep -Eq '^==[0-9]+== ERROR|panicked at|SUMMARY: libFuzzer|deadly signal' "$log"; then
    result="FAILED (exit $rc; see $log and $artifacts)"
    status=1
    tail -n 40 "$log" >&2 || true
  fi
  printf '%s\t%s\t%s\t%s\n' "$t" "${took:-?}" "${runs:-?}" "$result" >>"$summary"
  echo "   ${runs:-?} executions in ${took:-?} s: $result"
done
echo
column -t -s $'\t' "$summary" 2>/dev/null || cat "$summary"
exit "$status"
