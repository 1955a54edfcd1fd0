/* tests/c/test_c_api.c - the C API (include/ngcrt/ngcrt.h), tested from C99 on every target.
 *
 * The spec's regression vectors 2 and 3 (both conventions, scalar and per-unit Sigma,
 * dense and feature-map shapes, float and double), reset and batched_reset, write access
 * to modulator and mask, every error path (right code, nothing changed) and
 * ngcrt_status_str. The typed tests are in test_c_api_typed.inc, included once for float
 * and once for double. Prints each failed check and a summary; exits non-zero on failure.
 */
#include <ngcrt/ngcrt.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef NGCRT_TEST_TARGET
#define NGCRT_TEST_TARGET "unknown"
#endif

/* ---- a tiny check framework --------------------------------------------------------- */

static long checks;
static long failures;

static void check_(int ok, const char* what, const char* file, int line) {
    ++checks;
    if (!ok) {
        ++failures;
        printf("%s:%d: CHECK failed: %s\n", file, line, what);
    }
}
#define CHECK(cond) check_((cond) != 0, #cond, __FILE__, __LINE__)

/* A status check that names both statuses when it fails. */
static void check_status_(int got, int want, const char* what, const char* file, int line) {
    ++checks;
    if (got != want) {
        ++failures;
        printf("%s:%d: CHECK failed: %s returned %d (%s), expected %d (%s)\n", file, line, what, got,
               ngcrt_status_str(got), want, ngcrt_status_str(want));
    }
}
#define CHECK_STATUS(call, want) check_status_((call), (want), #call, __FILE__, __LINE__)

/* ---- helpers shared by both element types -------------------------------------------- */

static ngcrt_error_config make_config(size_t units, size_t max_batch, ngcrt_form form,
                                               ngcrt_convention convention) {
    ngcrt_error_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.rank = 1;
    cfg.dims[0] = units;
    cfg.max_batch = max_batch;
    cfg.form = form;
    cfg.convention = convention;
    return cfg;
}

/* Every element of every buffer of the tests holds this pattern before init, so that a
 * call that must write nothing can be checked bit for bit. */
#define PATTERN 7

/* Elements per buffer in the typed tests' stores (the largest case: 3 units x 3 samples). */
#define CAP 16

/* ---- the typed tests, once per element type -------------------------------------------- */

#define NGCRT_CAT2_(a, b) a##b
#define NGCRT_CAT_(a, b) NGCRT_CAT2_(a, b)

#define T float
#define SFX f32
#include "test_c_api_typed.inc"
#undef T
#undef SFX

#define T double
#define SFX f64
#include "test_c_api_typed.inc"
#undef T
#undef SFX

/* ---- status codes ----------------------------------------------------------------------- */

static void test_status(void) {
    static const int codes[] = {NGCRT_OK,
                                NGCRT_ERR_INVALID_SIGMA,
                                NGCRT_ERR_INVALID_BATCH_SIZE,
                                NGCRT_ERR_SIZE_MISMATCH,
                                NGCRT_ERR_NULL_BUFFER,
                                NGCRT_ERR_MISALIGNED_BUFFER,
                                NGCRT_ERR_OVERLAPPING_BUFFERS,
                                NGCRT_ERR_INVALID_SHAPE,
                                NGCRT_ERR_NOT_INITIALIZED,
                                NGCRT_ERR_UNSUPPORTED_KERNEL,
                                NGCRT_ERR_INVALID_ARGUMENT};
    static const int unknown[] = {1, 2, -11, -100, INT_MAX, INT_MIN};
    size_t i, j;
    /* The values of ngcrt::status, in order (src/c_api.cpp checks them at compile time). */
    for (i = 0; i < sizeof codes / sizeof codes[0]; ++i) CHECK(codes[i] == -(int)i);
    for (i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
        const char* s = ngcrt_status_str(codes[i]);
        CHECK(s != NULL);
        if (s == NULL) continue;
        CHECK(s[0] != '\0');
        CHECK(strcmp(s, "unknown status") != 0);
        for (j = 0; j < i; ++j) CHECK(strcmp(s, ngcrt_status_str(codes[j])) != 0); /* distinct */
    }
    CHECK(strcmp(ngcrt_status_str(NGCRT_OK), "ok") == 0);
    CHECK(strcmp(ngcrt_status_str(NGCRT_ERR_NULL_BUFFER), "null buffer") == 0);
    CHECK(strcmp(ngcrt_status_str(NGCRT_ERR_OVERLAPPING_BUFFERS), "buffers overlap") == 0);
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; ++i) {
        const char* s = ngcrt_status_str(unknown[i]);
        CHECK(s != NULL && strcmp(s, "unknown status") == 0);
    }
    /* The enums' values: 0 is the default in a zeroed config. */
    CHECK(NGCRT_CONVENTION_NGCLEARN_3_1 == 0 && NGCRT_CONVENTION_NGCLEARN_3_2 == 1);
    CHECK(NGCRT_SIGMA_SCALAR == 0 && NGCRT_SIGMA_PER_UNIT == 1);
    CHECK(sizeof(ngcrt_convention) == sizeof(int32_t) && sizeof(ngcrt_form) == sizeof(int32_t));
}

int main(void) {
    printf("ngcrt C API test on target %s\n", NGCRT_TEST_TARGET);
    test_status();
    run_typed_f32();
    run_typed_f64();
    printf("ngcrt C API test: %ld checks, %ld failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
