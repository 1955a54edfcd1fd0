// avx2 kernel: this file alone is compiled with the avx2 flags (see CMakeLists.txt).
#include "kernel_entry.hpp"
#include "engine/traverse.hpp"
#include "engine/xsimd_pack.hpp"

namespace ngcrt::detail {
template <class T>
using avx2_pack = xsimd_pack<T, xsimd::avx2>;
}

NGCRT_DEFINE_KERNEL(avx2, ngcrt::detail::avx2_pack)
