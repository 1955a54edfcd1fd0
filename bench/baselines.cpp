// bench/baselines.cpp - the baselines, written as their users would write them.
// Compiled twice: with the build's default flags (NGCRT_BENCH_SUFFIX empty) and with
// -march=native (baselines_native.cpp, suffix _native).
#include <cmath>
#include <cstring>

#include <Eigen/Core>

#include "baselines.hpp"

#ifndef NGCRT_BENCH_SUFFIX
#define NGCRT_BENCH_SUFFIX
#endif
#define NGCRT_BENCH_CAT2(a, b) a##b
#define NGCRT_BENCH_CAT(a, b) NGCRT_BENCH_CAT2(a, b)
#define NGCRT_BENCH_NAME(f) NGCRT_BENCH_CAT(f, NGCRT_BENCH_SUFFIX)

namespace ngcrt_bench {

// The loop straight from the spec, as a C++ user writes it.
float NGCRT_BENCH_NAME(naive_step)(const arrays& a, std::size_t n, float sigma) {
    const float r = 1.0f / sigma;
    float S = 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
        const float e = a.target[i] - a.mu[i];
        const float d = e * r;
        a.dmu[i] = d * a.modulator[i] * a.mask[i];
        a.dtarget[i] = -d * a.modulator[i] * a.mask[i];
        a.mask[i] = 1.0f;
        S += e * e;
    }
    return -S * (1.0f / (sigma * sigma * 2.0f));
}

// Eigen 3.4 array expressions, as an Eigen user writes them.
float NGCRT_BENCH_NAME(eigen_step)(const arrays& a, std::size_t n, float sigma) {
    using Map = Eigen::Map<Eigen::ArrayXf>;
    const auto len = static_cast<Eigen::Index>(n);
    Map mu(a.mu, len), target(a.target, len), modulator(a.modulator, len), mask(a.mask, len);
    Map dmu(a.dmu, len), dtarget(a.dtarget, len);
    // Eigen's documentation warns against `auto` for expressions: its users keep e in an
    // array (one allocation and one pass more), then write each output as an expression.
    const Eigen::ArrayXf e = target - mu;
    const float r = 1.0f / sigma;
    dmu = e * r * modulator * mask;
    dtarget = -dmu;
    const float S = e.square().sum();
    mask.setOnes();
    return -S * (1.0f / (sigma * sigma * 2.0f));
}

// BernoulliErrorCell's step as a user writes it with the C library's expf/logf (the
// spec's formulas, probability or logit input, every input live).
float NGCRT_BENCH_NAME(naive_bernoulli_step)(const arrays& a, std::size_t n, bool logits) {
    float L = 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
        const float p = a.mu[i], x = a.target[i];
        const float s = 1.0f / (1.0f + std::exp(-p));
        float q = logits ? s : p;
        q = q < 1e-4f ? 1e-4f : q > 0.9999f ? 0.9999f : q;
        const float lq = std::log(q), lomq = std::log(1.0f - q);
        L += lq * x + lomq * (1.0f - x);
        const float g = logits ? x - q : (x / q - (1.0f - x) / (1.0f - q)) * s * (1.0f - s);
        a.dmu[i] = g * a.modulator[i] * a.mask[i];
        a.dtarget[i] = (lq - lomq) * a.modulator[i] * a.mask[i];
        a.mask[i] = 1.0f;
    }
    return L;
}

#ifdef NGCRT_BENCH_FLOOR
namespace {
// Bit copies, and an OR for the mask's read-modify-write: the traffic of a live step with
// no floating-point work. (restrict parameters: GCC vectorises only when it can rule
// out aliasing; memcpy is how C++ reads a float's bits.)
void floor_kernel(const float* __restrict mu, const float* __restrict target,
                  const float* __restrict modulator, float* __restrict mask, float* __restrict dmu,
                  float* __restrict dtarget, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        dmu[i] = mu[i];
        dtarget[i] = target[i];
        unsigned int m, g;
        std::memcpy(&m, &mask[i], sizeof m);
        std::memcpy(&g, &modulator[i], sizeof g);
        m |= g;
        std::memcpy(&mask[i], &m, sizeof m);
    }
}
}  // namespace

void floor_step(const arrays& a, std::size_t n) {
    floor_kernel(a.mu, a.target, a.modulator, a.mask, a.dmu, a.dtarget, n);
}
#endif

}  // namespace ngcrt_bench
