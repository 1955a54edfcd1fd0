# Cortex-A15 bare metal (ARMv7-A, NEON + VFPv4, hard float): ngcrt's neon kernel.
# Runs under qemu-system-arm -M vexpress-a15 with semihosting.
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/cortex-a15.cmake ...
set(CMAKE_SYSTEM_PROCESSOR cortex-a15)
set(NGCRT_TARGET_NAME cortex-a15)
set(NGCRT_TARGET_FLAGS "-mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard")
set(NGCRT_QEMU_MACHINE vexpress-a15)
set(NGCRT_FLASH 0x80000000)     # the board's DRAM: qemu loads the ELF there
set(NGCRT_FLASH_SIZE 0x1000000)
set(NGCRT_RAM 0x81000000)
set(NGCRT_RAM_SIZE 0x1000000)
include(${CMAKE_CURRENT_LIST_DIR}/common/arm-none-eabi-picolibc.cmake)
