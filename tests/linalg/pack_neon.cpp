// tests/linalg/pack_neon.cpp - src/linalg/cholesky.hpp on the Arm target's NEON, with packs
// like the library's kernels (src/kernels/neon64.cpp, neon.cpp): on AArch64 xsimd::neon64 with
// FDIV for the division (xsimd 8.1's is a reciprocal estimate); on ARMv7 a float pack that
// says it flushes subnormals, which cholesky.hpp answers with the IEEE scalar pack (double
// has no ARMv7 NEON arithmetic: the scalar pack, as in the library).
#include <arm_neon.h>

#include "engine/xsimd_pack.hpp"
#include "run.hpp"

namespace ngcrt_linalg_test {
namespace {
#if defined(__aarch64__)
template <class T>
struct neon64_pack : ngcrt::detail::xsimd_pack<T, xsimd::neon64> {
    using reg = typename ngcrt::detail::xsimd_pack<T, xsimd::neon64>::reg;
    static reg div(reg a, reg b) noexcept {
        if constexpr (sizeof(T) == 4) {
            return vdivq_f32(a, b);
        } else {
            return vdivq_f64(a, b);
        }
    }
};
using pack_f = neon64_pack<float>;
using pack_d = neon64_pack<double>;
#else
struct neon32_pack : ngcrt::detail::xsimd_pack<float, xsimd::neon> {
    static constexpr bool flushes_subnormals = true;
};
using pack_f = neon32_pack;
using pack_d = ngcrt::detail::scalar_pack<double>;
#endif
}  // namespace

const runner& runner_neon() {
    static const runner r = make_runner<pack_f, pack_d>("neon");
    return r;
}
}  // namespace ngcrt_linalg_test
