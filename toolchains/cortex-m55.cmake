# Cortex-M55 bare metal (ARMv8.1-M with Helium/MVE and FPU, hard float): ngcrt's scalar
# kernel (xsimd has no Helium backend). Runs under qemu-system-arm -M mps3-an547.
#   cmake -DCMAKE_TOOLCHAIN_FILE=toolchains/cortex-m55.cmake ...
set(CMAKE_SYSTEM_PROCESSOR cortex-m55)
set(NGCRT_TARGET_NAME cortex-m55)
set(NGCRT_TARGET_FLAGS "-mcpu=cortex-m55 -mthumb -mfloat-abi=hard")
set(NGCRT_QEMU_MACHINE mps3-an547)
set(NGCRT_FLASH 0x0)            # 512 KiB ITCM: the core boots from its vector table at 0
set(NGCRT_FLASH_SIZE 0x80000)
set(NGCRT_RAM 0x60000000)       # 16 MiB of the board's DDR (the 512 KiB DTCM at 0x20000000
set(NGCRT_RAM_SIZE 0x1000000)   # also works, for programs that fit it)
include(${CMAKE_CURRENT_LIST_DIR}/common/arm-none-eabi-picolibc.cmake)
