/* tests/c/test_rate_c_api.c - RateCell's C API (include/ngcrt/ngcrt.h, "RateCell") from C99 on
 * every target: the spec's vectors 1 and 3 (ngclearn's names through ngcrt_integrator_from_name),
 * float and double, reset / batched_reset, wiring, every error path (right code, nothing
 * changed). Prints each failed check and a summary; exits non-zero on failure. */
#include "c_check.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static ngcrt_rate_cell_f32 cell32;
static ngcrt_rate_cell_f64 cell64;

static void vector1(void) {
    static const uint32_t want[10] = {0x3ca3d70a, 0x3d23d70a, 0x3d75c28f, 0x3da3d70a, 0x3dcccccc,
                                      0x3df5c28e, 0x3e0f5c28, 0x3e23d709, 0x3e3851ea, 0x3e4ccccb};
    float j[1], jt[1], z[1], zF[1];
    ngcrt_rate_config c = ngcrt_rate_config_default();
    ngcrt_rate_buffers_f32 b;
    int k;
    b.j = j;
    b.j_td = jt;
    b.z = z;
    b.zF = zF;
    b.capacity = 1;
    c.tau_m = 50.0;
    CHECK(ngcrt_rate_cell_init_f32(&cell32, &c, &b) == NGCRT_OK);
    ngcrt_rate_cell_j_f32(&cell32)[0] = 1.f;
    for (k = 0; k < 10; ++k) {
        CHECK(ngcrt_rate_cell_advance_state_f32(&cell32, 1.f) == NGCRT_OK);
        CHECK(bits32(ngcrt_rate_cell_z_f32(&cell32)[0]) == want[k]);
    }
}

static void vector3(void) {
    static const char* names[4] = {"euler", "rk4", "midpoint", "heun"};
    static const uint32_t want[4] = {0x3f4ed917, 0x3f4ed917, 0x3f4ed528, 0x3f4ed52d};
    int k;
    for (k = 0; k < 4; ++k) {
        float j[1], jt[1], z[1], zF[1];
        double jd[1], jtd[1], zd[1], zFd[1];
        ngcrt_rate_config c = ngcrt_rate_config_default();
        ngcrt_rate_buffers_f32 b;
        ngcrt_rate_buffers_f64 bd;
        b.j = j;
        b.j_td = jt;
        b.z = z;
        b.zF = zF;
        b.capacity = 1;
        bd.j = jd;
        bd.j_td = jtd;
        bd.z = zd;
        bd.zF = zFd;
        bd.capacity = 1;
        c.tau_m = 10.0;
        c.gamma = 0.3;
        c.integration = ngcrt_integrator_from_name(names[k]);
        CHECK(ngcrt_rate_cell_init_f32(&cell32, &c, &b) == NGCRT_OK);
        z[0] = 0.8f;
        j[0] = 0.5f;
        jt[0] = -0.1f;
        CHECK(ngcrt_rate_cell_advance_state_f32(&cell32, 0.5f) == NGCRT_OK);
        CHECK(bits32(z[0]) == want[k]);
        CHECK(ngcrt_rate_cell_init_f64(&cell64, &c, &bd) == NGCRT_OK);
        zd[0] = 0.8;
        jd[0] = 0.5;
        jtd[0] = -0.1;
        CHECK(ngcrt_rate_cell_advance_state_f64(&cell64, 0.5) == NGCRT_OK);
        CHECK(fabs(zd[0] - (k < 2 ? 0.808 : 0.8079403)) < 1e-6);
    }
}

static void rules(void) {
    float j[10], jt[10], z[10], zF[10], src[10];
    ngcrt_rate_config c = ngcrt_rate_config_default();
    ngcrt_rate_buffers_f32 b;
    ngcrt_rate_cell_f32 never;
    ngcrt_activation a = NGCRT_ACTIVATION_IDENTITY;
    int i;
    memset(&never, 0, sizeof never);
    b.j = j;
    b.j_td = jt;
    b.z = z;
    b.zF = zF;
    b.capacity = 10;
    c.dims[0] = 5;
    c.batch_size = 1;
    c.max_batch = 2;
    c.tau_m = 10.0;
    c.act_fx = NGCRT_ACTIVATION_SIGMOID;
    CHECK(ngcrt_rate_cell_init_f32(&cell32, &c, &b) == NGCRT_OK);
    CHECK(ngcrt_rate_cell_batch_size_f32(&cell32) == 1);
    for (i = 0; i < 10; ++i) {
        z[i] = 0.1f * (float)i;
        src[i] = 1.f;
    }
    /* bad input: the status, nothing changed */
    CHECK(ngcrt_rate_cell_advance_state_f32(&cell32, 0.f) == NGCRT_ERR_INVALID_TIME_STEP);
    CHECK(ngcrt_rate_cell_advance_state_f32(&cell32, (float)NAN) == NGCRT_ERR_INVALID_TIME_STEP);
    CHECK(ngcrt_rate_cell_batched_reset_f32(&cell32, 3) == NGCRT_ERR_INVALID_BATCH_SIZE);
    CHECK(ngcrt_rate_cell_bind_j_f32(&cell32, z + 2) == NGCRT_ERR_OVERLAPPING_BUFFERS);
    CHECK(z[3] == 0.3f);
    CHECK(ngcrt_rate_cell_advance_state_f32(NULL, 1.f) == NGCRT_ERR_NULL_BUFFER);
    CHECK(ngcrt_rate_cell_advance_state_f32(&never, 1.f) == NGCRT_ERR_NOT_INITIALIZED);
    CHECK(ngcrt_rate_cell_z_f32(&never) == NULL);
    CHECK(ngcrt_rate_cell_batch_size_f32(&never) == 0);
    {
        ngcrt_rate_config bad = c;
        ngcrt_rate_cell_f32 other;
        bad.threshold = NGCRT_THRESHOLD_CAUCHY;
        CHECK(ngcrt_rate_cell_init_f32(&other, &bad, &b) == NGCRT_ERR_INVALID_ARGUMENT);
        CHECK(ngcrt_rate_cell_advance_state_f32(&other, 1.f) == NGCRT_ERR_NOT_INITIALIZED);
        bad = c;
        bad.tau_m = INFINITY;
        CHECK(ngcrt_rate_cell_init_f32(&other, &bad, &b) == NGCRT_ERR_INVALID_TIME_STEP);
        bad = c;
        memset(&bad.act_fx, 0x7f, sizeof bad.act_fx);
        CHECK(ngcrt_rate_cell_init_f32(&other, &bad, &b) == NGCRT_ERR_INVALID_ARGUMENT);
        bad = c;
        bad.max_batch = 3;
        CHECK(ngcrt_rate_cell_init_f32(&other, &bad, &b) == NGCRT_ERR_SIZE_MISMATCH);
        CHECK(ngcrt_rate_cell_init_f32(&other, NULL, &b) == NGCRT_ERR_NULL_BUFFER);
        /* a copy is not initialised */
        memcpy(&other, &cell32, sizeof other);
        CHECK(ngcrt_rate_cell_advance_state_f32(&other, 1.f) == NGCRT_ERR_NOT_INITIALIZED);
    }
    /* wiring: j read from src, no write-back */
    CHECK(ngcrt_rate_cell_bind_j_f32(&cell32, src) == NGCRT_OK);
    CHECK(ngcrt_rate_cell_advance_state_f32(&cell32, 1.f) == NGCRT_OK);
    CHECK(src[0] == 1.f);
    CHECK(z[0] > 0.f);
    CHECK(ngcrt_rate_cell_batched_reset_f32(&cell32, 2) == NGCRT_OK);
    CHECK(ngcrt_rate_cell_batch_size_f32(&cell32) == 2);
    CHECK(z[9] == 0.f);
    CHECK(ngcrt_rate_cell_reset_f32(&cell32) == NGCRT_OK);
    /* names */
    CHECK(ngcrt_integrator_from_name("rk4") == NGCRT_RATE_EULER);
    CHECK(ngcrt_integrator_from_name("rk2_heun") == NGCRT_RATE_RK4);
    CHECK(ngcrt_activation_from_name("gelu", &a) == NGCRT_OK && a == NGCRT_ACTIVATION_GELU);
    CHECK(ngcrt_activation_from_name("swish", &a) == NGCRT_ERR_INVALID_ARGUMENT &&
          a == NGCRT_ACTIVATION_GELU);
    CHECK(ngcrt_prior_from_name("student-t") == NGCRT_PRIOR_GAUSSIAN);
    CHECK(ngcrt_threshold_from_name("soft_threshold") == NGCRT_THRESHOLD_SOFT);
}

int main(void) {
    printf("ngcrt RateCell C API test on target %s\n", NGCRT_TEST_TARGET);
    vector1();
    vector3();
    rules();
    return checks_summary("ngcrt RateCell C API test");
}
