# Cortex-M4F bare metal (ARMv7E-M, FPv4-SP single-precision FPU, hard float): ngcrt's scalar
# kernel. Runs under qemu-system-arm -M mps2-an386 with semihosting.
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/cortex-m4f.cmake ...
set(CMAKE_SYSTEM_PROCESSOR cortex-m4)
set(NGCRT_TARGET_NAME cortex-m4f)
set(NGCRT_TARGET_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(NGCRT_QEMU_MACHINE mps2-an386)
set(NGCRT_FLASH 0x0)        # 4 MiB SSRAM1, where the board boots from
set(NGCRT_FLASH_SIZE 0x400000)
set(NGCRT_RAM 0x20000000)   # 4 MiB SSRAM2/3
set(NGCRT_RAM_SIZE 0x400000)
include(${CMAKE_CURRENT_LIST_DIR}/common/arm-none-eabi-picolibc.cmake)
