/* tests/c/test_c_api.c - the C API (include/ngcrt/ngcrt.h), tested from C99 on every target.
 *
 * The spec's regression vectors 2 and 3 (both conventions, scalar and per-unit Sigma,
 * dense and feature-map shapes, float and double), reset and batched_reset, write access
 * to modulator and mask, every error path (right code, nothing changed) and
 * ngcrt_status_str. The typed tests are in test_c_api_typed.inc, included once for float
 * and once for double. Prints each failed check and a summary; exits non-zero on failure.
 */
#include "c_check.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
                                NGCRT_ERR_INVALID_ARGUMENT,
                                NGCRT_ERR_INVALID_TIME_STEP};
    static const int unknown[] = {1, 2, -12, -100, INT_MAX, INT_MIN};
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
    static float shift[6], target[6], modulator[6], mask[6], dshift[6], dtarget[6], Scale[3], dScale[3],
        work[6];
    static ngcrt_error_cell_f32 cell, gaussian;
    static const float in_shift[6] = {0.1f, 0.2f, 0.3f, 1, 1, 1},
                       in_target[6] = {0.2f, 0.2f, -0.3f, 0.5f, 1.5f, 1};
    static const float in_mod[6] = {2.5f, 2.5f, 2.5f, 1, 1, 1}, in_mask[6] = {1, 1, 1, 1, 0, 1};
    static const float scale[3] = {0.3f, 1, 2};
    static const uint32_t want_dshift[6] = {0x41055555u, 0, 0xbfa00000u, 0xc0555555u, 0, 0};
    static const uint32_t want_dtarget[6] = {0xc1055555u, 0x80000000u, 0x3fa00000u,
                                             0x40555555u, 0x80000000u, 0x80000000u};
    ngcrt_error_config cfg = make_config(3, 2, NGCRT_SIGMA_PER_UNIT, NGCRT_CONVENTION_NGCLEARN_3_1);
    ngcrt_error_buffers_f32 buf = {shift,   target, modulator, mask, dshift,
                                   dtarget, Scale,  dScale,    work, NULL};
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
    ngcrt_error_buffers_f32 buf = {p, target, modulator, mask, dp, dtarget, NULL, NULL, NULL, NULL};
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

/* LeakyGaussianErrorCell through C: e in the caller's state buffer, tau and the integrator
 * at init (checked first), set_tau, dt checked; tau = 0 is the Gaussian cell bit for bit. */
static void test_leaky(void) {
    static double mu[3], target[3], modulator[3], mask[3], dmu[3], dtarget[3], Sigma[1], dSigma[1], e[3];
    static double g_mu[3], g_target[3], g_modulator[3], g_mask[3], g_dmu[3], g_dtarget[3], g_Sigma[1],
        g_dSigma[1];
    static ngcrt_error_cell_f64 cell, gaussian;
    ngcrt_error_config cfg = make_config(3, 1, NGCRT_SIGMA_SCALAR, NGCRT_CONVENTION_NGCLEARN_3_1);
    ngcrt_error_buffers_f64 buf = {mu, target, modulator, mask, dmu, dtarget, Sigma, dSigma, NULL, e};
    ngcrt_error_buffers_f64 gbuf = {g_mu,      g_target, g_modulator, g_mask, g_dmu,
                                    g_dtarget, g_Sigma,  g_dSigma,    NULL,   NULL};
    size_t i;
    int n;
    CHECK_STATUS(
        ngcrt_leaky_gaussian_error_init_f64(&cell, &cfg, &buf, 1.0, -1.0, NGCRT_INTEGRATOR_EXPONENTIAL),
        NGCRT_ERR_INVALID_TIME_STEP);
    CHECK_STATUS(ngcrt_leaky_gaussian_error_init_f64(&cell, &cfg, &buf, 1.0, 0.5, (ngcrt_integrator)2),
                 NGCRT_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ngcrt_leaky_gaussian_error_step_f64(&cell, 0.1), NGCRT_ERR_NOT_INITIALIZED);
    buf.state = NULL;
    CHECK_STATUS(
        ngcrt_leaky_gaussian_error_init_f64(&cell, &cfg, &buf, 1.0, 0.5, NGCRT_INTEGRATOR_EXPONENTIAL),
        NGCRT_ERR_NULL_BUFFER);
    buf.state = e;
    CHECK_STATUS(
        ngcrt_leaky_gaussian_error_init_f64(&cell, &cfg, &buf, 1.0, 0.5, NGCRT_INTEGRATOR_EXPONENTIAL),
        NGCRT_OK);
    for (i = 0; i < 3; ++i) target[i] = (double)i - 1.0; /* x = -1, 0, 1 */
    for (n = 0; n < 100; ++n) CHECK_STATUS(ngcrt_leaky_gaussian_error_step_f64(&cell, 0.01), NGCRT_OK);
    /* x (1 - exp(-t / tau)), t = 1, tau = 0.5 */
    CHECK(fabs(e[2] - (1.0 - exp(-2.0))) < 1e-13 && fabs(e[0] + (1.0 - exp(-2.0))) < 1e-13 && e[1] == 0.0);
    CHECK(dmu[2] == e[2] && dtarget[2] == -e[2]);
    CHECK_STATUS(ngcrt_leaky_gaussian_error_step_f64(&cell, 0.0), NGCRT_ERR_INVALID_TIME_STEP);
    CHECK_STATUS(ngcrt_leaky_gaussian_error_set_tau_f64(&cell, -0.5), NGCRT_ERR_INVALID_TIME_STEP);
    CHECK(fabs(e[2] - (1.0 - exp(-2.0))) < 1e-13); /* unchanged */
    /* tau = 0: the Gaussian cell's bits. */
    CHECK_STATUS(ngcrt_leaky_gaussian_error_set_tau_f64(&cell, 0.0), NGCRT_OK);
    CHECK_STATUS(ngcrt_gaussian_error_init_f64(&gaussian, &cfg, &gbuf, 1.0), NGCRT_OK);
    for (i = 0; i < 3; ++i) {
        mu[i] = g_mu[i] = 0.3 * (double)i;
        target[i] = g_target[i] = 1.7 - (double)i;
    }
    CHECK_STATUS(ngcrt_leaky_gaussian_error_step_f64(&cell, 123.0), NGCRT_OK);
    CHECK_STATUS(ngcrt_gaussian_error_step_f64(&gaussian, 0.0), NGCRT_OK);
    CHECK(memcmp(dmu, g_dmu, sizeof dmu) == 0 && memcmp(dtarget, g_dtarget, sizeof dtarget) == 0);
    CHECK(ngcrt_leaky_gaussian_error_L_f64(&cell) == ngcrt_gaussian_error_L_f64(&gaussian));
    CHECK_STATUS(ngcrt_gaussian_error_step_f64(&cell, 1.0), NGCRT_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ngcrt_leaky_gaussian_error_reset_f64(&cell), NGCRT_OK);
    CHECK(e[0] == 0.0 && e[2] == 0.0);
    /* Euler: dt / tau <= 2. */
    CHECK_STATUS(ngcrt_leaky_gaussian_error_init_f64(&cell, &cfg, &buf, 1.0, 0.5, NGCRT_INTEGRATOR_EULER),
                 NGCRT_OK);
    CHECK_STATUS(ngcrt_leaky_gaussian_error_step_f64(&cell, 1.01), NGCRT_ERR_INVALID_TIME_STEP);
    CHECK_STATUS(ngcrt_leaky_gaussian_error_step_f64(&cell, 1.0), NGCRT_OK);
}

/* A full covariance through C (exact convention, rank 1): its workspace count, Sigma = I at
 * init, N x N values through _set_sigma (a matrix that is not positive definite refused,
 * nothing changed), and r = Sigma^-1 e in dmu. */
static void test_full(void) {
    static double mu[6], target[6], modulator[6], mask[6], dmu[6], dtarget[6], Sigma[9], dSigma[9], work[144];
    static ngcrt_error_cell_f64 cell;
    static const double diag[9] = {4, 0, 0, 0, 1, 0, 0, 0, 0.25};
    static const double bad[9] = {1, 2, 0, 2, 1, 0, 0, 0, 1}; /* eigenvalues 3, -1, 1 */
    ngcrt_error_config cfg = make_config(3, 2, NGCRT_SIGMA_FULL, NGCRT_CONVENTION_EXACT);
    ngcrt_error_buffers_f64 buf = {mu, target, modulator, mask, dmu, dtarget, Sigma, dSigma, work, NULL};
    size_t i;
    CHECK(ngcrt_error_workspace_count(&cfg) == 144); /* 3 x 3 x 16 */
    cfg.convention = NGCRT_CONVENTION_NGCLEARN_3_1;
    CHECK_STATUS(ngcrt_gaussian_error_init_f64(&cell, &cfg, &buf, 1.0), NGCRT_ERR_INVALID_ARGUMENT);
    cfg.convention = NGCRT_CONVENTION_EXACT;
    cfg.rank = 3;
    cfg.dims[1] = cfg.dims[2] = 1;
    CHECK(ngcrt_error_workspace_count(&cfg) == 0);
    CHECK_STATUS(ngcrt_gaussian_error_init_f64(&cell, &cfg, &buf, 1.0), NGCRT_ERR_INVALID_SHAPE);
    cfg.rank = 1;
    CHECK_STATUS(ngcrt_gaussian_error_init_f64(&cell, &cfg, &buf, 1.0), NGCRT_OK);
    CHECK(Sigma[0] == 1.0 && Sigma[1] == 0.0 && Sigma[4] == 1.0 && Sigma[8] == 1.0); /* I */
    CHECK_STATUS(ngcrt_gaussian_error_set_sigma_f64(&cell, bad, 9), NGCRT_ERR_INVALID_SIGMA);
    CHECK_STATUS(ngcrt_gaussian_error_set_sigma_f64(&cell, diag, 3), NGCRT_ERR_SIZE_MISMATCH);
    CHECK(Sigma[1] == 0.0);
    CHECK_STATUS(ngcrt_gaussian_error_set_sigma_f64(&cell, diag, 9), NGCRT_OK);
    for (i = 0; i < 6; ++i) target[i] = 1.0;
    CHECK_STATUS(ngcrt_gaussian_error_step_f64(&cell, 0.0), NGCRT_OK);
    CHECK(dmu[0] == 0.25 && dmu[1] == 1.0 && dmu[2] == 4.0 && dmu[5] == 4.0 && dtarget[2] == -4.0);
    /* dSigma = 0.5 (P (sum_b e e^T) P - 2 P): diagonal 0.5 (2/16 - 2/4), ... */
    CHECK(dSigma[0] == 0.5 * (2.0 / 16.0 - 0.5) && dSigma[4] == 0.0 && dSigma[1] == 0.5 * (2.0 * 0.25));
}

int main(void) {
    printf("ngcrt C API test on target %s\n", NGCRT_TEST_TARGET);
    test_status();
    test_laplacian();
    test_bernoulli();
    test_leaky();
    test_full();
    run_typed_f32();
    run_typed_f64();
    return checks_summary("ngcrt C API test");
}
