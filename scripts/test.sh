#!/usr/bin/env bash
# The whole test suite: the host build with GCC and with Clang (warnings as errors,
# firmware flags on the library, every public header on its own, every x86 kernel), then
# every cross target under qemu (scripts/cross.sh). Installs missing Debian packages first.
#   bash scripts/test.sh            # everything (what CI runs)
#   bash scripts/test.sh host       # host only
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
for preset in gcc clang; do
  echo "==== ${preset}: configure, build, test"
  cmake --workflow --preset "$preset"
done
if [ "${1:-all}" != "host" ]; then
  bash scripts/cross.sh
fi
