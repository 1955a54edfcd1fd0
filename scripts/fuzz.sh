#!/usr/bin/env bash
# Builds the libFuzzer targets (in the asan preset's build: Clang, ASan + UBSan, NGCRT_FUZZ=ON;
# the build preset fuzz builds only them) and fuzzes each for a bounded time, starting from a
# copy of its seed corpus (tests/fuzz/corpus/<name>), so the repository is never modified.
# The targets fuzz at the same time (one core each). Fails on any crash, sanitizer report,
# leak, timeout or broken invariant; the input that caused it is kept in
# build/asan/fuzz-artifacts/<target>/.
#   bash scripts/fuzz.sh                 # every fuzz target: fuzz_c_api (every error cell's C
#                                        # functions) 120 s on one core, fuzz_npy,
#                                        # fuzz_c_rate then fuzz_c_synapse 40 s each on
#                                        # the other
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

[ -f build/asan/CMakeCache.txt ] || cmake --preset asan >/dev/null
cmake --build --preset fuzz

bin_dir=build/asan/tests/fuzz
targets=("$@")
# Every target by default, fuzz_c_api for twice the time: it drives four cells' C functions
# (two targets did, each for the time given); the others share the second core in turn,
# for as long in all.
weighted=0
if ((${#targets[@]} == 0)); then
  weighted=1
  for t in fuzz_c_api fuzz_npy fuzz_c_rate fuzz_c_synapse; do
    [ -x "$bin_dir/$t" ] && targets+=("$t")
  done
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# fuzz_one <target> <seconds>: one fuzzing run from a copy of the target's seeds; prints a
# summary line (and, on a finding, the end of its log); returns non-zero on a finding.
fuzz_one() {
  local t=$1 t_seconds=$2 seeds corpus artifacts log start rc elapsed execs units
  seeds="tests/fuzz/corpus/${t#fuzz_}"
  corpus="$work/$t"
  mkdir -p "$corpus"
  [ -d "$seeds" ] && cp -R "$seeds"/. "$corpus"/
  artifacts="build/asan/fuzz-artifacts/$t"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  log="build/asan/$t.fuzz.log"
  echo "==== $t: ${t_seconds} s from $(find "$corpus" -type f | wc -l) seed(s) (log: $log)"
  start=$(date +%s)
  rc=0
  "$bin_dir/$t" -max_total_time="$t_seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || rc=$?
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$rc" -ne 0 ]; then
    echo "FAILED: $t exited $rc after ${elapsed} s; last lines of $log:"
    tail -n 40 "$log"
    echo "reproducer(s) in $artifacts/:"
    ls -l "$artifacts"
    echo "$t: FAILED (exit $rc) after ${elapsed} s, ${execs:-?} executions" >"$work/$t.summary"
  else
    echo "$t: ok, ${execs:-?} executions in ${elapsed} s, corpus ${units} inputs, no findings" >"$work/$t.summary"
  fi
  return "$rc"
}

# The targets run at the same time, one process each (libFuzzer uses one core).
for t in "${targets[@]}"; do
  if [ ! -x "$bin_dir/$t" ]; then
    echo "fuzz.sh: no fuzz target $t in $bin_dir" >&2
    exit 2
  fi
done
pids=()
if ((weighted)) && [ "${targets[0]}" = fuzz_c_api ]; then
  fuzz_one fuzz_c_api $((2 * seconds)) &
  pids+=($!)
  (
    rc=0
    # The second core's share, 2x the time like the first, split among its targets.
    share=$((2 * seconds / (${#targets[@]} - 1)))
    for t in "${targets[@]:1}"; do fuzz_one "$t" "$share" || rc=1; done
    exit "$rc"
  ) &
  pids+=($!)
else
  for t in "${targets[@]}"; do
    fuzz_one "$t" "$seconds" &
    pids+=($!)
  done
fi
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done

echo "==== fuzz summary"
for t in "${targets[@]}"; do cat "$work/$t.summary"; done
exit "$failed"
