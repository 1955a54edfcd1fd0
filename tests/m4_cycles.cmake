# tests/m4_cycles.cmake - the Cortex-M4F cycle budget check, in a cortex-m4f build (included
# by tests/CMakeLists.txt). Builds tools/mcu/m4_probe.cpp exactly as the firmware example is
# built (same flags, same libngcrt.a), and a host-side test runs tools/m4_cycles.py on both
# images: it must find the step's VLDM loops (cortex_m_fpu.hpp), and its count must equal the
# hand count and the budget table written in docs/targets.md, so those cannot drift.
if(NOT (NGCRT_TARGET_NAME STREQUAL "cortex-m4f" AND NGCRT_BUILD_EXAMPLES AND TARGET ngcrt))
  return()
endif()
find_program(NGCRT_ARM_OBJDUMP arm-none-eabi-objdump)
find_program(NGCRT_QEMU_SYSTEM_ARM qemu-system-arm)
if(NOT NGCRT_ARM_OBJDUMP OR NOT NGCRT_QEMU_SYSTEM_ARM OR NOT EXISTS /usr/bin/python3)
  message(STATUS "ngcrt: m4_cycles test skipped (needs arm-none-eabi-objdump, qemu-system-arm, /usr/bin/python3)")
  return()
endif()
add_executable(ngcrt-m4-cycle-probe ${PROJECT_SOURCE_DIR}/tools/mcu/m4_probe.cpp)
target_link_libraries(ngcrt-m4-cycle-probe PRIVATE ngcrt::ngcrt)
target_compile_options(ngcrt-m4-cycle-probe PRIVATE ${NGCRT_WARNINGS} -fno-exceptions -fno-rtti -ffp-contract=off)
set_target_properties(ngcrt-m4-cycle-probe PROPERTIES CXX_EXTENSIONS OFF)
# (The example's target is defined later, in examples/: generator expressions resolve at
# generation time.)
add_test(NAME m4_cycles
         COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/m4_cycles.py
                 --firmware $<TARGET_FILE:ngcrt-firmware-example> --probe $<TARGET_FILE:ngcrt-m4-cycle-probe>
                 --check-doc ${PROJECT_SOURCE_DIR}/docs/targets.md)
set_tests_properties(m4_cycles PROPERTIES PASS_REGULAR_EXPRESSION "hand count and budget agree with the image")
