/* tests/c/c_check.h - the C tests' check framework (test_c_api.c, test_rate_c_api.c,
 * test_c_synapses.c): CHECK and CHECK_STATUS print each failed check with its file and line;
 * checks_summary prints the count CTest matches and gives main's exit status. */
#ifndef NGCRT_TESTS_C_CHECK_H
#define NGCRT_TESTS_C_CHECK_H

#include <ngcrt/ngcrt.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef NGCRT_TEST_TARGET
#define NGCRT_TEST_TARGET "unknown"
#endif

static long checks;
static long failures;

static inline void check_(int ok, const char* what, const char* file, int line) {
    ++checks;
    if (!ok) {
        ++failures;
        printf("%s:%d: CHECK failed: %s\n", file, line, what);
    }
}
#define CHECK(cond) check_((cond) != 0, #cond, __FILE__, __LINE__)

/* A status check that names both statuses when it fails. */
static inline void check_status_(int got, int want, const char* what, const char* file, int line) {
    ++checks;
    if (got != want) {
        ++failures;
        printf("%s:%d: CHECK failed: %s returned %d (%s), expected %d (%s)\n", file, line, what, got,
               ngcrt_status_str(got), want, ngcrt_status_str(want));
    }
}
#define CHECK_STATUS(call, want) check_status_((call), (want), #call, __FILE__, __LINE__)

static inline uint32_t bits32(float v) {
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

/* "<title>: N checks, M failed" (what CTest's PASS_REGULAR_EXPRESSION matches); 0 if none failed. */
static inline int checks_summary(const char* title) {
    printf("%s: %ld checks, %ld failed\n", title, checks, failures);
    return failures == 0 ? 0 : 1;
}

#endif
