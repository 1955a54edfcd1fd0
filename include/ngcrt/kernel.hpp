// ngcrt/kernel.hpp - which compiled step kernel runs, and how to choose one.
//
// A host (x86-64) build compiles the step once per ISA (scalar, SSE2, AVX2, AVX-512)
// and picks the best one the CPU supports, once, on first use. A firmware build
// compiles one statically chosen kernel and carries no dispatch code. Every kernel
// gives the same bits (see docs/determinism.md), so forcing a lower one is safe.
#pragma once

#include "ngcrt/status.hpp"

namespace ngcrt {

// The step kernels ngcrt has, lowest to highest: the one list of them. CMake
// (cmake/NgcrtKernels.cmake), the dispatch (src/dispatch.cpp), the tests and the tools all
// read it; each has a translation unit src/kernels/<name>.cpp.
//   X(name, what it runs on)
#define NGCRT_KERNEL_LIST(X)                   \
    X(scalar, "scalar C++")                    \
    X(sse2, "x86 SSE2, 4 x float")             \
    X(avx2, "x86 AVX2, 8 x float")             \
    X(avx512, "x86 AVX-512, 16 x float")       \
    X(neon, "Arm NEON (AArch32), 4 x float")   \
    X(neon64, "Arm NEON (AArch64), 4 x float") \
    X(helium, "Arm Helium (MVE), 4 x float")

#define NGCRT_KERNEL_ENUMERATOR_(name, what) name,
enum class kernel : unsigned char { NGCRT_KERNEL_LIST(NGCRT_KERNEL_ENUMERATOR_) };
#define NGCRT_KERNEL_ALL_(name, what) kernel::name,
inline constexpr kernel all_kernels[] = {NGCRT_KERNEL_LIST(NGCRT_KERNEL_ALL_)};
#undef NGCRT_KERNEL_ALL_
#undef NGCRT_KERNEL_ENUMERATOR_

constexpr const char* to_string(kernel k) noexcept {
#define NGCRT_KERNEL_NAME_(name, what) \
    if (k == kernel::name) return #name;
    NGCRT_KERNEL_LIST(NGCRT_KERNEL_NAME_)
#undef NGCRT_KERNEL_NAME_
    return "unknown";
}

// What kernel k runs on, in words ("x86 AVX2, 8 x float").
constexpr const char* describe(kernel k) noexcept {
#define NGCRT_KERNEL_WHAT_(name, what) \
    if (k == kernel::name) return what;
    NGCRT_KERNEL_LIST(NGCRT_KERNEL_WHAT_)
#undef NGCRT_KERNEL_WHAT_
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
