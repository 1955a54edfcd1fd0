#!/usr/bin/env bash
# ngcrt built against an xsimd found through its CMake package in a prefix, not through
# /usr/include (issue 16): Debian's xsimd headers and their own CMake config files are copied
# into a scratch prefix, in the layout they are installed in (the config files find the
# headers relative to themselves), ngcrt is configured from a clean build directory with
# -Dxsimd_DIR=<prefix>/lib/<multiarch>/cmake/xsimd and built, and ctest runs it. Fails if the
# configure did not take xsimd from the prefix, or if any compile read xsimd headers from
# anywhere else.
#   bash scripts/prefix_test.sh          a scratch prefix and build of its own: the library and
#                                        the tests that compile xsimd code (a few minutes)
# scripts/test.sh instead builds its gcc preset this way, so the check costs no build of its own:
#   bash scripts/prefix_test.sh prefix <dir>                 makes the prefix in <dir>, prints the
#                                                            xsimd_DIR to configure with
#   bash scripts/prefix_test.sh check <dir> <build> <log>    checks <build>, configured with it
#                                                            (<log>: the configure's output)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD

fail() {
  echo "prefix_test: FAILED: $*" >&2
  exit 1
}

# Where Debian installs xsimd's config: /usr/lib/<multiarch>/cmake/xsimd.
config_dir() { dirname "$(dpkg -L libxsimd-dev | grep '/xsimdConfig\.cmake$')"; }

# make_prefix <dir>: the copy (timestamps kept: copying again makes nothing rebuild); prints
# the xsimd_DIR.
make_prefix() {
  local prefix=$1 cfgdir rel
  cfgdir=$(config_dir)
  rel=${cfgdir#/usr/}
  mkdir -p "$prefix/include" "$prefix/$rel"
  cp -a /usr/include/xsimd "$prefix/include/"
  cp -a "$cfgdir"/*.cmake "$prefix/$rel/"
  echo "$prefix/$rel"
}

# check <prefix> <build> <configure log>
check() {
  local prefix=$1 build=$2 log=$3 rel link deps n
  rel=$(config_dir)
  rel=${rel#/usr/}
  grep -qE "ngcrt: xsimd [0-9.]+, headers $prefix/include \(find_package\(xsimd CONFIG\)" "$log" ||
    fail "the configure did not take xsimd from the prefix's CMake package"
  grep -qE "^xsimd_DIR:[A-Z]+=$prefix/$rel\$" "$build/CMakeCache.txt" || fail "xsimd_DIR is not the prefix's in CMakeCache.txt"
  link=$(readlink "$build/ngcrt-deps/include/xsimd")
  [ "$link" = "$prefix/include/xsimd" ] || fail "ngcrt-deps/include/xsimd links to $link, not the prefix's headers"
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
}

case "${1:-}" in
  prefix)
    make_prefix "$(realpath -m "$2")"
    exit 0
    ;;
  check)
    check "$(realpath -m "$2")" "$3" "$4"
    echo "prefix_test: ok"
    exit 0
    ;;
  "") ;;
  *)
    echo "usage: $0 [prefix <dir> | check <prefix dir> <build dir> <configure log>]" >&2
    exit 2
    ;;
esac

bash scripts/deps.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
build=$work/build
xsimd_dir=$(make_prefix "$prefix")
echo "prefix: $prefix (xsimd headers in include/, config in ${xsimd_dir#$prefix/}/)"

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ \
  -DNGCRT_BUILD_EXAMPLES=OFF -DNGCRT_BUILD_TOOLS=OFF -Dxsimd_DIR="$xsimd_dir" | tee "$work/configure.log"
# The library (every x86 kernel) and the test programs whose own code includes xsimd.
targets=(ngcrt ngcrt_tests ngcrt_math_fingerprint ngcrt_linalg_tests)
cmake --build "$build" -j2 --target "${targets[@]}"
check "$prefix" "$build" "$work/configure.log"
ctest --test-dir "$build" -j2 --output-on-failure --no-tests=error -R '^(ngcrt_tests|math_fingerprint|linalg)\['
echo "prefix_test: ok"
