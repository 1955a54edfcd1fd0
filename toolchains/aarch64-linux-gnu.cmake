# AArch64 Linux (ARMv8-A, NEON baseline): ngcrt's neon64 kernel. Runs under qemu-aarch64.
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/aarch64-linux-gnu.cmake ...
# Debian: apt-get install g++-aarch64-linux-gnu qemu-user
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(NGCRT_TARGET_NAME aarch64-linux)
set(NGCRT_TRIPLE aarch64-linux-gnu)
set(NGCRT_QEMU qemu-aarch64)
set(NGCRT_TARGET_FLAGS "")
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu.cmake)
