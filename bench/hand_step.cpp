// bench/hand_step.cpp - the live step's arithmetic as a SIMD programmer would hand-write it
// for this machine, with none of ngcrt's obligations: e = target - mu;
// d = ((e * k) * modulator) * mask; dmu = d; dtarget = -d; mask = 1; sum of e * e, 64
// elements a pass in four 16-float registers, the sum in two running registers folded in
// any order; no checks, no dispatch, no fixed summation order (so its L is not ngcrt's).
// AVX-512 intrinsics where -march=native has them, GCC vector extensions otherwise;
// -ffp-contract=off (no FMA, like the step). Not a baseline a user would write: a yardstick
// for what the arithmetic alone costs here.
#include <cstddef>

#include "baselines.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace ngcrt_bench {

float hand_step(const arrays& a, std::size_t n, float k) {
    // (restrict copies: a store through one stream must not make the compiler reload
    // the others' pointers from `a`)
    const float* __restrict mu = a.mu;
    const float* __restrict target = a.target;
    const float* __restrict modulator = a.modulator;
    float* __restrict mask = a.mask;
    float* __restrict dmu = a.dmu;
    float* __restrict dtarget = a.dtarget;
    float S = 0.0f;
    std::size_t i = 0;
#if defined(__AVX512F__)
    const __m512 kk = _mm512_set1_ps(k), sign = _mm512_set1_ps(-0.0f), one = _mm512_set1_ps(1.0f);
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    for (; i + 64 <= n; i += 64) {
        for (std::size_t o = 0; o < 64; o += 16) {
            const __m512 e = _mm512_sub_ps(_mm512_loadu_ps(target + i + o), _mm512_loadu_ps(mu + i + o));
            const __m512 d =
                _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(e, kk), _mm512_loadu_ps(modulator + i + o)),
                              _mm512_loadu_ps(mask + i + o));
            _mm512_storeu_ps(dmu + i + o, d);
            _mm512_storeu_ps(dtarget + i + o, _mm512_castsi512_ps(_mm512_xor_si512(
                                                  _mm512_castps_si512(d), _mm512_castps_si512(sign))));
            _mm512_storeu_ps(mask + i + o, one);
            if (o & 16) {
                s1 = _mm512_add_ps(s1, _mm512_mul_ps(e, e));
            } else {
                s0 = _mm512_add_ps(s0, _mm512_mul_ps(e, e));
            }
        }
    }
    S = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
#else
    typedef float v16 __attribute__((vector_size(64)));
    const v16 kk = v16{} + k, one = v16{} + 1.0f;
    v16 s0{}, s1{};
    for (; i + 64 <= n; i += 64) {
        for (std::size_t o = 0; o < 64; o += 16) {
            v16 t, m, md, mk;
            __builtin_memcpy(&t, target + i + o, sizeof t);
            __builtin_memcpy(&m, mu + i + o, sizeof m);
            __builtin_memcpy(&md, modulator + i + o, sizeof md);
            __builtin_memcpy(&mk, mask + i + o, sizeof mk);
            const v16 e = t - m;
            const v16 d = ((e * kk) * md) * mk;
            const v16 nd = -d;
            __builtin_memcpy(dmu + i + o, &d, sizeof d);
            __builtin_memcpy(dtarget + i + o, &nd, sizeof nd);
            __builtin_memcpy(mask + i + o, &one, sizeof one);
            if (o & 16) {
                s1 += e * e;
            } else {
                s0 += e * e;
            }
        }
    }
    const v16 s = s0 + s1;
    for (int l = 0; l < 16; ++l) S += s[l];
#endif
    for (; i < n; ++i) {  // (n is a multiple of 64 in every benchmark)
        const float e = target[i] - mu[i];
        dmu[i] = ((e * k) * modulator[i]) * mask[i];
        dtarget[i] = -dmu[i];
        mask[i] = 1.0f;
        S += e * e;
    }
    return -S * (k * k * 0.5f);
}

}  // namespace ngcrt_bench
