# package.find_package: install ngcrt to a scratch prefix, then build and run the consumer in
# this directory against the install (CMAKE_PREFIX_PATH) and against a build tree (ngcrt_DIR).
# Any failing step fails the test.
#   cmake -DSRC=<ngcrt source> -DWORK=<scratch dir> -DCXX=<c++ compiler> -DCC=<c compiler>
#         -DGENERATOR=<generator> [-DNGCRT_BUILD=<ngcrt build dir>]
#         [-Dxsimd_DIR=<dir> | -DNGCRT_XSIMD_INCLUDE_DIR=<dir>] -P run.cmake
# With NGCRT_BUILD (what ngcrt's own suite passes: its build tree, whose library is already
# built), that tree is installed and used as the build tree: the library is not built again.
# Without it, ngcrt is configured and built here first (library only).
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${err}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK})
set(compilers -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_C_COMPILER=${CC})
if(NGCRT_BUILD)
  set(build ${NGCRT_BUILD})
else()
  # ngcrt's build uses the xsimd it is given, if any (the consumer needs none).
  set(xsimd "")
  if(NGCRT_XSIMD_INCLUDE_DIR)
    set(xsimd -DNGCRT_XSIMD_INCLUDE_DIR=${NGCRT_XSIMD_INCLUDE_DIR})
  elseif(xsimd_DIR)
    set(xsimd -Dxsimd_DIR=${xsimd_DIR})
  endif()
  set(build ${WORK}/ngcrt-build)
  run(${CMAKE_COMMAND} -S ${SRC} -B ${build} -G ${GENERATOR} ${compilers} ${xsimd} -DCMAKE_BUILD_TYPE=Release
      -DNGCRT_BUILD_TESTS=OFF -DNGCRT_BUILD_EXAMPLES=OFF -DNGCRT_BUILD_TOOLS=OFF)
  run(${CMAKE_COMMAND} --build ${build} -j 2)
endif()
run(${CMAKE_COMMAND} --install ${build} --prefix ${WORK}/prefix)
foreach(kind IN ITEMS installed build-tree)
  if(kind STREQUAL "installed")
    set(where -DCMAKE_PREFIX_PATH=${WORK}/prefix)
  else()
    set(where -Dngcrt_DIR=${build})
  endif()
  run(${CMAKE_COMMAND} -S ${SRC}/tests/package -B ${WORK}/consumer-${kind} -G ${GENERATOR} ${compilers} ${where})
  run(${CMAKE_COMMAND} --build ${WORK}/consumer-${kind})
  run(${WORK}/consumer-${kind}/consumer_cpp)
  if(EXISTS ${WORK}/consumer-${kind}/consumer_c)
    run(${WORK}/consumer-${kind}/consumer_c)
  endif()
  if(kind STREQUAL "installed")
    message("find_package(ngcrt) via the install prefix: ok")
  else()
    message("find_package(ngcrt) via the build tree: ok")
  endif()
endforeach()
