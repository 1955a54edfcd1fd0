#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz preset: Clang, ASan + UBSan, NGCRT_FUZZ=ON) and fuzzes
# each for a bounded time, starting from a copy of its seed corpus (tests/fuzz/corpus/<name>),
# so the repository is never modified. Fails on any crash, sanitizer report, leak, timeout
# or broken invariant; the input that caused it is kept in build/fuzz/artifacts/<target>/.
#   bash scripts/fuzz.sh                 # every fuzz target, 60 s each
#   bash scripts/fuzz.sh 600 fuzz_npy    # one target, 10 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [seconds per target] [target...]" >&2
  exit 2
fi
bash scripts/deps.sh libclang-rt-14-dev

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

bin_dir=build/fuzz/tests/fuzz
targets=("$@")
if ((${#targets[@]} == 0)); then
  for t in fuzz_npy fuzz_c_api fuzz_c_family fuzz_c_synapse; do
    [ -x "$bin_dir/$t" ] && targets+=("$t")
  done
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()
for t in "${targets[@]}"; do
  if [ ! -x "$bin_dir/$t" ]; then
    echo "fuzz.sh: no fuzz target $t in $bin_dir" >&2
    exit 2
  fi
  seeds="tests/fuzz/corpus/${t#fuzz_}"
  corpus="$work/$t"
  mkdir -p "$corpus"
  [ -d "$seeds" ] && cp -R "$seeds"/. "$corpus"/
  artifacts="build/fuzz/artifacts/$t"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  log="build/fuzz/$t.log"
  echo "==== $t: ${seconds} s from $(find "$corpus" -type f | wc -l) seed(s) (log: $log)"
  start=$(date +%s)
  set +e
  "$bin_dir/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$rc" -ne 0 ]; then
    failed=1
    echo "FAILED: $t exited $rc after ${elapsed} s; last lines of $log:"
    tail -n 40 "$log"
    echo "reproducer(s) in $artifacts/:"
    ls -l "$artifacts"
    summary+=("$t: FAILED (exit $rc) after ${elapsed} s, ${execs:-?} executions")
  else
    summary+=("$t: ok, ${execs:-?} executions in ${elapsed} s, corpus ${units} inputs, no findings")
  fi
done

echo "==== fuzz summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
