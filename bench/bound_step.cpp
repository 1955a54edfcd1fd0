// bench/bound_step.cpp - a lower bound for the live step on this machine: the step's
// arithmetic (e = target - mu; d = ((e * k) * modulator) * mask; dmu = d; dtarget = -d;
// mask = 1; sum of e * e), 64 elements a pass in four 16-float vectors (GCC's vector
// extensions, so the widest registers -march=native offers), the sum in two running
// vectors folded in any order, and nothing else: no checks, no dispatch, no fixed
// summation order. Compiled with -march=native -ffp-contract=off (no FMA, like the step).
// It is not a baseline a user would write; it shows what the arithmetic alone costs.
#include <cstddef>
#include <cstring>

#include "baselines.hpp"

namespace ngcrt_bench {
namespace {
typedef float v16 __attribute__((vector_size(64)));
inline v16 load(const float* p) {
    v16 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store(float* p, v16 v) { std::memcpy(p, &v, sizeof v); }
}  // namespace

float bound_step(const arrays& a, std::size_t n, float k) {
    // (restrict copies: a store through one stream must not make the compiler reload
    // the others' pointers from `a`)
    const float* __restrict mu = a.mu;
    const float* __restrict target = a.target;
    const float* __restrict modulator = a.modulator;
    float* __restrict mask = a.mask;
    float* __restrict dmu = a.dmu;
    float* __restrict dtarget = a.dtarget;
    const v16 kk = v16{} + k, one = v16{} + 1.0f;
    v16 s0{}, s1{};
    std::size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        for (std::size_t o = 0; o < 64; o += 16) {
            const v16 e = load(target + i + o) - load(mu + i + o);
            const v16 d = ((e * kk) * load(modulator + i + o)) * load(mask + i + o);
            store(dmu + i + o, d);
            store(dtarget + i + o, -d);
            store(mask + i + o, one);
            if (o & 16) {
                s1 += e * e;
            } else {
                s0 += e * e;
            }
        }
    }
    float S = 0.0f;
    for (; i < n; ++i) {  // (n is a multiple of 64 in every benchmark)
        const float e = target[i] - mu[i];
        dmu[i] = ((e * k) * modulator[i]) * mask[i];
        dtarget[i] = -dmu[i];
        mask[i] = 1.0f;
        S += e * e;
    }
    const v16 s = s0 + s1;
    for (int l = 0; l < 16; ++l) S += s[l];
    return -S * (k * k * 0.5f);
}

}  // namespace ngcrt_bench
