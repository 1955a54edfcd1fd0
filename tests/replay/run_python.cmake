# Runs a replay test script with a Python 3 interpreter that can import numpy:
#   cmake [-DPYTHON=py] -DSCRIPT=script.py -DTOOL=ngcrt-replay -DWORKDIR=dir -P run_python.cmake
# Candidates, in order: PYTHON (if given), /usr/bin/python3, python3 and python on PATH
# (on Debian, python3 on PATH may be a pyenv interpreter without numpy). None that imports
# numpy is an error: the test fails rather than skips.
foreach(_var SCRIPT TOOL WORKDIR)
  if(NOT ${_var})
    message(FATAL_ERROR "run_python.cmake: -D${_var}=... is required")
  endif()
endforeach()

set(_candidates)
if(PYTHON)
  list(APPEND _candidates "${PYTHON}")
endif()
list(APPEND _candidates /usr/bin/python3)
find_program(_path_python3 NAMES python3 NO_CACHE)
find_program(_path_python NAMES python NO_CACHE)
foreach(_p IN ITEMS "${_path_python3}" "${_path_python}")
  if(_p)
    list(APPEND _candidates "${_p}")
  endif()
endforeach()

set(_python "")
foreach(_py IN LISTS _candidates)
  if(EXISTS "${_py}")
    execute_process(COMMAND "${_py}" -c "import sys, numpy; sys.exit(0 if sys.version_info[0] == 3 else 1)"
                    RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
    if(_rc EQUAL 0)
      set(_python "${_py}")
      break()
    endif()
  endif()
endforeach()
if(NOT _python)
  string(REPLACE ";" ", " _tried "${_candidates}")
  message(FATAL_ERROR "no Python 3 interpreter that can import numpy (tried: ${_tried}). "
                      "Install numpy (Debian: apt-get install python3-numpy) or configure with "
                      "-DNGCRT_NUMPY_PYTHON=/path/to/python3.")
endif()

message(STATUS "python: ${_python}")
execute_process(COMMAND "${_python}" "${SCRIPT}" "${TOOL}" "${WORKDIR}" RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} failed (exit status ${_rc})")
endif()
