# tests/synapse_rodata.cmake - a StaticSynapse's const weights stay in flash (cortex-m4f):
# in the symbol table of the synapse test image, the `static const float flash_weights[]`
# that tests/test_synapses.cpp builds StaticSynapses over (forward and transposed) is
# read-only data (.rodata, which picolibc's linker script places inside the flash image's
# .text output section) at a flash address (below the RAM at 0x20000000), and no RAM copy
# exists (the synapse reads it in place: the test checks weights().data() == flash_weights).
#   cmake -DOBJDUMP=arm-none-eabi-objdump -DELF=ngcrt_synapse_tests -P synapse_rodata.cmake
execute_process(COMMAND ${OBJDUMP} -t ${ELF} OUTPUT_VARIABLE _syms RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "objdump failed on ${ELF}")
endif()
string(REGEX MATCH "([0-9a-f]+) [^\n]*(\\.[a-z]+)[^\n]*flash_weights[^\n]*" _line "${_syms}")
if(NOT _line)
  message(FATAL_ERROR "no flash_weights symbol in ${ELF}")
endif()
set(_addr ${CMAKE_MATCH_1})
set(_section ${CMAKE_MATCH_2})
message(STATUS "flash_weights: ${_line}")
if(NOT _section STREQUAL ".rodata" AND NOT _section STREQUAL ".text")
  message(FATAL_ERROR "flash_weights is in ${_section}, not in flash (.rodata / .text)")
endif()
math(EXPR _ram_start "0x20000000")
math(EXPR _a "0x${_addr}")
if(NOT _a LESS _ram_start)
  message(FATAL_ERROR "flash_weights is at 0x${_addr}, in RAM")
endif()
message(STATUS "synapse weights in flash: ${_section} at 0x${_addr}")
