// bench/bench_linalg_isa.cpp - one ISA's src/linalg/cholesky.hpp (float) for bench_linalg.cpp,
// compiled here with that ISA's flags and the library's floating-point rules
// (bench/CMakeLists.txt: NGCRT_BENCH_LA_ISA = scalar, sse2, avx2 or avx512).
#include "linalg/cholesky.hpp"

#if NGCRT_BENCH_LA_HAS_XSIMD
#include "engine/xsimd_pack.hpp"
#endif

#include "bench_linalg.hpp"

#define NGCRT_BENCH_LA_CAT2(a, b) a##b
#define NGCRT_BENCH_LA_CAT(a, b) NGCRT_BENCH_LA_CAT2(a, b)

namespace ngcrt_bench_linalg {
namespace {
#if NGCRT_BENCH_LA_HAS_XSIMD
using pack = ngcrt::detail::xsimd_pack<float, NGCRT_BENCH_LA_ARCH>;
#else
using pack = ngcrt::detail::scalar_pack<float>;
#endif
namespace la = ngcrt::detail::linalg;
}  // namespace

ngcrt_fns NGCRT_BENCH_LA_CAT(ngcrt_, NGCRT_BENCH_LA_ISA)() {
    return {&la::factor<pack>, &la::factor_logdet<pack>, &la::solve<pack>};
}

}  // namespace ngcrt_bench_linalg
