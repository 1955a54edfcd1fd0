// neon64 kernel: this file alone is compiled with the neon64 flags (see CMakeLists.txt).
#include "kernel_entry.hpp"
#include "step_impl.hpp"
#include "xsimd_pack.hpp"

namespace ngcrt::detail {
template <class T>
using neon64_pack = xsimd_pack<T, xsimd::neon64>;
}

NGCRT_DEFINE_KERNEL(neon64, ngcrt::detail::neon64_pack)
