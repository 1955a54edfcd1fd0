// sse2 kernel: this file alone is compiled with the sse2 flags (see CMakeLists.txt).
#include "kernel_entry.hpp"
#include "engine/traverse.hpp"
#include "engine/xsimd_pack.hpp"

namespace ngcrt::detail {
template <class T>
using sse2_pack = xsimd_pack<T, xsimd::sse2>;
}

NGCRT_DEFINE_KERNEL(sse2, ngcrt::detail::sse2_pack)
