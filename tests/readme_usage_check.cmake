# Extracts one example from README.md, the code block between `<!-- NAME-begin -->` and
# `<!-- NAME-end -->`, into a file, so the test build compiles and runs exactly what the
# README shows.
#   cmake -DREADME=README.md -DNAME=usage-example -DOUT=<file> -P readme_usage_check.cmake
file(READ ${README} text)
string(REGEX MATCH "<!-- ${NAME}-begin -->[^`]*```(cpp|c)\n([^`]*)```[^`]*<!-- ${NAME}-end -->" _ "${text}")
if(NOT CMAKE_MATCH_2)
  message(FATAL_ERROR "README.md: example markers ${NAME}-begin / ${NAME}-end not found")
endif()
file(WRITE ${OUT}.tmp "${CMAKE_MATCH_2}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
