// avx512 kernel: this file alone is compiled with the avx512 flags (see CMakeLists.txt).
#include "kernel_entry.hpp"
#include "engine/traverse.hpp"
#include "engine/xsimd_pack.hpp"

namespace ngcrt::detail {
template <class T>
using avx512_pack = xsimd_pack<T, xsimd::avx512f>;
}

NGCRT_DEFINE_KERNEL(avx512, ngcrt::detail::avx512_pack)
