# RISC-V 64 Linux (RV64GC): ngcrt's scalar kernel (xsimd has no RISC-V backend in 8.1).
# Runs under qemu-riscv64.
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/riscv64-linux-gnu.cmake ...
# Debian: apt-get install g++-riscv64-linux-gnu qemu-user
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(NGCRT_TARGET_NAME riscv64-linux)
set(NGCRT_TRIPLE riscv64-linux-gnu)
set(NGCRT_QEMU qemu-riscv64)
set(NGCRT_TARGET_FLAGS "")
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu.cmake)
