# Shared part of the Linux cross toolchain files. The including file sets:
#   NGCRT_TRIPLE        GNU triple of the Debian cross compiler (aarch64-linux-gnu, ...)
#   NGCRT_QEMU          qemu-user binary that runs the target's programs
#   NGCRT_TARGET_FLAGS  architecture flags for every C/C++ compile and link
#   NGCRT_TARGET_NAME   short name, printed by the tests
# Debian packages: g++-<triple> and qemu-user.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${NGCRT_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${NGCRT_TRIPLE}-g++)
set(CMAKE_C_FLAGS_INIT "${NGCRT_TARGET_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${NGCRT_TARGET_FLAGS}")

# Libraries and headers come from the target's sysroot; programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${NGCRT_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# ctest (and anything else that runs a target program) goes through qemu-user; the
# target's dynamic loader and libraries are found under -L. No binfmt needed.
set(CMAKE_CROSSCOMPILING_EMULATOR ${NGCRT_QEMU} -L /usr/${NGCRT_TRIPLE})
