#!/usr/bin/env bash
# Builds and runs the real-time demo (a 64-unit cell tracking noisy signals at 1 kHz).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake --preset gcc >/dev/null
cmake --build --preset demo
./build/gcc/examples/ngcrt-demo "$@"
