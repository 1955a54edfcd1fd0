// ngcrt/kernel.hpp - which compiled step kernel runs, and how to choose one.
//
// A host (x86-64) build compiles the step once per ISA (scalar, SSE2, AVX2, AVX-512)
// and picks the best one the CPU supports, once, on first use. A firmware build
// compiles one statically chosen kernel and carries no dispatch code. Every kernel
// gives the same bits (see docs/determinism.md), so forcing a lower one is safe.
#pragma once

#include "ngcrt/status.hpp"

namespace ngcrt {

enum class kernel : unsigned char { scalar = 0, sse2, avx2, avx512, neon, neon64, helium };

inline constexpr kernel all_kernels[] = {kernel::scalar, kernel::sse2,   kernel::avx2,  kernel::avx512,
                                         kernel::neon,   kernel::neon64, kernel::helium};

constexpr const char* to_string(kernel k) noexcept {
    switch (k) {
        case kernel::scalar: return "scalar";
        case kernel::sse2: return "sse2";
        case kernel::avx2: return "avx2";
        case kernel::avx512: return "avx512";
        case kernel::neon: return "neon";
        case kernel::neon64: return "neon64";
        case kernel::helium: return "helium";
    }
    return "unknown";
}

// The kernel that advance_state() uses now.
kernel active_kernel() noexcept;

// True if k is compiled into this build and this CPU can execute it.
bool kernel_available(kernel k) noexcept;

// Use k from now on (for tests and comparisons). unsupported_kernel if !kernel_available(k).
// Not meant to be called while another thread is stepping a cell.
status force_kernel(kernel k) noexcept;

// Go back to the best available kernel.
void reset_kernel() noexcept;

// True if this build selects its kernel at run time (host builds).
bool runtime_dispatch() noexcept;

}  // namespace ngcrt
