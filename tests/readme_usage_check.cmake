# Extracts the usage example from README.md (between the usage markers) into a .cpp file,
# so the test build compiles and runs exactly what the README shows.
file(READ ${README} text)
string(REGEX MATCH "<!-- usage-example-begin -->[^`]*```cpp\n(.*)```[^`]*<!-- usage-example-end -->" _ "${text}")
if(NOT CMAKE_MATCH_1)
  message(FATAL_ERROR "README.md: usage example markers not found")
endif()
file(WRITE ${OUT}.tmp "${CMAKE_MATCH_1}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
