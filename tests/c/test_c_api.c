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

/* ---- the other cells: the same scheme ---------------------------------------------------- */

/* LaplacianErrorCell through C: the spec's regression vector 3 (per-unit Scale, batch 2,
 * modulator and mask), bit for bit; and an instance of one cell refused by another's. */
static void test_laplacian(void) {
    static float shift[6], target[6], modulator[6], mask[6], dshift[6], dtarget[6], Scale[3], dScale[3], work[6];
    static ngcrt_error_cell_f32 cell, gaussian;
    static const float in_shift[6] = {0.1f, 0.2f, 0.3f, 1, 1, 1}, in_target[6] = {0.2f, 0.2f, -0.3f, 0.5f, 1.5f, 1};
    static const float in_mod[6] = {2.5f, 2.5f, 2.5f, 1, 1, 1}, in_mask[6] = {1, 1, 1, 1, 0, 1};
    static const float scale[3] = {0.3f, 1, 2};
    static const uint32_t want_dshift[6] = {0x41055555u, 0, 0xbfa00000u, 0xc0555555u, 0, 0};
    static const uint32_t want_dtarget[6] = {0xc1055555u, 0x80000000u, 0x3fa00000u, 0x40555555u, 0x80000000u, 0x80000000u};
    ngcrt_error_config cfg = make_config(3, 2, NGCRT_SIGMA_PER_UNIT, NGCRT_CONVENTION_NGCLEARN_3_1);
    ngcrt_error_buffers_f32 buf = {shift, target, modulator, mask, dshift, dtarget, Scale, dScale, work};
    float* m;
    uint32_t bits;
    float L;
    size_t i;
    CHECK(ngcrt_error_workspace_count(&cfg) == 6); /* per-unit Scale: 2 factors per unit */
    buf.workspace = NULL;
    CHECK_STATUS(ngcrt_laplacian_error_init_f32(&cell, &cfg, &buf, 1.0f), NGCRT_ERR_NULL_BUFFER);
    buf.workspace = work;
    CHECK_STATUS(ngcrt_laplacian_error_init_f32(&cell, &cfg, &buf, 1.0f), NGCRT_OK);
    CHECK_STATUS(ngcrt_laplacian_error_set_scale_f32(&cell, scale, 3), NGCRT_OK);
    for (i = 0; i < 6; ++i) {
        shift[i] = in_shift[i];
        target[i] = in_target[i];
    }
    m = ngcrt_laplacian_error_modulator_f32(&cell);
    CHECK(m == modulator);
    for (i = 0; i < 6; ++i) m[i] = in_mod[i];
    m = ngcrt_laplacian_error_mask_f32(&cell);
    for (i = 0; i < 6; ++i) m[i] = in_mask[i];
    CHECK_STATUS(ngcrt_laplacian_error_step_f32(&cell, 1.0f), NGCRT_OK);
    for (i = 0; i < 6; ++i) {
        memcpy(&bits, &dshift[i], sizeof bits);
        CHECK(bits == want_dshift[i]);
        memcpy(&bits, &dtarget[i], sizeof bits);
        CHECK(bits == want_dtarget[i]);
        CHECK(mask[i] == 1.0f);
    }
    L = ngcrt_laplacian_error_L_f32(&cell);
    memcpy(&bits, &L, sizeof bits);
    CHECK(bits == 0xc102aaaau); /* -8.166666 */
    CHECK(dScale[0] == 1.0f && dScale[2] == 1.0f);
    /* Another cell's functions refuse the instance; a Gaussian instance is refused here. */
    CHECK_STATUS(ngcrt_gaussian_error_step_f32(&cell, 1.0f), NGCRT_ERR_INVALID_ARGUMENT);
    CHECK(ngcrt_gaussian_error_L_f32(&cell) == 0.0f);
    cfg.form = NGCRT_SIGMA_SCALAR;
    buf.prediction = shift; /* the same buffers, now a Gaussian cell's */
    CHECK_STATUS(ngcrt_gaussian_error_init_f32(&gaussian, &cfg, &buf, 1.0f), NGCRT_OK);
    CHECK_STATUS(ngcrt_laplacian_error_reset_f32(&gaussian), NGCRT_ERR_INVALID_ARGUMENT);
    CHECK(ngcrt_laplacian_error_batch_size_f32(&gaussian) == 0);
    CHECK(ngcrt_gaussian_error_batch_size_f32(&gaussian) == 2);
    /* Bad Scale: nothing changes. */
    CHECK_STATUS(ngcrt_laplacian_error_set_scale_f32(&cell, scale, 1), NGCRT_ERR_SIZE_MISMATCH);
}

/* BernoulliErrorCell through C: the spec's regression vector 3 (logit input, batch 2,
 * modulator), within 4 ulp of the correctly rounded values; no parameter buffers needed. */
static int close_ulps(float got, double want, double max_ulps) {
    const double ulp = ldexp(1.0, ilogb(fabs(want)) - 23);
    return fabs((double)got - want) <= max_ulps * ulp;
}
static void test_bernoulli(void) {
    static float p[4], target[4], modulator[4], mask[4], dp[4], dtarget[4];
    static ngcrt_error_cell_f32 cell;
    static const float in_p[4] = {-2, 0.5f, 3, 12}, in_x[4] = {0, 1, 1, 1}, in_mod[4] = {1, 2, 1, 1};
    static const double want_dp[4] = {-0.11920292, 0.7550813, 0.047425866, 0.000100016594};
    static const double want_dtarget[4] = {-2, 1.0000002, 3.0000002, 9.210074};
    ngcrt_error_config cfg = make_config(2, 2, NGCRT_BERNOULLI_LOGITS, NGCRT_CONVENTION_NGCLEARN_3_1);
    ngcrt_error_buffers_f32 buf = {p, target, modulator, mask, dp, dtarget, NULL, NULL, NULL};
    float* m;
    size_t i;
    CHECK_STATUS(ngcrt_bernoulli_error_init_f32(&cell, &cfg, &buf), NGCRT_OK);
    for (i = 0; i < 4; ++i) {
        p[i] = in_p[i];
        target[i] = in_x[i];
    }
    m = ngcrt_bernoulli_error_modulator_f32(&cell);
    for (i = 0; i < 4; ++i) m[i] = in_mod[i];
    CHECK_STATUS(ngcrt_bernoulli_error_step_f32(&cell, 1.0f), NGCRT_OK);
    for (i = 0; i < 4; ++i) {
        CHECK(close_ulps(dp[i], want_dp[i], 4));
        CHECK(close_ulps(dtarget[i], want_dtarget[i], 4));
    }
    CHECK(close_ulps(ngcrt_bernoulli_error_L_f32(&cell), -0.6496923, 4));
    CHECK_STATUS(ngcrt_bernoulli_error_batched_reset_f32(&cell, 1), NGCRT_OK);
    CHECK(dp[0] == 0.0f && p[0] == 0.0f && ngcrt_bernoulli_error_L_f32(&cell) == 0.0f);
    CHECK_STATUS(ngcrt_laplacian_error_step_f32(&cell, 1.0f), NGCRT_ERR_INVALID_ARGUMENT);
    cfg.form = (ngcrt_form)2;
    CHECK_STATUS(ngcrt_bernoulli_error_init_f32(&cell, &cfg, &buf), NGCRT_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ngcrt_bernoulli_error_step_f32(&cell, 1.0f), NGCRT_ERR_NOT_INITIALIZED);
}

int main(void) {
    printf("ngcrt C API test on target %s\n", NGCRT_TEST_TARGET);
    test_status();
    test_laplacian();
    test_bernoulli();
    run_typed_f32();
    run_typed_f64();
    printf("ngcrt C API test: %ld checks, %ld failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
