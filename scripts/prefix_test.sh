#!/usr/bin/env bash
# ngcrt built against an xsimd found through its CMake package in a prefix, not through
# /usr/include (issue 16): Debian's xsimd headers and their own CMake config files are copied
# into a scratch prefix, in the layout they are installed in (the config files find the
# headers relative to themselves), then ngcrt is configured from a clean build directory
# with -Dxsimd_DIR=<prefix>/lib/<multiarch>/cmake/xsimd, the library and the tests that
# compile xsimd code are built, and ctest runs them. Fails if the configure did not take
# xsimd from the prefix, or if any compile read xsimd headers from anywhere else.
#   bash scripts/prefix_test.sh        (scripts/test.sh runs it; a few minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
bash scripts/deps.sh

# Where Debian installs xsimd's config: /usr/lib/<multiarch>/cmake/xsimd.
cfgdir=$(dirname "$(dpkg -L libxsimd-dev | grep '/xsimdConfig\.cmake$')")
rel=${cfgdir#/usr/}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
build=$work/build
mkdir -p "$prefix/include" "$prefix/$rel"
cp -r /usr/include/xsimd "$prefix/include/"
cp "$cfgdir"/*.cmake "$prefix/$rel/"
echo "prefix: $prefix (xsimd headers in include/, config in $rel/)"

fail() {
  echo "prefix_test: FAILED: $*" >&2
  exit 1
}

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ \
  -DNGCRT_BUILD_EXAMPLES=OFF -DNGCRT_BUILD_TOOLS=OFF -Dxsimd_DIR="$prefix/$rel" | tee "$work/configure.log"
grep -qF "ngcrt: xsimd 8.1.0, headers $prefix/include (find_package(xsimd CONFIG)" "$work/configure.log" ||
  fail "the configure did not take xsimd from the prefix's CMake package"
grep -qE "^xsimd_DIR:[A-Z]+=$prefix/$rel\$" "$build/CMakeCache.txt" || fail "xsimd_DIR is not the prefix's in CMakeCache.txt"
link=$(readlink "$build/ngcrt-deps/include/xsimd")
[ "$link" = "$prefix/include/xsimd" ] || fail "ngcrt-deps/include/xsimd links to $link, not the prefix's headers"

# The library (every x86 kernel) and the test programs whose own code includes xsimd.
targets=(ngcrt ngcrt_tests ngcrt_math_fingerprint ngcrt_linalg_tests)
cmake --build "$build" -j2 --target "${targets[@]}"

# The compiler's dependency files name every header each object read (GCC writes system
# headers' real paths, so the link's target shows): xsimd's must be the prefix's, never
# /usr/include's.
deps=$(find "$build" -name '*.o.d')
[ -n "$deps" ] || fail "no compiler dependency files (*.o.d) to check"
if grep -l '/usr/include/xsimd/' $deps; then
  fail "the objects above read xsimd from /usr/include"
fi
n=$(grep -l -e "$prefix/include/xsimd/xsimd.hpp" -e 'ngcrt-deps/include/xsimd/xsimd.hpp' $deps | wc -l)
[ "$n" -gt 0 ] || fail "no object read the prefix's xsimd/xsimd.hpp"
echo "prefix_test: $n objects read xsimd, all from $prefix/include (none from /usr/include)"

ctest --test-dir "$build" -j2 --output-on-failure --no-tests=error -R '^(ngcrt_tests|math_fingerprint|linalg)\['
echo "prefix_test: ok"
