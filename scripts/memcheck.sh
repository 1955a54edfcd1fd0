#!/usr/bin/env bash
# The host test programs under valgrind memcheck: the memcheck preset (GCC, RelWithDebInfo,
# kernels scalar, SSE2 and AVX2: valgrind 3.19 cannot run AVX-512). The preset runs every
# test program through valgrind (CMAKE_CROSSCOMPILING_EMULATOR, which add_test() prefixes to
# each built test executable) with -q --error-exitcode=1 --leak-check=full, so a test fails
# when valgrind reports an error or a leak. Its test preset skips the entries that only
# build or drive other programs (consumer, package and error_policy builds, compile_fail,
# the Python-driven replay tests, the golden regenerator) and ngcrt_alloc_test, which
# replaces malloc and operator new as valgrind itself does (as under ASan). What runs:
# ngcrt_tests and the conformance test for every kernel, the replay parser tests, the C
# API test, ngcrt-help, the README example and the demo.
#
# Some tests pass on their output alone (PASS_REGULAR_EXPRESSION: CTest then ignores the
# exit status), so this script also fails if any valgrind message (`==pid== ...`; -q prints
# only errors) appears in the output of any test.
#   bash scripts/memcheck.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh valgrind

cmake --preset memcheck >/dev/null
cmake --build --preset memcheck
log=build/memcheck/memcheck.log
set +e
ctest --preset memcheck -V >"$log" 2>&1
rc=$?
set -e
grep -E '^ *[0-9]+/[0-9]+ Test +#|tests passed|tests failed|Total Test time' "$log" || true
programs=$(grep -c -E '^[0-9]+: Test command: .*valgrind' "$log" || true)
errors=$(grep -c -E '^([0-9]+: )?==[0-9]+== ' "$log" || true)
if [ "$rc" -ne 0 ] || [ "$errors" -ne 0 ]; then
  echo "memcheck: FAILED (ctest exit $rc, $errors valgrind message line(s)); see $log"
  grep -E '^([0-9]+: )?==[0-9]+== ' "$log" | head -n 60 || true
  exit 1
fi
echo "memcheck: $programs test program run(s) under valgrind, 0 errors, 0 leaks"
