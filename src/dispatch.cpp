// src/dispatch.cpp - the kernels compiled into this build, and which one runs.
//
// Host builds (NGCRT_RUNTIME_DISPATCH=1) compile several kernels and choose the best
// one the CPU can execute, once, on first use. Firmware builds compile exactly one
// kernel (NGCRT_STATIC_KERNEL) and call it directly: no table lookup, no CPU probing.
#include "kernels/kernel_entry.hpp"
#include "kernels/step_impl.hpp"
#include "ngcrt/kernel.hpp"

#ifndef NGCRT_RUNTIME_DISPATCH
#define NGCRT_RUNTIME_DISPATCH 0
#endif

#if NGCRT_RUNTIME_DISPATCH
#include <atomic>
#endif

namespace ngcrt {
namespace {

// (cppcheck 2.10 misses the calls through active() and compiled[0] below.)
struct kernel_entry {
    kernel id;
    // cppcheck-suppress unusedStructMember ; called by detail::step()
    float (*f32)(const detail::step_args<float>&) noexcept;
    // cppcheck-suppress unusedStructMember ; called by detail::step()
    double (*f64)(const detail::step_args<double>&) noexcept;
};

#define NGCRT_ENTRY(isa) {kernel::isa, &detail::kernels::step_##isa, &detail::kernels::step_##isa}

// Lowest to highest: the last executable entry is the default.
constexpr kernel_entry compiled[] = {
#if NGCRT_HAVE_KERNEL_SCALAR
    NGCRT_ENTRY(scalar),
#endif
#if NGCRT_HAVE_KERNEL_SSE2
    NGCRT_ENTRY(sse2),
#endif
#if NGCRT_HAVE_KERNEL_AVX2
    NGCRT_ENTRY(avx2),
#endif
#if NGCRT_HAVE_KERNEL_AVX512
    NGCRT_ENTRY(avx512),
#endif
#if NGCRT_HAVE_KERNEL_NEON
    NGCRT_ENTRY(neon),
#endif
#if NGCRT_HAVE_KERNEL_NEON64
    NGCRT_ENTRY(neon64),
#endif
#if NGCRT_HAVE_KERNEL_HELIUM
    NGCRT_ENTRY(helium),
#endif
};
constexpr int n_compiled = static_cast<int>(sizeof(compiled) / sizeof(compiled[0]));
static_assert(n_compiled >= 1, "ngcrt: no kernel compiled in");

// Can this CPU execute k? A kernel compiled without dispatch targets the build's own
// baseline, so it always can.
bool cpu_can_run(kernel k) noexcept {
#if NGCRT_RUNTIME_DISPATCH && (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    switch (k) {
        case kernel::sse2: return __builtin_cpu_supports("sse2");
        case kernel::avx2: return __builtin_cpu_supports("avx2");
        // xsimd's AVX-512 code needs F, CD, DQ and BW; the TU is compiled with VL too.
        case kernel::avx512:
            return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                   __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
                   __builtin_cpu_supports("avx512vl");
        default: return true;
    }
#else
    (void)k;
    return true;
#endif
}

int find(kernel k) noexcept {
    for (int i = 0; i < n_compiled; ++i)
        if (compiled[i].id == k) return i;
    return -1;
}

#if NGCRT_RUNTIME_DISPATCH
int best() noexcept {
    for (int i = n_compiled - 1; i > 0; --i)
        if (cpu_can_run(compiled[i].id)) return i;
    return 0;
}

// The dispatch state (mutable by design): which kernel runs, chosen on first use or by
// force_kernel(); -1: not chosen yet.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
std::atomic<int> active_index{-1};

const kernel_entry& active() noexcept {
    int i = active_index.load(std::memory_order_relaxed);
    if (i < 0) {
        i = best();  // idempotent: a race just computes the same answer twice
        active_index.store(i, std::memory_order_relaxed);
    }
    return compiled[i];
}
#endif

}  // namespace

kernel active_kernel() noexcept {
#if NGCRT_RUNTIME_DISPATCH
    return active().id;
#else
    return compiled[0].id;
#endif
}

bool kernel_available(kernel k) noexcept {
    return find(k) >= 0 && cpu_can_run(k);
}

status force_kernel(kernel k) noexcept {
    if (!kernel_available(k)) return detail::fail(status::unsupported_kernel, "force_kernel");
#if NGCRT_RUNTIME_DISPATCH
    active_index.store(find(k), std::memory_order_relaxed);
#endif
    return status::ok;
}

void reset_kernel() noexcept {
#if NGCRT_RUNTIME_DISPATCH
    active_index.store(best(), std::memory_order_relaxed);
#endif
}

bool runtime_dispatch() noexcept { return NGCRT_RUNTIME_DISPATCH != 0; }

namespace detail {

#if NGCRT_RUNTIME_DISPATCH
float step(const step_args<float>& a) noexcept { return active().f32(a); }
double step(const step_args<double>& a) noexcept { return active().f64(a); }

// Hosts dispatch at run time anyway: the generic entry picks the variant.
template <class T, Convention C, SigmaShape S>
T step_as(const step_args<T>& a) noexcept {
    return step(a);
}
#else
float step(const step_args<float>& a) noexcept { return compiled[0].f32(a); }
double step(const step_args<double>& a) noexcept { return compiled[0].f64(a); }

// One kernel, chosen at compile time: call its variant for C and S directly.
#if NGCRT_HAVE_KERNEL_SCALAR
#define NGCRT_ONLY_KERNEL_AS kernels::step_scalar_as
#elif NGCRT_HAVE_KERNEL_NEON
#define NGCRT_ONLY_KERNEL_AS kernels::step_neon_as
#elif NGCRT_HAVE_KERNEL_NEON64
#define NGCRT_ONLY_KERNEL_AS kernels::step_neon64_as
#elif NGCRT_HAVE_KERNEL_HELIUM
#define NGCRT_ONLY_KERNEL_AS kernels::step_helium_as
#elif NGCRT_HAVE_KERNEL_SSE2
#define NGCRT_ONLY_KERNEL_AS kernels::step_sse2_as
#elif NGCRT_HAVE_KERNEL_AVX2
#define NGCRT_ONLY_KERNEL_AS kernels::step_avx2_as
#else
#define NGCRT_ONLY_KERNEL_AS kernels::step_avx512_as
#endif
template <class T, Convention C, SigmaShape S>
T step_as(const step_args<T>& a) noexcept {
    return NGCRT_ONLY_KERNEL_AS<T, C, S>(a);
}
#endif

#define NGCRT_STEP_AS(T)                                                                               \
    template T step_as<T, Convention::ngclearn_3_1, SigmaShape::scalar>(const step_args<T>&) noexcept;   \
    template T step_as<T, Convention::ngclearn_3_1, SigmaShape::per_unit>(const step_args<T>&) noexcept; \
    template T step_as<T, Convention::ngclearn_3_2, SigmaShape::scalar>(const step_args<T>&) noexcept;   \
    template T step_as<T, Convention::ngclearn_3_2, SigmaShape::per_unit>(const step_args<T>&) noexcept;
NGCRT_STEP_AS(float)
NGCRT_STEP_AS(double)

// Computed here, with the library's floating-point flags, like everything that decides bits.
template <class T>
void factors(T s, Convention c, T& k, T& L_factor) noexcept {
    if (c == Convention::ngclearn_3_1) {
        k = T(1) / s;
        L_factor = T(1) / ((s * s) * T(2));
    } else {
        k = s;
        L_factor = T(0.5) / s;
    }
}
void scalar_sigma_factors(float s, Convention c, float& k, float& L_factor) noexcept { factors(s, c, k, L_factor); }
void scalar_sigma_factors(double s, Convention c, double& k, double& L_factor) noexcept { factors(s, c, k, L_factor); }

bool sigma_valid(const float* s, std::size_t n) noexcept { return sigma_all_valid(s, n); }
bool sigma_valid(const double* s, std::size_t n) noexcept { return sigma_all_valid(s, n); }

}  // namespace detail
}  // namespace ngcrt
