#!/usr/bin/env bash
# The whole test suite (what CI runs), installing missing Debian packages first:
#   1. host: formatting (clang-format); GCC and Clang: warnings as errors, firmware flags on
#      the library, every public header on its own, every x86 kernel, the C API's C test, consumer projects
#      (add_subdirectory, find_package), the error policies; ngcrt built against an xsimd
#      found through its CMake package in a scratch prefix (scripts/prefix_test.sh);
#   2. hardening: the host suite under ASan + UBSan (asan preset) and valgrind memcheck,
#      clang-tidy + cppcheck on include/ and src/, each fuzz target for a bounded time;
#   3. every cross target under qemu (scripts/cross.sh).
#   bash scripts/test.sh            # everything
#   bash scripts/test.sh host       # 1 only
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
echo "==== format: clang-format --dry-run -Werror on every C, C++ and header file"
bash scripts/format.sh --check
for preset in gcc clang; do
  echo "==== ${preset}: configure, build, test"
  cmake --workflow --preset "$preset"
done
echo "==== prefix: xsimd found through its CMake package in a scratch prefix (-Dxsimd_DIR), not /usr/include"
bash scripts/prefix_test.sh
echo "==== math: ngcrt::math accuracy, all 2^32 floats and 10^8 random doubles per function (a few minutes)"
build/gcc/tests/math/ngcrt_math_exhaustive
if [ "${1:-all}" = "host" ]; then
  exit 0
fi
echo "==== asan: the host suite under AddressSanitizer + UndefinedBehaviorSanitizer"
bash scripts/deps.sh libclang-rt-14-dev
cmake --workflow --preset asan
echo "==== memcheck: the host suite under valgrind"
bash scripts/memcheck.sh
echo "==== analyze: clang-tidy and cppcheck"
bash scripts/analyze.sh
echo "==== fuzz: each target for ${NGCRT_FUZZ_SECONDS:-45} s"
bash scripts/fuzz.sh "${NGCRT_FUZZ_SECONDS:-45}"
bash scripts/cross.sh
