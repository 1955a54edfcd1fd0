// tests/linalg/pack_avx512.cpp - src/linalg/cholesky.hpp on xsimd::avx512f, compiled with this ISA's
// flags (tests/linalg/CMakeLists.txt) and -ffp-contract=off, as the library's avx512 kernel is.
#include "engine/xsimd_pack.hpp"
#include "run.hpp"

namespace ngcrt_linalg_test {
const runner& runner_avx512() {
    using ngcrt::detail::xsimd_pack;
    static const runner r =
        make_runner<xsimd_pack<float, xsimd::avx512f>, xsimd_pack<double, xsimd::avx512f>>("avx512");
    return r;
}
}  // namespace ngcrt_linalg_test
