# Which step kernels a build compiles, with which flags, and whether it dispatches at run time.
#
#   x86-64 host:  scalar sse2 avx2 avx512, chosen at run time (NGCRT_RUNTIME_DISPATCH ON).
#   AArch64:      neon64
#   32-bit Arm:   neon when the compiler flags enable NEON (__ARM_NEON: -mfpu=neon*),
#                 helium when they enable Helium with floating point (MVE-FP: Cortex-M55,
#                 M85; xsimd has no Helium, src/kernels/helium.cpp uses arm_mve.h),
#                 else scalar (Cortex-M4F, M7, M33, ...)
#   anything else (RISC-V, ...): scalar
#   (one kernel, chosen at compile time: firmware carries no dispatch code).
#
# Override with -DNGCRT_KERNELS="scalar;avx2" -DNGCRT_RUNTIME_DISPATCH=ON|OFF.

# The kernels ngcrt has: NGCRT_KERNEL_LIST in include/ngcrt/kernel.hpp, the one list (each a
# translation unit src/kernels/<name>.cpp and flags below).
file(READ ${CMAKE_CURRENT_LIST_DIR}/../include/ngcrt/kernel.hpp _ngcrt_kernel_hpp)
string(REGEX MATCHALL "\n *X\\([a-z0-9]+," _ngcrt_list_items "${_ngcrt_kernel_hpp}")
set(NGCRT_ALL_KERNELS "")
foreach(_item IN LISTS _ngcrt_list_items)
  string(REGEX REPLACE "^\n *X\\(([a-z0-9]+),$" "\\1" _name "${_item}")
  list(APPEND NGCRT_ALL_KERNELS ${_name})
endforeach()
if(NOT NGCRT_ALL_KERNELS)
  message(FATAL_ERROR "ngcrt: no kernel list found in include/ngcrt/kernel.hpp")
endif()

set(_ngcrt_proc "${CMAKE_SYSTEM_PROCESSOR}")
string(TOLOWER "${_ngcrt_proc}" _ngcrt_proc)

if(_ngcrt_proc MATCHES "^(x86_64|amd64|x64)$")
  set(_ngcrt_default_kernels scalar sse2 avx2 avx512)
  set(_ngcrt_default_dispatch ON)
elseif(_ngcrt_proc MATCHES "^(aarch64|arm64)$")
  set(_ngcrt_default_kernels neon64)
  set(_ngcrt_default_dispatch OFF)
elseif(_ngcrt_proc MATCHES "^(arm|cortex)")
  include(CheckCXXSourceCompiles)
  check_cxx_source_compiles("#ifndef __ARM_NEON\n#error no NEON\n#endif\nint main() { return 0; }"
                            NGCRT_COMPILER_HAS_ARM_NEON)
  check_cxx_source_compiles("#if !defined(__ARM_FEATURE_MVE) || !(__ARM_FEATURE_MVE & 2)\n#error no MVE FP\n#endif\nint main() { return 0; }"
                            NGCRT_COMPILER_HAS_MVE_FP)
  if(NGCRT_COMPILER_HAS_ARM_NEON)
    set(_ngcrt_default_kernels neon)
  elseif(NGCRT_COMPILER_HAS_MVE_FP)
    set(_ngcrt_default_kernels helium)
  else()
    set(_ngcrt_default_kernels scalar)
  endif()
  set(_ngcrt_default_dispatch OFF)
else()
  set(_ngcrt_default_kernels scalar)
  set(_ngcrt_default_dispatch OFF)
endif()

set(NGCRT_KERNELS "${_ngcrt_default_kernels}" CACHE STRING "Step kernels to compile (of: ${NGCRT_ALL_KERNELS})")
option(NGCRT_RUNTIME_DISPATCH "Choose among NGCRT_KERNELS at run time" ${_ngcrt_default_dispatch})

list(LENGTH NGCRT_KERNELS _ngcrt_nk)
if(_ngcrt_nk EQUAL 0)
  message(FATAL_ERROR "ngcrt: NGCRT_KERNELS is empty")
endif()
if(NOT NGCRT_RUNTIME_DISPATCH AND _ngcrt_nk GREATER 1)
  message(FATAL_ERROR "ngcrt: without NGCRT_RUNTIME_DISPATCH exactly one kernel is compiled (got: ${NGCRT_KERNELS})")
endif()

# Per-ISA flags: only the kernel's own translation unit gets them.
set(_ngcrt_flags_scalar "")
set(_ngcrt_flags_sse2 -msse2)
set(_ngcrt_flags_avx2 -mavx2)
set(_ngcrt_flags_avx512 -mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12's AVX-512 shift intrinsics start from _mm512_undefined_epi32(), which its own
  # -Wuninitialized then reports (GCC bug 105593, fixed in 13): ngcrt's exp/log shift bit
  # patterns (src/math/ops_xsimd.hpp).
  list(APPEND _ngcrt_flags_avx512 -Wno-uninitialized)
endif()
set(_ngcrt_flags_neon "")    # the toolchain file selects -mfpu=neon-vfpv4 -mfloat-abi=hard
if(CMAKE_SYSTEM_NAME STREQUAL "Generic")
  # xsimd's allocator header uses posix_memalign, which newlib/picolibc declare only then.
  set(_ngcrt_flags_neon -D_POSIX_C_SOURCE=200112L)
endif()
set(_ngcrt_flags_neon64 "")  # NEON is baseline on AArch64
set(_ngcrt_flags_helium "")  # the toolchain file selects the core (-mcpu=cortex-m55)
foreach(k IN LISTS NGCRT_ALL_KERNELS)
  if(NOT DEFINED _ngcrt_flags_${k})
    message(FATAL_ERROR "ngcrt: kernel '${k}' (include/ngcrt/kernel.hpp) has no flags in cmake/NgcrtKernels.cmake")
  endif()
endforeach()

# xsimd (header-only, needed only by the SIMD kernels): _ngcrt_find_xsimd() finds it through
# its CMake package, else by hand, and checks its version (cmake/NgcrtDeps.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/NgcrtDeps.cmake)

function(ngcrt_add_kernels target)
  set(_need_xsimd OFF)
  foreach(k IN LISTS NGCRT_ALL_KERNELS)  # 1 for each kernel compiled in, 0 for the others
    if(k IN_LIST NGCRT_KERNELS)
      target_compile_definitions(${target} PRIVATE NGCRT_HAVE_KERNEL_${k}=1)
    else()
      target_compile_definitions(${target} PRIVATE NGCRT_HAVE_KERNEL_${k}=0)
    endif()
  endforeach()
  foreach(k IN LISTS NGCRT_KERNELS)
    if(NOT k IN_LIST NGCRT_ALL_KERNELS)
      message(FATAL_ERROR "ngcrt: unknown kernel '${k}' (the list: ${NGCRT_ALL_KERNELS})")
    endif()
    set(_src ${PROJECT_SOURCE_DIR}/src/kernels/${k}.cpp)
    target_sources(${target} PRIVATE ${_src})
    if(_ngcrt_flags_${k})
      set_source_files_properties(${_src} TARGET_DIRECTORY ${target} PROPERTIES COMPILE_OPTIONS "${_ngcrt_flags_${k}}")
    endif()
    if(NOT k MATCHES "^(scalar|helium)$")
      set(_need_xsimd ON)
    endif()
  endforeach()
  if(NGCRT_RUNTIME_DISPATCH)
    target_compile_definitions(${target} PRIVATE NGCRT_RUNTIME_DISPATCH=1)
  endif()
  # Helium (MVE) floating point, like ARMv7 NEON, flushes subnormals to zero whatever
  # FPSCR says, yet GCC auto-vectorises plain float loops into it. The library's C loops
  # stay scalar there (IEEE VFP), or a subnormal Sigma, error or product would lose its
  # bits (the conformance test's tiny40 case shows it on Cortex-M55); the helium kernel
  # uses Helium explicitly, and checks for flushes (src/kernels/helium.cpp).
  if(NGCRT_COMPILER_HAS_MVE_FP)
    target_compile_options(${target} PRIVATE -fno-tree-vectorize)
  endif()
  # GCC 12's loop store motion stores a step's last row again after the loop (three
  # redundant 64-byte stores per AVX-512 step, found in its optimized tree dump).
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-fno-move-loop-stores NGCRT_HAS_NO_MOVE_LOOP_STORES)
  if(NGCRT_HAS_NO_MOVE_LOOP_STORES)
    target_compile_options(${target} PRIVATE -fno-move-loop-stores)
  endif()
  if(_need_xsimd)
    _ngcrt_find_xsimd(_xsimd_dir)
    # SYSTEM matters: some xsimd releases do not compile under -Werror -Wpedantic
    # -fno-exceptions as user headers (9.0: throw in its allocator; 14.x: __int128).
    target_include_directories(${target} SYSTEM PRIVATE ${_xsimd_dir})
  endif()
  message(STATUS "ngcrt: kernels ${NGCRT_KERNELS}; runtime dispatch ${NGCRT_RUNTIME_DISPATCH}")
endfunction()
