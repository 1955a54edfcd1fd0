# tests/linalg/check_fingerprint.cmake - runs the fingerprint printer and fails if its output
# differs from the committed goldens.
#   cmake -DPROGRAM=<ngcrt_linalg_print> -DGOLDEN=fingerprint.inc -DOUT=<tmp> -P check_fingerprint.cmake
execute_process(COMMAND ${PROGRAM} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${GOLDEN} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${GOLDEN} is not what ${PROGRAM} prints: regenerate it and review the diff")
endif()
message(STATUS "fingerprints match the scalar pack")
