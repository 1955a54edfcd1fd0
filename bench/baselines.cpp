// bench/baselines.cpp - the baselines, written as their users would write them.
// Compiled twice: with the build's default flags (NGCRT_BENCH_SUFFIX empty) and with
// -march=native (baselines_native.cpp, suffix _native).
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
    using Map = Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64>;
    const auto len = static_cast<Eigen::Index>(n);
    Map mu(a.mu, len), target(a.target, len), modulator(a.modulator, len), mask(a.mask, len);
    Map dmu(a.dmu, len), dtarget(a.dtarget, len);
    const float r = 1.0f / sigma;
    const auto e = target - mu;
    dmu = e * r * modulator * mask;
    dtarget = -(e * r) * modulator * mask;
    const float S = e.square().sum();
    mask.setOnes();
    return -S * (1.0f / (sigma * sigma * 2.0f));
}

#ifdef NGCRT_BENCH_FLOOR
// Bit copies (may_alias: the buffers hold floats) and an OR for the mask's
// read-modify-write: the traffic of a live step with no floating-point work.
void floor_step(const arrays& a, std::size_t n) {
    typedef unsigned int word __attribute__((may_alias));
    const word* __restrict mu = reinterpret_cast<const word*>(a.mu);
    const word* __restrict target = reinterpret_cast<const word*>(a.target);
    const word* __restrict modulator = reinterpret_cast<const word*>(a.modulator);
    word* __restrict mask = reinterpret_cast<word*>(a.mask);
    word* __restrict dmu = reinterpret_cast<word*>(a.dmu);
    word* __restrict dtarget = reinterpret_cast<word*>(a.dtarget);
    for (std::size_t i = 0; i < n; ++i) {
        dmu[i] = mu[i];
        dtarget[i] = target[i];
        mask[i] |= modulator[i];
    }
}
#endif

}  // namespace ngcrt_bench
