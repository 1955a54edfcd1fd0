#!/usr/bin/env bash
# Builds ngcrt for every cross target and runs its tests under qemu:
#   bash scripts/cross.sh                 # all eight targets
#   bash scripts/cross.sh cortex-m4f ...  # some of them
# Each target is one CMake workflow preset (configure, build, test); any failure fails.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(aarch64-linux armv7-neon-linux armv7-vfpv3-linux riscv64-linux
           cortex-m4f cortex-m7 cortex-m55 cortex-a15)
fi
bash scripts/deps.sh g++-aarch64-linux-gnu g++-arm-linux-gnueabihf g++-riscv64-linux-gnu qemu-user \
  gcc-arm-none-eabi picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc qemu-system-arm
for t in "${targets[@]}"; do
  echo "==== ${t}: configure, build, test"
  start=$(date +%s)
  cmake --workflow --preset "$t"
  echo "==== ${t}: passed in $(( $(date +%s) - start )) s"
done
