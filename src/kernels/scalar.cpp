// Scalar kernel: plain C++, for every target (Cortex-M, RISC-V, ARMv7 without NEON) and
// as the reference the SIMD kernels are tested against.
#include "kernel_entry.hpp"
#include "engine/traverse.hpp"

NGCRT_DEFINE_KERNEL(scalar, ngcrt::detail::scalar_pack)
