// neon kernel: this file alone is compiled with the neon flags (see CMakeLists.txt).
#include "kernel_entry.hpp"
#include "step_impl.hpp"
#include "xsimd_pack.hpp"

namespace ngcrt::detail {
template <class T>
using neon_pack = xsimd_pack<T, xsimd::neon>;
}

NGCRT_DEFINE_KERNEL(neon, ngcrt::detail::neon_pack)
