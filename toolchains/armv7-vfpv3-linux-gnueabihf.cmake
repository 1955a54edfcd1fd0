# ARMv7-A Linux, hard float, VFPv3-D16, no NEON (Debian armhf's baseline): ngcrt's scalar
# kernel. Runs under qemu-arm.
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/armv7-vfpv3-linux-gnueabihf.cmake ...
# Debian: apt-get install g++-arm-linux-gnueabihf qemu-user
set(CMAKE_SYSTEM_PROCESSOR armv7-a)
set(NGCRT_TARGET_NAME armv7-vfpv3-linux)
set(NGCRT_TRIPLE arm-linux-gnueabihf)
set(NGCRT_QEMU qemu-arm)
set(NGCRT_TARGET_FLAGS "-march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard")
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu.cmake)
