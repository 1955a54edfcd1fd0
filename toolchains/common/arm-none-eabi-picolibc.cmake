# Shared part of the bare-metal Arm toolchain files: GCC arm-none-eabi with picolibc, whose
# semihosting crt0 brings the vector table, FPU enable, stack, .data/.bss setup, argv,
# printf to the host and exit(status) to the host. A consumer needs no startup file and
# no linker script: an ordinary main() that prints and returns links and runs as is.
#
# The including file sets:
#   NGCRT_TARGET_NAME   short name, printed by the tests
#   NGCRT_TARGET_FLAGS  -mcpu/-mfpu/-mfloat-abi (the multilib is chosen from these)
#   NGCRT_QEMU_MACHINE  qemu-system-arm machine (mps2-an386, ...)
#   NGCRT_FLASH NGCRT_FLASH_SIZE NGCRT_RAM NGCRT_RAM_SIZE   the machine's memory map
# Debian: apt-get install gcc-arm-none-eabi picolibc-arm-none-eabi
#         libstdc++-arm-none-eabi-picolibc qemu-system-arm
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_C_FLAGS_INIT "${NGCRT_TARGET_FLAGS} --specs=picolibc.specs -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${NGCRT_TARGET_FLAGS} --specs=picolibcpp.specs -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${NGCRT_TARGET_FLAGS}")
# The specs are in the compile flags, which CMake also passes when linking (naming them
# twice is an error).
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "--oslib=semihost --crt0=semihost \
-Wl,--defsym=__flash=${NGCRT_FLASH} -Wl,--defsym=__flash_size=${NGCRT_FLASH_SIZE} \
-Wl,--defsym=__ram=${NGCRT_RAM} -Wl,--defsym=__ram_size=${NGCRT_RAM_SIZE} -Wl,--gc-sections")

# Nothing from the host: never /usr/include (glibc headers), never host libraries.
set(CMAKE_FIND_ROOT_PATH /usr/lib/picolibc/arm-none-eabi)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Programs run in qemu-system-arm with semihosting: their output reaches ctest, their
# exit status is the test's, a fault exits non-zero and a hang is killed by a timeout.
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/qemu-system-arm-run.sh ${NGCRT_QEMU_MACHINE})
