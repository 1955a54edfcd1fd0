/* tests/c/header_check.c - include/ngcrt/ngcrt.h compiles on its own as C99, and its
 * include guard works. */
#include <ngcrt/ngcrt.h>
#include <ngcrt/ngcrt.h>

/* ISO C forbids an empty translation unit. */
typedef ngcrt_error_cell_f32 ngcrt_header_check_type;
