// tests/linalg/pack_avx2.cpp - src/linalg/cholesky.hpp on xsimd::avx2, compiled with this ISA's
// flags (tests/linalg/CMakeLists.txt) and -ffp-contract=off, as the library's avx2 kernel is.
#include "engine/xsimd_pack.hpp"
#include "run.hpp"

namespace ngcrt_linalg_test {
const runner& runner_avx2() {
    using ngcrt::detail::xsimd_pack;
    static const runner r =
        make_runner<xsimd_pack<float, xsimd::avx2>, xsimd_pack<double, xsimd::avx2>>("avx2");
    return r;
}
}  // namespace ngcrt_linalg_test
