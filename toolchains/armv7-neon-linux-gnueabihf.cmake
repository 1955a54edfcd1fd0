# ARMv7-A Linux, hard float, with NEON and VFPv4: ngcrt's neon kernel. Runs under qemu-arm.
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/armv7-neon-linux-gnueabihf.cmake ...
# Debian's armhf default is VFPv3-D16 without NEON; -mfpu=neon-vfpv4 turns NEON on.
# Debian: apt-get install g++-arm-linux-gnueabihf qemu-user
set(CMAKE_SYSTEM_PROCESSOR armv7-a)
set(NGCRT_TARGET_NAME armv7-neon-linux)
set(NGCRT_TRIPLE arm-linux-gnueabihf)
set(NGCRT_QEMU qemu-arm)
set(NGCRT_TARGET_FLAGS "-march=armv7-a -mfpu=neon-vfpv4 -mfloat-abi=hard")
include(${CMAKE_CURRENT_LIST_DIR}/common/linux-gnu.cmake)
