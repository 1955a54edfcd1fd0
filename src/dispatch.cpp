// src/dispatch.cpp - the kernels compiled into this build, and which one runs.
//
// Host builds (NGCRT_RUNTIME_DISPATCH=1) compile several kernels and choose the best
// one the CPU can execute, once, on first use. Firmware builds compile exactly one
// kernel (NGCRT_STATIC_KERNEL) and call it directly: no table lookup, no CPU probing.
#include <cstddef>
#include <limits>
#include <tuple>
#include <type_traits>

#include "engine/variants.hpp"
#include "kernels/kernel_entry.hpp"
#include "ngcrt/kernel.hpp"
#include "ngcrt/math.hpp"

#ifndef NGCRT_RUNTIME_DISPATCH
#define NGCRT_RUNTIME_DISPATCH 0
#endif

#if NGCRT_RUNTIME_DISPATCH
#include <atomic>
#endif

#include "engine/float_env.hpp"

namespace ngcrt {
namespace {

using detail::step_fn;

// A compiled kernel: its generic step for every cell, float and double, in cell_list order.
// (cppcheck 2.10 misses the calls through active() and compiled[0] below.)
struct kernel_entry {
    kernel id;
    // cppcheck-suppress unusedStructMember ; called by detail::step()
    step_fn<float> f32[detail::cell_count];
    // cppcheck-suppress unusedStructMember ; called by detail::step()
    step_fn<double> f64[detail::cell_count];
    // cppcheck-suppress unusedStructMember ; called by detail::dense_factor()
    bool (*factor_f32)(const float*, std::size_t, float*, float&) noexcept;
    // cppcheck-suppress unusedStructMember ; called by detail::dense_factor()
    bool (*factor_f64)(const double*, std::size_t, double*, double&) noexcept;
};
template <class Isa, class... Cells>
constexpr kernel_entry make_entry(kernel id, detail::type_list<Cells...> /*cells*/) noexcept {
    return {id,
            {&Isa::template step<Cells, float>...},
            {&Isa::template step<Cells, double>...},
            &Isa::template factor<float>,
            &Isa::template factor<double>};
}

#define NGCRT_ENTRY(isa) make_entry<detail::kernels::isa_##isa>(kernel::isa, detail::cell_list{})

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
#if NGCRT_RUNTIME_DISPATCH && (defined(__x86_64__) || defined(__i386__)) && \
    (defined(__GNUC__) || defined(__clang__))
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

// The first use: choose the kernel. Out of line and cold, so the step's path through
// active_at() needs no stack frame.
[[gnu::noinline, gnu::cold]] int choose_kernel() noexcept {
    const int i = best();  // idempotent: a race just computes the same answer twice
    active_index.store(i, std::memory_order_relaxed);
    return i;
}

// The active kernel's index in compiled[].
inline int active_at() noexcept {
    const int i = active_index.load(std::memory_order_relaxed);
    return i < 0 ? choose_kernel() : i;
}
const kernel_entry& active() noexcept { return compiled[active_at()]; }
#endif

}  // namespace

kernel active_kernel() noexcept {
#if NGCRT_RUNTIME_DISPATCH
    return active().id;
#else
    return compiled[0].id;
#endif
}

bool kernel_available(kernel k) noexcept { return find(k) >= 0 && cpu_can_run(k); }

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

template <class T>
const step_fn<T>* steps(const kernel_entry& e) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return e.f32;
    } else {
        return e.f64;
    }
}

#if NGCRT_RUNTIME_DISPATCH
template <class Cell, class T>
T step(const step_args<T>& a) noexcept {
    return steps<T>(active())[cell_index<Cell>](a);
}

// A fixed-type cell's variant is known: call the active kernel's entry for it, indexed
// like compiled[] (one call fewer than the generic entry, and no variant selection).
template <class Cell, class T, Convention C, auto F>
T fixed_step<Cell, T, C, F>::run(const step_args<T>& a) noexcept {
    static constexpr step_fn<T> by_kernel[] = {
#if NGCRT_HAVE_KERNEL_SCALAR
        &kernels::isa_scalar::step_as<Cell, T, C, F>,
#endif
#if NGCRT_HAVE_KERNEL_SSE2
        &kernels::isa_sse2::step_as<Cell, T, C, F>,
#endif
#if NGCRT_HAVE_KERNEL_AVX2
        &kernels::isa_avx2::step_as<Cell, T, C, F>,
#endif
#if NGCRT_HAVE_KERNEL_AVX512
        &kernels::isa_avx512::step_as<Cell, T, C, F>,
#endif
#if NGCRT_HAVE_KERNEL_NEON
        &kernels::isa_neon::step_as<Cell, T, C, F>,
#endif
#if NGCRT_HAVE_KERNEL_NEON64
        &kernels::isa_neon64::step_as<Cell, T, C, F>,
#endif
#if NGCRT_HAVE_KERNEL_HELIUM
        &kernels::isa_helium::step_as<Cell, T, C, F>,
#endif
    };
    static_assert(sizeof(by_kernel) / sizeof(by_kernel[0]) == n_compiled, "by_kernel follows compiled[]");
    return by_kernel[active_at()](a);
}
template <class T>
bool dense_factor(const T* A, std::size_t N, T* ws, T& logdet) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return active().factor_f32(A, N, ws, logdet);
    } else {
        return active().factor_f64(A, N, ws, logdet);
    }
}
#else
// One kernel, chosen at compile time: call it directly, each cell's entry on its own (a
// firmware then links only the cells it uses, and of a fixed-type cell only its variant).
#if NGCRT_HAVE_KERNEL_SCALAR
#define NGCRT_ONLY_KERNEL kernels::isa_scalar
#elif NGCRT_HAVE_KERNEL_NEON
#define NGCRT_ONLY_KERNEL kernels::isa_neon
#elif NGCRT_HAVE_KERNEL_NEON64
#define NGCRT_ONLY_KERNEL kernels::isa_neon64
#elif NGCRT_HAVE_KERNEL_HELIUM
#define NGCRT_ONLY_KERNEL kernels::isa_helium
#elif NGCRT_HAVE_KERNEL_SSE2
#define NGCRT_ONLY_KERNEL kernels::isa_sse2
#elif NGCRT_HAVE_KERNEL_AVX2
#define NGCRT_ONLY_KERNEL kernels::isa_avx2
#else
#define NGCRT_ONLY_KERNEL kernels::isa_avx512
#endif
template <class Cell, class T>
T step(const step_args<T>& a) noexcept {
    return NGCRT_ONLY_KERNEL::step<Cell, T>(a);
}
template <class Cell, class T, Convention C, auto F>
T fixed_step<Cell, T, C, F>::run(const step_args<T>& a) noexcept {
    return NGCRT_ONLY_KERNEL::step_as<Cell, T, C, F>(a);
}
template <class T>
bool dense_factor(const T* A, std::size_t N, T* ws, T& logdet) noexcept {
    return NGCRT_ONLY_KERNEL::factor<T>(A, N, ws, logdet);
}
#endif

// Subnormals::flush: x86's own mode around the step (the same bits as the software form,
// which the tests check), unless the tests ask for the software form; elsewhere the
// software form (src/kernels/soft_flush.cpp).
#if NGCRT_HARDWARE_FLUSH
namespace {
// The tests' switch (use_software_flush), and whether the hardware honours MXCSR's flush
// bits: an emulator may not (valgrind does not), and then the software form runs.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
bool software_flush = false;
int hardware_flush_state = -1;  // -1: not probed yet, 0: ignored, 1: honoured
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)
[[gnu::noinline, gnu::cold]] int probe_hardware_flush() noexcept {
    int honoured = 0;
    {
        const hardware_flush_scope flush;
        volatile float tiny = 0x1p-140F;  // subnormal: read as zero
        volatile float two = 2.0F;
        honoured = tiny * two == 0.0F ? 1 : 0;
    }
    hardware_flush_state = honoured;  // idempotent: a race computes the same answer
    return honoured;
}
}  // namespace
bool hardware_flush() noexcept {
    const int s = hardware_flush_state;
    return !software_flush && (s < 0 ? probe_hardware_flush() : s) == 1;
}
void use_software_flush(bool on) noexcept { software_flush = on; }
template <class Cell, class T>
T step_flush(const step_args<T>& a) noexcept {
    if (!hardware_flush()) return kernels::soft_flush::step<Cell, T>(a);
    const hardware_flush_scope flush;
    return step<Cell, T>(a);
}
template <class Cell, class T, Convention C, auto F>
T fixed_step<Cell, T, C, F>::run_flush(const step_args<T>& a) noexcept {
    if (!hardware_flush()) return kernels::soft_flush::step_as<Cell, T, C, F>(a);
    const hardware_flush_scope flush;
    return run(a);
}
#else
void use_software_flush(bool /*on*/) noexcept {}
template <class Cell, class T>
T step_flush(const step_args<T>& a) noexcept {
    return kernels::soft_flush::step<Cell, T>(a);
}
template <class Cell, class T, Convention C, auto F>
T fixed_step<Cell, T, C, F>::run_flush(const step_args<T>& a) noexcept {
    return kernels::soft_flush::step_as<Cell, T, C, F>(a);
}
#endif

template bool dense_factor<float>(const float*, std::size_t, float*, float&) noexcept;
template bool dense_factor<double>(const double*, std::size_t, double*, double&) noexcept;
static_assert(dense_workspace_count(17) == linalg::workspace_size(17) &&
                  dense_stride(17) == linalg::stride(17) &&
                  dense_workspace_count(64) == linalg::workspace_size(64),
              "the public dense layout is src/linalg/cholesky.hpp's");

// Computed here, with the library's floating-point flags, like everything that decides bits.
// A full covariance is checked by its factorisation (Cell::factors returns false).
template <class Cell, class T>
bool parameter_factors(const T* param, step_args<T>& a, T* workspace) noexcept {
    if constexpr (Cell::has_parameter) {
        const auto form = static_cast<typename Cell::form_type>(a.form);
        if (!Cell::dense(form) && !positive_finite(param, Cell::parameter_count(form, a.units))) return false;
        return Cell::factors(param, a, workspace);
    } else {
        (void)param;
        (void)a;
        (void)workspace;
        return true;
    }
}
template <class Cell, class T>
bool parameter_valid(const T* param, const step_args<T>& a, T* workspace) noexcept {
    if constexpr (Cell::has_parameter) {
        const auto form = static_cast<typename Cell::form_type>(a.form);
        if (!Cell::dense(form)) return positive_finite(param, Cell::parameter_count(form, a.units));
        T logdet{};
        return dense_factor(param, a.units, workspace, logdet);
    } else {
        (void)param;
        (void)a;
        (void)workspace;
        return true;
    }
}

// > 0 and finite, checked without early exit (data-independent time).
template <class T>
bool positive_finite(const T* v, std::size_t n) noexcept {
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i) {
        const T x = v[i];
        ok &= (x > T(0)) & (x <= std::numeric_limits<T>::max());
    }
    return ok;
}
template bool positive_finite<float>(const float*, std::size_t) noexcept;
template bool positive_finite<double>(const double*, std::size_t) noexcept;

// A leaky state's a (docs/semantics.md): -expm1(-(dt / tau)) or dt / tau, with ngcrt's
// expm1 (the same bits on every target); 1 for tau = 0 (the step then takes e = x).
template <class T>
T integration_factor(T dt, T tau, unsigned char integrator) noexcept {
    if (tau == T(0)) return T(1);
    const T r = dt / tau;
    return integrator == static_cast<unsigned char>(Integrator::euler) ? r : -ngcrt::math::expm1(-r);
}
template <class T>
bool valid_tau(T tau) noexcept {
    return tau == T(0) || positive_finite(&tau, 1);
}
template bool valid_tau<float>(float) noexcept;
template bool valid_tau<double>(double) noexcept;
template float integration_factor<float>(float, float, unsigned char) noexcept;
template double integration_factor<double>(double, double, unsigned char) noexcept;

// Every cell's entries the headers call: emitted for float and double.
struct view_entries {
    template <class Cell, class T, Convention C, auto F>
    struct variant {
        static constexpr step_fn<T> value = &fixed_step<Cell, T, C, F>::run;
    };
    template <class Cell, class T, Convention C, auto F>
    struct variant_flush {
        static constexpr step_fn<T> value = &fixed_step<Cell, T, C, F>::run_flush;
    };
    template <class Cell, class T>
    static constexpr auto entries() noexcept {
        return std::tuple{&step<Cell, T>,
                          &step_flush<Cell, T>,
                          variant_entries<variant, Cell, T>(),
                          variant_entries<variant_flush, Cell, T>(),
                          &parameter_factors<Cell, T>,
                          &parameter_valid<Cell, T>};
    }
};
template struct emit<view_entries>;

}  // namespace detail
}  // namespace ngcrt
