#!/usr/bin/env bash
# The whole test suite (what CI runs), installing missing Debian packages first:
#   1. host: formatting (clang-format); GCC: warnings as errors, firmware flags on the library,
#      the consumer's aggressive flags on the whole build (-ffp-contract=fast -funroll-loops:
#      every golden checks they change no bit), every public header on its own, every x86
#      kernel, the C API's C test, a consumer project (add_subdirectory, debug flags), the
#      CMake package (find_package against this build, installed and as a build tree), the
#      error policies, xsimd found through its CMake package in a scratch prefix (the gcc
#      build is configured that way: scripts/prefix_test.sh); ngcrt::math on every 2nd of the
#      2^32 floats (NGCRT_MATH_STRIDE=1: all);
#   2. Clang and hardening: the Clang build of everything (asan preset: warnings as errors,
#      compile-fail checks, every test) run under ASan + UBSan, which also builds the fuzz
#      targets; valgrind memcheck on the gcc build; clang-tidy + cppcheck on include/ and
#      src/; each fuzz target for a bounded time;
#   3. every cross target under qemu (scripts/cross.sh).
# docs/testing.md lists every check, where it runs and what each stage costs.
#   bash scripts/test.sh            # everything
#   bash scripts/test.sh host       # 1 only
set -euo pipefail
cd "$(dirname "$0")/.."

# stage <name> <what it checks> <command...>: runs the command, then prints its time and
# records it in build/stage-times.tsv (tools/stage_times.py renders that into docs/testing.md).
mkdir -p build
times=build/stage-times.tsv
printf 'stage\tseconds\n' >"$times"
stage() {
  local name=$1 what=$2 t0=$SECONDS
  shift 2
  echo "==== ${name}: ${what}"
  "$@"
  echo "==== ${name}: passed in $((SECONDS - t0)) s"
  printf '%s\t%s\n' "$name" "$((SECONDS - t0))" >>"$times"
}

# The gcc preset, configured with xsimd from a scratch prefix's CMake package (issue 16's
# check, scripts/prefix_test.sh), then the checks that it took xsimd from there only.
gcc_with_prefix() {
  local xsimd_dir
  mkdir -p build
  xsimd_dir=$(bash scripts/prefix_test.sh prefix build/xsimd-prefix)
  # A tree configured with another xsimd has objects that read it: start that one afresh.
  if [ -f build/gcc/CMakeCache.txt ] && ! grep -qE "^xsimd_DIR:[A-Z]+=$xsimd_dir\$" build/gcc/CMakeCache.txt; then
    rm -rf build/gcc
  fi
  cmake --preset gcc -Dxsimd_DIR="$xsimd_dir" | tee build/gcc.configure.log
  cmake --build --preset gcc
  ctest --preset gcc
  bash scripts/prefix_test.sh check build/xsimd-prefix build/gcc build/gcc.configure.log
}

stage deps "the Debian packages the suite needs (scripts/deps.sh)" bash scripts/deps.sh
stage format "clang-format --dry-run -Werror on every C, C++ and header file" bash scripts/format.sh --check
stage gcc "configure (xsimd from a prefix's CMake package), build, test" gcc_with_prefix
# CI checks every NGCRT_MATH_STRIDE-th float pattern (2: 2^31 per function, half the time of
# all 2^32 on a core without AVX-512); NGCRT_MATH_STRIDE=1 (or the program alone) checks all.
stage math "ngcrt::math accuracy, every ${NGCRT_MATH_STRIDE:-2}th of the 2^32 floats and ${NGCRT_MATH_DOUBLES:-20000000} random doubles per function" \
  build/gcc/tests/math/ngcrt_math_exhaustive --stride "${NGCRT_MATH_STRIDE:-2}" --count "${NGCRT_MATH_DOUBLES:-20000000}"
if [ "${1:-all}" = "host" ]; then
  exit 0
fi
stage asan-deps "the sanitizer runtime" bash scripts/deps.sh libclang-rt-14-dev
stage asan "Clang: the host suite under AddressSanitizer + UndefinedBehaviorSanitizer; the fuzz targets built" \
  cmake --workflow --preset asan
stage memcheck "the host suite under valgrind" bash scripts/memcheck.sh
stage analyze "clang-tidy and cppcheck" bash scripts/analyze.sh
stage fuzz "each fuzz target for a bounded time (fuzz_c_api twice ${NGCRT_FUZZ_SECONDS:-15} s on one core, the others in turn on the other)" \
  bash scripts/fuzz.sh "${NGCRT_FUZZ_SECONDS:-15}"
stage cross "every cross target under qemu, two at a time (scripts/cross.sh)" bash scripts/cross.sh
