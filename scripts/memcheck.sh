#!/usr/bin/env bash
# The host test programs under valgrind memcheck, run from the gcc preset's build (no build of
# their own): `ctest -T memcheck` runs each test program through valgrind with -q
# --error-exitcode=1 --leak-check=full, so a test fails when valgrind reports an error or a
# leak. valgrind 3.19 cannot run AVX-512 and its CPU says so, so the [avx512] entries skip
# themselves (exit 77) and the suites that try every kernel the CPU can run leave it out: what
# runs is every other kernel but SSE2: the entries of scalar and AVX2 (the scalar entry's
# cross-kernel cases also force SSE2), to keep CI short.
#
# What runs: the test programs (ngcrt_tests and the other suites for every kernel, the
# conformance, math and linalg tests, the replay parser tests, the C API test, the README and
# C examples, ngcrt-help, the demo). Left out: the entries that only build or drive other
# programs (the consumer and package builds, compile_fail, the Python-driven replay tests,
# the golden regenerators: the gcc stage has run them on this build), the error-policy
# programs (misuse on purpose; ASSERT's must die by a trap) and
# ngcrt_alloc_test, which replaces malloc and operator new as valgrind itself does (as under
# ASan).
#
# Some tests pass on their output alone (PASS_REGULAR_EXPRESSION: CTest then ignores the
# exit status), so this script also fails if valgrind logged anything (-q logs only errors).
#   bash scripts/memcheck.sh              # the gcc build (built here if missing)
#   bash scripts/memcheck.sh <build dir>  # another host build, e.g. RelWithDebInfo for line numbers
#   NGCRT_MEMCHECK_ORIGINS=1 bash scripts/memcheck.sh  # also say where an uninitialised value
#                                                      # came from (--track-origins: finds the
#                                                      # same errors, at about 1.6x the time)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh valgrind
build=${1:-build/gcc}
if [ "$build" = build/gcc ] && [ ! -f build/gcc/tests/ngcrt_tests ]; then
  cmake --preset gcc >/dev/null
  cmake --build --preset gcc
fi
[ -f "$build/CTestTestfile.cmake" ] || { echo "memcheck: no build in $build" >&2; exit 2; }

origins=""
if [ "${NGCRT_MEMCHECK_ORIGINS:-0}" = 1 ]; then
  origins="--track-origins=yes"
fi
# ctest's memory checker reads its command from the build's DartConfiguration.tcl (a file of
# CTest's dashboard mode, which nothing else here uses).
cat >"$build/DartConfiguration.tcl" <<EOF
SourceDirectory: $PWD
BuildDirectory: $(realpath "$build")
MemoryCheckType: Valgrind
MemoryCheckCommand: $(command -v valgrind)
MemoryCheckCommandOptions: -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible $origins --num-callers=40
EOF
rm -rf "$build/Testing/Temporary"/MemoryChecker.*.log
exclude='^(.*\[sse2\]|consumer\.add_subdirectory|compile_fail\.|error_policy\[|package\.|replay\.(roundtrip|errors|family|order)$|pcn_tool\.|.*_regenerate$|ngcrt_alloc_test$)'
log=$build/memcheck.log
set +e
ctest --test-dir "$build" -T memcheck -j2 --timeout 600 --no-tests=error --output-on-failure -E "$exclude" >"$log" 2>&1
rc=$?
set -e
grep -E '^ *[0-9]+/[0-9]+ MemCheck +#|tests passed|tests failed|Total Test time' "$log" || true
programs=$(grep -c -E '^ *[0-9]+/[0-9]+ MemCheck +#' "$log" || true)
skipped=$(grep -c -E 'MemCheck +#.*Skipped|Not Run' "$log" || true)
reports=$(cat "$build/Testing/Temporary"/MemoryChecker.*.log 2>/dev/null | grep -c -E '^==[0-9]+== ' || true)
if [ "$rc" -ne 0 ] || [ "$reports" -ne 0 ] || [ "$programs" -eq 0 ]; then
  echo "memcheck: FAILED (ctest exit $rc, $reports valgrind message line(s)); see $log and $build/Testing/Temporary/MemoryChecker.*.log (NGCRT_MEMCHECK_ORIGINS=1: where uninitialised values came from)"
  cat "$build/Testing/Temporary"/MemoryChecker.*.log 2>/dev/null | grep -E '^==[0-9]+== ' | head -n 60 || true
  exit 1
fi
echo "memcheck: $((programs - skipped)) test program run(s) under valgrind ($skipped skipped: AVX-512), 0 errors, 0 leaks"
