#!/usr/bin/env bash
# Builds ngcrt for every cross target and runs its tests under qemu:
#   bash scripts/cross.sh                 # all eight targets
#   bash scripts/cross.sh cortex-m4f ...  # some of them
# Each target is one CMake workflow preset (configure, build, test); any failure fails.
# Two targets run at a time (NGCRT_CROSS_LANES=1: one): a target's configure, link steps and
# the end of its test run leave a core idle, which the other target uses. Each target's
# output goes to build/<target>.log, printed when it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if ((${#targets[@]} == 0)); then
  # The longest first, so that the two lanes end together.
  targets=(aarch64-linux armv7-neon-linux riscv64-linux armv7-vfpv3-linux
           cortex-m55 cortex-a15 cortex-m7 cortex-m4f)
fi
lanes=${NGCRT_CROSS_LANES:-2}
bash scripts/deps.sh g++-aarch64-linux-gnu g++-arm-linux-gnueabihf g++-riscv64-linux-gnu qemu-user \
  gcc-arm-none-eabi picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc qemu-system-arm
mkdir -p build

# One target: its workflow, logged; prints the outcome and returns the workflow's status.
run_target() {
  local t=$1 start=$SECONDS rc=0
  cmake --workflow --preset "$t" >"build/$t.log" 2>&1 || rc=$?
  if ((rc == 0)); then
    echo "==== ${t}: passed in $((SECONDS - start)) s ($(grep -E 'tests passed' "build/$t.log" | tail -1))"
  else
    echo "==== ${t}: FAILED (exit $rc) after $((SECONDS - start)) s; the end of build/$t.log:"
    tail -n 60 "build/$t.log"
  fi
  return "$rc"
}

echo "==== cross: ${targets[*]} (${lanes} at a time; logs in build/<target>.log)"
failed=()
declare -A running=()  # pid -> target
for t in "${targets[@]}"; do
  while ((${#running[@]} >= lanes)); do
    pid=0
    wait -n -p pid "${!running[@]}" || failed+=("${running[$pid]}")
    unset "running[$pid]"
  done
  run_target "$t" &
  running[$!]=$t
done
while ((${#running[@]} > 0)); do
  pid=0
  wait -n -p pid "${!running[@]}" || failed+=("${running[$pid]}")
  unset "running[$pid]"
done
if ((${#failed[@]} > 0)); then
  echo "==== cross: FAILED: ${failed[*]}"
  exit 1
fi
echo "==== cross: all ${#targets[@]} targets passed"
