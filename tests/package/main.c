/* find_package(ngcrt) consumer in C99, through ngcrt::c: the spec's regression vector 2
 * (3 units, sigma 1: dmu = [2, -2, 0], dtarget = [-2, 2, -0], L = -4). */
#include <stdio.h>

#include <ngcrt/ngcrt.h>

static float mu[3], target[3], modulator[3], mask[3], dmu[3], dtarget[3], Sigma[1], dSigma[1];
static ngcrt_error_cell_f32 cell; /* static storage: zeroed */

int main(void) {
    ngcrt_error_config cfg = {0};
    ngcrt_error_buffers_f32 buf = {mu, target, modulator, mask, dmu, dtarget, Sigma, dSigma, NULL, NULL};
    int ok;
    cfg.rank = 1;
    cfg.dims[0] = 3;
    cfg.max_batch = 1;
    if (ngcrt_gaussian_error_init_f32(&cell, &cfg, &buf, 1.0f) != NGCRT_OK) return 1;
    mu[0] = -1.0f;
    mu[1] = 1.0f;
    mu[2] = 1.0f;
    target[0] = 1.0f;
    target[1] = -1.0f;
    target[2] = 1.0f;
    if (ngcrt_gaussian_error_step_f32(&cell, 1.0f) != NGCRT_OK) return 1;
    ok = dmu[0] == 2.0f && dmu[1] == -2.0f && dmu[2] == 0.0f && dtarget[0] == -2.0f &&
         ngcrt_gaussian_error_L_f32(&cell) == -4.0f;
    printf("package consumer (C): dmu = [%g, %g, %g], L = %g, %s: %s\n", (double)dmu[0], (double)dmu[1],
           (double)dmu[2], (double)ngcrt_gaussian_error_L_f32(&cell),
           ngcrt_status_str(NGCRT_ERR_INVALID_SIGMA), ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
