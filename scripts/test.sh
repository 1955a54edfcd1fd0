#!/usr/bin/env bash
# Builds ngcrt with GCC and with Clang (warnings as errors, firmware flags on the library,
# every public header on its own) and runs the whole test suite with each.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
for preset in gcc clang; do
  echo "==== ${preset}: configure, build, test"
  cmake --workflow --preset "$preset"
done
