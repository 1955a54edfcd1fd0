# Cortex-M7 bare metal (ARMv7E-M, FPv5 double-precision FPU, hard float): ngcrt's scalar
# kernel. Runs under qemu-system-arm -M mps2-an500 with semihosting.
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/cortex-m7.cmake ...
set(CMAKE_SYSTEM_PROCESSOR cortex-m7)
set(NGCRT_TARGET_NAME cortex-m7)
set(NGCRT_TARGET_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(NGCRT_QEMU_MACHINE mps2-an500)
set(NGCRT_FLASH 0x0)
set(NGCRT_FLASH_SIZE 0x400000)
set(NGCRT_RAM 0x20000000)
set(NGCRT_RAM_SIZE 0x400000)
include(${CMAKE_CURRENT_LIST_DIR}/common/arm-none-eabi-picolibc.cmake)
