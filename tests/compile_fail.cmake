# Builds a target that must not compile, and checks it fails for the expected reason.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but must not")
endif()
string(FIND "${out}${err}" "${EXPECT}" pos)
if(pos EQUAL -1)
  message(FATAL_ERROR "${TARGET} failed, but not with \"${EXPECT}\":\n${out}${err}")
endif()
message(STATUS "${TARGET}: rejected at compile time with \"${EXPECT}\"")
