# Where ngcrt's build finds its header-only dependencies: xsimd (SIMD kernels, minimum 8.1)
# and, for the tests, Catch2 v2. Google Benchmark (bench/) is found by bench/CMakeLists.txt
# with a plain find_package(benchmark), which is config mode: there is no by-hand fallback.
#
# Each is looked for in this order:
#   1. an explicit include directory, -DNGCRT_XSIMD_INCLUDE_DIR=<dir holding xsimd/> or
#      -DNGCRT_CATCH2_INCLUDE_DIR=<dir holding catch2/>, used as given (e.g. to build against
#      another xsimd release's headers);
#   2. the package's own CMake config, find_package(xsimd CONFIG) / find_package(Catch2 2 CONFIG),
#      so that -Dxsimd_DIR=..., -DCatch2_DIR=..., CMAKE_PREFIX_PATH and package managers work;
#   3. a fallback: the header searched by hand in /usr/include and /usr/local/include.
#
# The fallback exists because a config package is not always there or usable:
#   - a cross build does not see the host's: a bare-metal toolchain confines find_package to
#     its sysroot (toolchains/common/arm-none-eabi-picolibc.cmake:
#     CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY), and Debian 12 installs xsimd's config under the
#     host's multiarch directory (/usr/lib/x86_64-linux-gnu/cmake/xsimd), which a build for
#     another architecture does not search, although the headers are the same for every target;
#   - headers installed without CMake files (a copy, a distribution that ships none);
#   - a config that is found but broken: its target missing, or its include directory without
#     the header.
#
# Only a package's include directory is used, never its imported target, for three reasons:
#   - Debian 12's xsimd target (libxsimd-dev 8.1.0-7) links `xtl`, a package libxsimd-dev does
#     not depend on and whose config xsimd's does not load: linking the target fails with
#     "cannot find -lxtl", and installing Debian's xtl-dev does not change that (checked);
#   - ngcrt is a static library: a target linked to it, even PRIVATE, is named in the exported
#     ngcrt::ngcrt, and every consumer of ngcrt's package would have to find xsimd too. The
#     headers are used by ngcrt's own sources only: the package needs nothing (cmake/ngcrtConfig.cmake.in);
#   - the imported targets' include directory is /usr/include on Debian, and a cross compiler
#     must never see the host's C library headers. So the headers are reached through a
#     build-tree directory holding just a link to their subdirectory (xsimd/, catch2/).

# <out> = a build-tree directory ngcrt-deps/<linkdir> holding only a link named <subdir> to
# <include_dir>/<subdir>, remade when <include_dir> changes.
function(_ngcrt_link_headers out linkdir include_dir subdir)
  set(_dir ${CMAKE_BINARY_DIR}/ngcrt-deps/${linkdir})
  file(MAKE_DIRECTORY ${_dir})
  set(_target ${include_dir}/${subdir})
  if(IS_SYMLINK ${_dir}/${subdir})
    file(READ_SYMLINK ${_dir}/${subdir} _old)
    if(NOT _old STREQUAL _target)
      file(REMOVE ${_dir}/${subdir})
    endif()
  endif()
  if(NOT EXISTS ${_dir}/${subdir})
    file(CREATE_LINK ${_target} ${_dir}/${subdir} SYMBOLIC)
  endif()
  set(${out} ${_dir} PARENT_SCOPE)
endfunction()

# <out> = the first directory of <target>'s INTERFACE_INCLUDE_DIRECTORIES holding <header>,
# or empty (no such target, or no such directory: a broken config).
function(_ngcrt_target_header_dir out target header)
  set(${out} "" PARENT_SCOPE)
  if(NOT TARGET ${target})
    return()
  endif()
  get_target_property(_dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
  foreach(_d IN LISTS _dirs)
    if(EXISTS ${_d}/${header})
      set(${out} ${_d} PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

# ---- xsimd ---------------------------------------------------------------------------------
# ngcrt's SIMD code compiles with xsimd 8.1 (Debian 12's) and later (checked with 9 to 14).
set(NGCRT_XSIMD_MIN_VERSION 8.1)
set(NGCRT_XSIMD_INCLUDE_DIR "" CACHE PATH
    "xsimd headers to use instead of find_package(xsimd): the directory holding xsimd/xsimd.hpp")

# <out> = an include directory holding xsimd/ (and nothing else), for SYSTEM include paths.
# Found once per build tree; later calls reuse the result. Fails when xsimd is not found or
# older than NGCRT_XSIMD_MIN_VERSION.
function(_ngcrt_find_xsimd out)
  get_property(_done GLOBAL PROPERTY NGCRT_XSIMD_LINK_DIR SET)
  if(_done)
    get_property(_link GLOBAL PROPERTY NGCRT_XSIMD_LINK_DIR)
    set(${out} ${_link} PARENT_SCOPE)
    return()
  endif()
  set(_inc "")
  set(_version "")
  if(NGCRT_XSIMD_INCLUDE_DIR)
    if(NOT EXISTS ${NGCRT_XSIMD_INCLUDE_DIR}/xsimd/xsimd.hpp)
      message(FATAL_ERROR "ngcrt: NGCRT_XSIMD_INCLUDE_DIR=${NGCRT_XSIMD_INCLUDE_DIR} holds no xsimd/xsimd.hpp")
    endif()
    set(_inc ${NGCRT_XSIMD_INCLUDE_DIR})
    set(_how "NGCRT_XSIMD_INCLUDE_DIR")
  else()
    find_package(xsimd CONFIG QUIET)
    if(xsimd_FOUND)
      _ngcrt_target_header_dir(_inc xsimd xsimd/xsimd.hpp)
      if(_inc)
        set(_version ${xsimd_VERSION})
        set(_how "find_package(xsimd CONFIG), xsimd_DIR=${xsimd_DIR}")
      else()
        message(STATUS "ngcrt: xsimd's CMake config ${xsimd_DIR} gives no target `xsimd` with "
                       "xsimd/xsimd.hpp in its include directories: searching the headers instead")
      endif()
    endif()
    if(NOT _inc)
      find_path(NGCRT_XSIMD_FALLBACK_INCLUDE_DIR xsimd/xsimd.hpp HINTS ${xsimd_INCLUDE_DIR} PATHS /usr/include /usr/local/include
                NO_CMAKE_FIND_ROOT_PATH)
      mark_as_advanced(NGCRT_XSIMD_FALLBACK_INCLUDE_DIR)
      if(NOT NGCRT_XSIMD_FALLBACK_INCLUDE_DIR)
        message(FATAL_ERROR "ngcrt: xsimd not found: no CMake package (set xsimd_DIR or CMAKE_PREFIX_PATH) "
                            "and no xsimd/xsimd.hpp in /usr/include or /usr/local/include (Debian: apt-get "
                            "install libxsimd-dev; or -DNGCRT_XSIMD_INCLUDE_DIR=<dir>), or build with -DNGCRT_KERNELS=scalar")
      endif()
      set(_inc ${NGCRT_XSIMD_FALLBACK_INCLUDE_DIR})
      set(_how "headers found without a CMake package")
    endif()
  endif()
  if(NOT _version)
    # The headers' own version (xsimd 7 and later): xsimd/config/xsimd_config.hpp.
    set(_cfg ${_inc}/xsimd/config/xsimd_config.hpp)
    if(EXISTS ${_cfg})
      file(STRINGS ${_cfg} _lines REGEX "^#define XSIMD_VERSION_(MAJOR|MINOR|PATCH) +[0-9]+")
      foreach(_part MAJOR MINOR PATCH)
        set(_v_${_part} "")
        foreach(_l IN LISTS _lines)
          if(_l MATCHES "^#define XSIMD_VERSION_${_part} +([0-9]+)")
            set(_v_${_part} ${CMAKE_MATCH_1})
          endif()
        endforeach()
      endforeach()
      if(NOT _v_MAJOR STREQUAL "" AND NOT _v_MINOR STREQUAL "")
        set(_version ${_v_MAJOR}.${_v_MINOR})
        if(NOT _v_PATCH STREQUAL "")
          string(APPEND _version .${_v_PATCH})
        endif()
      endif()
    endif()
  endif()
  if(NOT _version)
    message(FATAL_ERROR "ngcrt: cannot tell the version of the xsimd in ${_inc} (no XSIMD_VERSION_MAJOR/MINOR in "
                        "xsimd/config/xsimd_config.hpp); ngcrt needs xsimd ${NGCRT_XSIMD_MIN_VERSION} or later")
  endif()
  if(_version VERSION_LESS NGCRT_XSIMD_MIN_VERSION)
    message(FATAL_ERROR "ngcrt: xsimd ${_version} in ${_inc} (${_how}) is too old: ngcrt needs xsimd "
                        "${NGCRT_XSIMD_MIN_VERSION} or later (point xsimd_DIR or CMAKE_PREFIX_PATH at a newer one, "
                        "or build with -DNGCRT_KERNELS=scalar)")
  endif()
  message(STATUS "ngcrt: xsimd ${_version}, headers ${_inc} (${_how})")
  _ngcrt_link_headers(_link include ${_inc} xsimd)
  set_property(GLOBAL PROPERTY NGCRT_XSIMD_LINK_DIR ${_link})
  set_property(GLOBAL PROPERTY NGCRT_XSIMD_HEADERS ${_inc})
  set(${out} ${_link} PARENT_SCOPE)
endfunction()

# ---- Catch2 v2 (tests) ---------------------------------------------------------------------
set(NGCRT_CATCH2_INCLUDE_DIR "" CACHE PATH
    "Catch2 v2 headers to use instead of find_package(Catch2 2): the directory holding catch2/catch.hpp")

# <out> = an include directory holding catch2/ (and nothing else): Catch2 v2's single header.
function(_ngcrt_find_catch2 out)
  set(_inc "")
  if(NGCRT_CATCH2_INCLUDE_DIR)
    if(NOT EXISTS ${NGCRT_CATCH2_INCLUDE_DIR}/catch2/catch.hpp)
      message(FATAL_ERROR "ngcrt tests: NGCRT_CATCH2_INCLUDE_DIR=${NGCRT_CATCH2_INCLUDE_DIR} holds no catch2/catch.hpp")
    endif()
    set(_inc ${NGCRT_CATCH2_INCLUDE_DIR})
    set(_how "NGCRT_CATCH2_INCLUDE_DIR")
  else()
    find_package(Catch2 2 CONFIG QUIET)
    if(Catch2_FOUND)
      _ngcrt_target_header_dir(_inc Catch2::Catch2 catch2/catch.hpp)
      if(_inc)
        set(_how "find_package(Catch2 2 CONFIG), Catch2_DIR=${Catch2_DIR}")
      else()
        message(STATUS "ngcrt tests: Catch2's CMake config ${Catch2_DIR} gives no target Catch2::Catch2 with "
                       "catch2/catch.hpp in its include directories: searching the header instead")
      endif()
    endif()
    if(NOT _inc)
      find_path(NGCRT_CATCH2_FALLBACK_INCLUDE_DIR catch2/catch.hpp PATHS /usr/include /usr/local/include
                NO_CMAKE_FIND_ROOT_PATH)
      mark_as_advanced(NGCRT_CATCH2_FALLBACK_INCLUDE_DIR)
      if(NOT NGCRT_CATCH2_FALLBACK_INCLUDE_DIR)
        message(FATAL_ERROR "ngcrt tests: Catch2 v2 not found: no CMake package (set Catch2_DIR or CMAKE_PREFIX_PATH) "
                            "and no catch2/catch.hpp in /usr/include or /usr/local/include (Debian: apt-get "
                            "install catch2), or configure with -DNGCRT_BUILD_TESTS=OFF")
      endif()
      set(_inc ${NGCRT_CATCH2_FALLBACK_INCLUDE_DIR})
      set(_how "header found without a CMake package")
    endif()
  endif()
  message(STATUS "ngcrt tests: Catch2 v2, header ${_inc}/catch2/catch.hpp (${_how})")
  _ngcrt_link_headers(_link catch2-include ${_inc} catch2)
  set(${out} ${_link} PARENT_SCOPE)
endfunction()
