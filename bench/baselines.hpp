// bench/baselines.hpp - what ngcrt is measured against (see bench_step.cpp).
#pragma once

#include <cstddef>

namespace ngcrt_bench {

struct arrays {
    float* mu;
    float* target;
    float* modulator;
    float* mask;
    float* dmu;
    float* dtarget;
};

// Compiled with the build's default flags (bench/baselines.cpp): no -march, so SSE2 on
// x86-64, as a distribution or a user's plain build compiles them.
float naive_step(const arrays& a, std::size_t n, float sigma);
float eigen_step(const arrays& a, std::size_t n, float sigma);

// BernoulliErrorCell's step with the C library's expf/logf in a plain loop.
float naive_bernoulli_step(const arrays& a, std::size_t n, bool logits);

// The same code compiled with -march=native (bench/baselines_native.cpp): what a user
// who tunes for this machine gets.
float naive_step_native(const arrays& a, std::size_t n, float sigma);
float eigen_step_native(const arrays& a, std::size_t n, float sigma);
float naive_bernoulli_step_native(const arrays& a, std::size_t n, bool logits);

// The traffic floor: reads mu, target, modulator, mask; writes dmu, dtarget, mask;
// no floating-point arithmetic (-march=native, so the widest loads and stores).
void floor_step(const arrays& a, std::size_t n);

// The live step's arithmetic alone, hand-vectorised for this machine (bench/hand_step.cpp),
// with no checks, dispatch or fixed summation order: a yardstick, not a baseline.
// k = 1/Sigma.
float hand_step(const arrays& a, std::size_t n, float k);

}  // namespace ngcrt_bench
