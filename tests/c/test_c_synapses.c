/* tests/c/test_c_synapses.c - the synapses' C API (include/ngcrt/ngcrt.h), from C99 on every
 * target: docs/spec/synapses.md's vectors 1 (Adam), 3 (the order of the sum, forward and
 * over const weights transposed) and 4 (Hebbian evolve, every step; with and without a
 * kept dWeights), and the error paths (the right code, nothing changed). Prints each failed
 * check and a summary; exits non-zero on failure. */
#include "c_check.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Vector 3: column 0 sums 2^24 + 1 - 2^24 upwards (0), then the feedback product over the
 * same const array read transposed. */
static const float order_weights[6] = {16777216.f, 0.5f, 1.f, 0.25f, -16777216.f, 0.125f};

static void dense_vectors(void) {
    static float x[3], y[2], b[2], e[2], z[3];
    static ngcrt_dense_synapse_f32 fwd, back;
    ngcrt_dense_synapse_config cfg = {3, 2, 1, NGCRT_BIASES_ROW, NGCRT_WEIGHTS_NORMAL};
    ngcrt_dense_synapse_buffers_f32 buf = {x, y, order_weights, b};
    ngcrt_dense_synapse_config cfg_back = {2, 3, 1, NGCRT_BIASES_NONE, NGCRT_WEIGHTS_TRANSPOSED};
    ngcrt_dense_synapse_buffers_f32 buf_back = {e, z, order_weights, NULL};
    CHECK(ngcrt_dense_synapse_init_f32(&fwd, &cfg, &buf, 1.0f) == NGCRT_OK);
    x[0] = x[1] = x[2] = 1.f;
    b[0] = 0.f;
    b[1] = -1.f;
    CHECK(ngcrt_dense_synapse_step_f32(&fwd) == NGCRT_OK);
    CHECK(y[0] == 0.f && y[1] == -0.125f);
    /* e @ W^T: z[i] = e[0] * W[i][0] + e[1] * W[i][1], upwards. */
    CHECK(ngcrt_dense_synapse_init_f32(&back, &cfg_back, &buf_back, 1.0f) == NGCRT_OK);
    e[0] = 1.f;
    e[1] = 2.f;
    CHECK(ngcrt_dense_synapse_step_f32(&back) == NGCRT_OK);
    CHECK(z[0] == 16777216.f + 1.f && z[1] == 1.5f && z[2] == -16777216.f + 0.25f);
    CHECK(ngcrt_dense_synapse_batch_size_f32(&fwd) == 1);

    /* Error paths: nothing written, the instance keeps working. */
    {
        static float pool[16];
        static ngcrt_dense_synapse_f32 bad;
        ngcrt_dense_synapse_config c = cfg;
        ngcrt_dense_synapse_buffers_f32 overlap = {pool, pool + 2, order_weights, pool + 8};
        float mask[6] = {1, 1, 1, 1, 1, 1};
        memset(pool, 0x55, sizeof pool);
        CHECK(ngcrt_dense_synapse_init_f32(NULL, &cfg, &buf, 1.0f) == NGCRT_ERR_NULL_BUFFER);
        CHECK(ngcrt_dense_synapse_init_f32(&bad, NULL, &buf, 1.0f) == NGCRT_ERR_NULL_BUFFER);
        c.in = 0;
        CHECK(ngcrt_dense_synapse_init_f32(&bad, &c, &buf, 1.0f) == NGCRT_ERR_INVALID_SHAPE);
        c = cfg;
        c.max_batch = 0;
        CHECK(ngcrt_dense_synapse_init_f32(&bad, &c, &buf, 1.0f) == NGCRT_ERR_INVALID_BATCH_SIZE);
        c = cfg;
        c.layout = (ngcrt_weight_layout)7;
        CHECK(ngcrt_dense_synapse_init_f32(&bad, &c, &buf, 1.0f) == NGCRT_ERR_INVALID_ARGUMENT);
        CHECK(ngcrt_dense_synapse_init_f32(&bad, &cfg, &overlap, 1.0f) == NGCRT_ERR_OVERLAPPING_BUFFERS);
        CHECK(ngcrt_dense_synapse_init_f32(&bad, &cfg, &buf, NAN) == NGCRT_ERR_INVALID_ARGUMENT);
        CHECK(bits32(pool[0]) == 0x55555555u && bits32(pool[15]) == 0x55555555u);
        CHECK(ngcrt_dense_synapse_step_f32(&bad) == NGCRT_ERR_NOT_INITIALIZED);
        CHECK(ngcrt_dense_synapse_batch_size_f32(&bad) == 0);
        CHECK(ngcrt_dense_synapse_batched_reset_f32(&fwd, 2) == NGCRT_ERR_INVALID_BATCH_SIZE);
        CHECK(ngcrt_dense_synapse_set_resist_scale_f32(&fwd, INFINITY) == NGCRT_ERR_INVALID_ARGUMENT);
        CHECK(ngcrt_dense_synapse_bind_mask_f32(&fwd, mask, 5) == NGCRT_ERR_SIZE_MISMATCH);
        CHECK(ngcrt_dense_synapse_bind_mask_f32(&fwd, y, 6) == NGCRT_ERR_OVERLAPPING_BUFFERS);
        CHECK(ngcrt_dense_synapse_bind_mask_f32(&fwd, mask, 6) == NGCRT_OK);
        CHECK(ngcrt_dense_synapse_bind_mask_f32(&fwd, NULL, 0) == NGCRT_OK);
        CHECK(ngcrt_dense_synapse_step_f32(&fwd) == NGCRT_OK);
        CHECK(y[0] == 0.f && y[1] == -0.125f);
    }
}

static void hebbian_vector4(int keep_dw) {
    static float x[4], y[4], w[4], b[2], pre[4], post[4], dw[4], db[2];
    static ngcrt_hebbian_synapse_f32 h;
    const float pre0[4] = {1, 2, 3, 4}, post0[4] = {0.5f, -1, 0.25f, 2}, w0[4] = {0.5f, -0.5f, 0, 0.25f};
    const uint32_t want_w[4] = {0x3e59999au, 0xbf800000u, 0xbf800000u, 0xbf800000u};
    ngcrt_dense_synapse_config cfg = {2, 2, 2, NGCRT_BIASES_ROW, NGCRT_WEIGHTS_NORMAL};
    ngcrt_hebbian_synapse_buffers_f32 buf = {x, y, w, b, pre, post, keep_dw ? dw : NULL, db, NULL, NULL};
    ngcrt_hebbian_settings_f32 s;
    int i;
    ngcrt_hebbian_settings_defaults_f32(&s);
    CHECK(s.eta == 0.f && s.w_bound == 1.f && s.sign_value == 1.f && s.prior == NGCRT_WEIGHT_PRIOR_NONE);
    s.eta = 0.5f;
    CHECK(ngcrt_weight_prior_from_name("l2", &s.prior) == NGCRT_OK && s.prior == NGCRT_WEIGHT_PRIOR_L2);
    s.prior_lambda = 0.1f;
    memcpy(w, w0, sizeof w);
    b[0] = 0.1f;
    b[1] = 0.2f;
    CHECK(ngcrt_hebbian_synapse_init_f32(&h, &cfg, NGCRT_OPTIMIZER_SGD, &buf, &s) == NGCRT_OK);
    memcpy(pre, pre0, sizeof pre);
    memcpy(post, post0, sizeof post);
    CHECK(ngcrt_hebbian_synapse_evolve_f32(&h) == NGCRT_OK);
    for (i = 0; i < 4; ++i) CHECK(bits32(w[i]) == want_w[i]);
    CHECK(bits32(b[0]) == 0xbe8ccccdu && bits32(b[1]) == 0xbe99999au);
    CHECK(db[0] == 0.75f && db[1] == 1.f);
    if (keep_dw) CHECK(bits32(dw[0]) == 0x3f133333u && bits32(dw[3]) == 0x408f3333u);
    CHECK(ngcrt_hebbian_synapse_step_count_f32(&h) == 1.f);
    /* Refused settings change nothing; an instance of the other kind is INVALID_ARGUMENT. */
    s.eta = -1.f;
    CHECK(ngcrt_hebbian_synapse_set_settings_f32(&h, &s) == NGCRT_ERR_INVALID_ARGUMENT);
    CHECK(ngcrt_hebbian_synapse_set_step_count_f32(&h, 0.5f) == NGCRT_ERR_INVALID_ARGUMENT);
    CHECK(ngcrt_hebbian_synapse_step_count_f32(&h) == 1.f);
    CHECK(ngcrt_dense_synapse_step_f32((ngcrt_dense_synapse_f32*)(void*)&h) == NGCRT_ERR_INVALID_ARGUMENT);
    CHECK(ngcrt_hebbian_synapse_bind_pre_f32(&h, dw, 4) ==
          (keep_dw ? NGCRT_ERR_OVERLAPPING_BUFFERS : NGCRT_OK));
    CHECK(ngcrt_hebbian_synapse_bind_pre_f32(&h, NULL, 0) == NGCRT_OK);
    CHECK(ngcrt_hebbian_synapse_reset_f32(&h) == NGCRT_OK);
    CHECK(pre[0] == 0.f && db[0] == 0.f && bits32(w[0]) == want_w[0]);
}

static void hebbian_adam_vector1(void) {
    static double x[1], y[1], w[1], pre[1], post[1], db[1], m[1], v[1];
    static ngcrt_hebbian_synapse_f64 h;
    static float xf[1], yf[1], wf[1], pref[1], postf[1], dbf[1], mf[1], vf[1];
    static ngcrt_hebbian_synapse_f32 hf;
    ngcrt_dense_synapse_config cfg = {1, 1, 1, NGCRT_BIASES_NONE, NGCRT_WEIGHTS_NORMAL};
    ngcrt_hebbian_synapse_buffers_f32 buf = {xf, yf, wf, NULL, pref, postf, NULL, dbf, mf, vf};
    ngcrt_hebbian_synapse_buffers_f64 bufd = {x, y, w, NULL, pre, post, NULL, db, m, v};
    ngcrt_hebbian_settings_f32 s;
    ngcrt_hebbian_settings_f64 sd;
    ngcrt_optimizer o = NGCRT_OPTIMIZER_SGD;
    ngcrt_hebbian_settings_defaults_f32(&s);
    s.eta = 1e-3f;
    s.w_bound = 0.f;
    s.sign_value = -1.f;
    CHECK(ngcrt_optimizer_from_name("nag", &o) == NGCRT_ERR_INVALID_ARGUMENT && o == NGCRT_OPTIMIZER_SGD);
    CHECK(ngcrt_optimizer_from_name("adam", &o) == NGCRT_OK && o == NGCRT_OPTIMIZER_ADAM);
    CHECK(ngcrt_hebbian_synapse_init_f32(&hf, &cfg, o, &buf, &s) == NGCRT_OK);
    wf[0] = 0.5f;
    pref[0] = 1.f;
    postf[0] = 0.75f;
    CHECK(ngcrt_hebbian_synapse_evolve_f32(&hf) == NGCRT_OK);
    CHECK(bits32(wf[0]) == 0x3f004189u);
    CHECK(ngcrt_hebbian_synapse_evolve_f32(&hf) == NGCRT_OK);
    CHECK(bits32(wf[0]) == 0x3f008312u);
    /* The double API accepts the same calls (a moment buffer missing: NULL_BUFFER). */
    ngcrt_hebbian_settings_defaults_f64(&sd);
    sd.eta = 1e-3;
    bufd.second_moments = NULL;
    CHECK(ngcrt_hebbian_synapse_init_f64(&h, &cfg, NGCRT_OPTIMIZER_ADAM, &bufd, &sd) ==
          NGCRT_ERR_NULL_BUFFER);
    bufd.second_moments = v;
    CHECK(ngcrt_hebbian_synapse_init_f64(&h, &cfg, (ngcrt_optimizer)2, &bufd, &sd) ==
          NGCRT_ERR_INVALID_ARGUMENT);
    CHECK(ngcrt_hebbian_synapse_init_f64(&h, &cfg, NGCRT_OPTIMIZER_ADAM, &bufd, &sd) == NGCRT_OK);
    w[0] = 0.5;
    pre[0] = 1.0;
    post[0] = -0.75;
    CHECK(ngcrt_hebbian_synapse_evolve_f64(&h) == NGCRT_OK);
    CHECK(fabs(w[0] - 0.501) < 1e-9);
}

int main(void) {
    printf("ngcrt C synapse test on target %s\n", NGCRT_TEST_TARGET);
    dense_vectors();
    hebbian_vector4(1);
    hebbian_vector4(0);
    hebbian_adam_vector1();
    return checks_summary("ngcrt C synapse test");
}
