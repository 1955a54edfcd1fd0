// bench/bench_linalg.hpp - what the per-ISA objects (bench_linalg_isa.cpp) and the Eigen
// baselines (bench_linalg_eigen.cpp, compiled twice) give bench_linalg.cpp.
#pragma once

#include <cstddef>

namespace ngcrt_bench_linalg {

// src/linalg/cholesky.hpp's functions on one ISA's float pack.
struct ngcrt_fns {
    bool (*factor)(const float*, std::size_t, float*, float&) noexcept;
    bool (*factor_logdet)(const float*, std::size_t, float*, float&) noexcept;
    float (*solve)(const float*, std::size_t, const float*, float*, float*) noexcept;
};
ngcrt_fns ngcrt_scalar();
ngcrt_fns ngcrt_sse2();
ngcrt_fns ngcrt_avx2();
ngcrt_fns ngcrt_avx512();

// Eigen 3.4, fixed-size Matrix<float, N, N> (N = 16, 64, 256), compiled with the build's default
// flags (x86-64: SSE2) and with -march=native (here AVX-512 with FMA).
inline constexpr int max_rhs = 8;
struct eigen_fns {
    void (*load)(int n, const float* a, const float* e);  // a: n x n row-major; e: max_rhs x n
    void (*compute)(int n);                               // LLT compute
    float (*solve)(int n, int b);                         // b solves and quadratic forms, sum of q
};
eigen_fns eigen_default();
eigen_fns eigen_native();

}  // namespace ngcrt_bench_linalg
