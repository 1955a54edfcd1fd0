// tests/linalg/pack_sse2.cpp - src/linalg/cholesky.hpp on xsimd::sse2, compiled with this ISA's
// flags (tests/linalg/CMakeLists.txt) and -ffp-contract=off, as the library's sse2 kernel is.
#include "engine/xsimd_pack.hpp"
#include "run.hpp"

namespace ngcrt_linalg_test {
const runner& runner_sse2() {
    using ngcrt::detail::xsimd_pack;
    static const runner r =
        make_runner<xsimd_pack<float, xsimd::sse2>, xsimd_pack<double, xsimd::sse2>>("sse2");
    return r;
}
}  // namespace ngcrt_linalg_test
