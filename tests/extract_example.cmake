# Extracts one example into a file, so that the test build compiles and runs exactly what
# the documentation shows:
#   cmake -DSOURCE=README.md -DNAME=usage-example -DOUT=<file> -P extract_example.cmake
#     a Markdown file: the code block between `<!-- NAME-begin -->` and `<!-- NAME-end -->`
#   cmake -DSOURCE=include/ngcrt/ngcrt.h -DNAME=ngcrt-h-example -DOUT=<file> -P extract_example.cmake
#     a C or C++ file: the lines of a /* */ comment between the lines ` * NAME-begin` and
#     ` * NAME-end`, each without its ` * ` leader (the code keeps its own indentation)
# OUT is rewritten only when the example changed (no rebuild otherwise).
file(READ ${SOURCE} text)
if(SOURCE MATCHES "\\.md$")
  string(REGEX MATCH "<!-- ${NAME}-begin -->[^`]*```(cpp|c)\n([^`]*)```[^`]*<!-- ${NAME}-end -->" _ "${text}")
  set(code "${CMAKE_MATCH_2}")
else()
  string(REGEX MATCH "\n \\* ${NAME}-begin\n(.*)\n \\* ${NAME}-end\n" _ "${text}")
  set(code "${CMAKE_MATCH_1}")
  if(code)
    # Every line must carry the comment's leader: " *" alone, or " * " and the code.
    string(REGEX MATCH "(^|\n)( [^*]| \\*[^ \n]|[^ ]|\\*)" _bad "${code}")
    if(_bad)
      message(FATAL_ERROR "${SOURCE}: a line of ${NAME} has no ` * ` leader")
    endif()
    string(REGEX REPLACE "(^|\n) \\* ?" "\\1" code "${code}")
    string(APPEND code "\n")
  endif()
endif()
if(NOT code)
  message(FATAL_ERROR "${SOURCE}: example markers ${NAME}-begin / ${NAME}-end not found")
endif()
file(WRITE ${OUT}.tmp "${code}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
