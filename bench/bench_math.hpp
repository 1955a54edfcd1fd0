// bench/bench_math.hpp - the per-ISA math rows (bench_math_isa.cpp, one object per ISA).
#pragma once

#include <cstddef>

namespace ngcrt_bench {

enum class math_fn { exp, log, expm1, log1p };

#define NGCRT_BENCH_MATH_DECL(prefix, isa)                                \
    void prefix##isa(math_fn f, const float* x, float* y, std::size_t n); \
    void prefix##isa(math_fn f, const double* x, double* y, std::size_t n);
NGCRT_BENCH_MATH_DECL(ngcrt_math_, scalar)
NGCRT_BENCH_MATH_DECL(ngcrt_math_, sse2)
NGCRT_BENCH_MATH_DECL(ngcrt_math_, avx2)
NGCRT_BENCH_MATH_DECL(ngcrt_math_, avx512)
NGCRT_BENCH_MATH_DECL(xsimd_math_, sse2)
NGCRT_BENCH_MATH_DECL(xsimd_math_, avx2)
NGCRT_BENCH_MATH_DECL(xsimd_math_, avx512)
#undef NGCRT_BENCH_MATH_DECL

}  // namespace ngcrt_bench
