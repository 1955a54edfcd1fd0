// src/dispatch.cpp - the kernels compiled into this build, which one runs, and the step
// entries the headers call (IEEE and Subnormals::flush).
//
// Host builds (NGCRT_RUNTIME_DISPATCH=1) compile several kernels and choose the best one the
// CPU can execute, once, on first use. Firmware builds compile exactly one kernel and call it
// directly: no table lookup, no CPU probing. The kernels are NGCRT_KERNEL_LIST's
// (include/ngcrt/kernel.hpp); CMake defines NGCRT_HAVE_KERNEL_<name> to 1 or 0 for each.
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "engine/float_env.hpp"
#include "engine/variants.hpp"
#include "kernels/kernel_entry.hpp"
#include "ngcrt/kernel.hpp"

#ifndef NGCRT_RUNTIME_DISPATCH
#define NGCRT_RUNTIME_DISPATCH 0
#endif
#if NGCRT_RUNTIME_DISPATCH
#include <atomic>
#endif

namespace ngcrt {
namespace detail {

// Kernel K's entries (kernels::isa_<name>), and whether this build compiled it.
template <kernel K>
struct isa_of;
#define NGCRT_ISA_OF_(name, what)                                       \
    template <>                                                         \
    struct isa_of<kernel::name> {                                       \
        using type = kernels::isa_##name;                               \
        static constexpr bool compiled = NGCRT_HAVE_KERNEL_##name != 0; \
    };
NGCRT_KERNEL_LIST(NGCRT_ISA_OF_)
#undef NGCRT_ISA_OF_

namespace {

// A compiled kernel: its generic step for every cell (float and double, in cell_list order)
// and its dense factorisation. A kernel this build does not have has no entries: nothing
// refers to its code.
template <class T, class List>
struct steps_of;
template <class T, class... Cells>
struct steps_of<T, type_list<Cells...>> {
    using type = std::tuple<step_fn<Cells, T>...>;
};
// (cppcheck 2.10 misses the uses of compiled and the factor entries: constexpr lambdas,
// active().)
struct kernel_entry {
    kernel id;
    // cppcheck-suppress unusedStructMember
    bool compiled;
    typename steps_of<float, cell_list>::type f32;
    typename steps_of<double, cell_list>::type f64;
    // cppcheck-suppress unusedStructMember
    bool (*factor_f32)(const float*, std::size_t, float*, float&) noexcept;
    // cppcheck-suppress unusedStructMember
    bool (*factor_f64)(const double*, std::size_t, double*, double&) noexcept;
};
template <kernel K, class... Cells>
constexpr kernel_entry make_entry(type_list<Cells...> /*cells*/) noexcept {
    using isa = isa_of<K>;
    if constexpr (isa::compiled) {
        using I = typename isa::type;
        return {K,
                true,
                {&I::template step<Cells, float>...},
                {&I::template step<Cells, double>...},
                &I::template factor<float>,
                &I::template factor<double>};
    } else {
        return {K, false, {}, {}, nullptr, nullptr};
    }
}

// Every kernel of the list, lowest to highest; the highest executable compiled one is the
// default.
#define NGCRT_ENTRY_(name, what) make_entry<kernel::name>(cell_list{}),
constexpr kernel_entry entries[] = {NGCRT_KERNEL_LIST(NGCRT_ENTRY_)};
#undef NGCRT_ENTRY_
constexpr int n_entries = static_cast<int>(sizeof(entries) / sizeof(entries[0]));
constexpr int n_compiled = [] {
    int n = 0;
    for (const kernel_entry& e : entries) n += e.compiled ? 1 : 0;
    return n;
}();
static_assert(n_compiled >= 1, "ngcrt: no kernel compiled in");
static_assert(NGCRT_RUNTIME_DISPATCH || n_compiled == 1, "without runtime dispatch, one kernel");
// The one kernel of a build without dispatch (the first compiled one).
constexpr int first_compiled = [] {
    int i = 0;
    while (!entries[i].compiled) ++i;
    return i;
}();

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
    for (int i = 0; i < n_entries; ++i)
        if (entries[i].id == k && entries[i].compiled) return i;
    return -1;
}

#if NGCRT_RUNTIME_DISPATCH
int best() noexcept {
    for (int i = n_entries - 1; i > first_compiled; --i)
        if (entries[i].compiled && cpu_can_run(entries[i].id)) return i;
    return first_compiled;
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
// The active kernel's index in entries[].
inline int active_at() noexcept {
    const int i = active_index.load(std::memory_order_relaxed);
    return i < 0 ? choose_kernel() : i;
}
#else
constexpr int active_at() noexcept { return first_compiled; }
#endif
const kernel_entry& active() noexcept { return entries[active_at()]; }

}  // namespace
}  // namespace detail

kernel active_kernel() noexcept { return detail::active().id; }

bool kernel_available(kernel k) noexcept { return detail::find(k) >= 0 && detail::cpu_can_run(k); }

status force_kernel(kernel k) noexcept {
    if (!kernel_available(k)) return detail::fail(status::unsupported_kernel, "force_kernel");
#if NGCRT_RUNTIME_DISPATCH
    detail::active_index.store(detail::find(k), std::memory_order_relaxed);
#endif
    return status::ok;
}

void reset_kernel() noexcept {
#if NGCRT_RUNTIME_DISPATCH
    detail::active_index.store(detail::best(), std::memory_order_relaxed);
#endif
}

bool runtime_dispatch() noexcept { return NGCRT_RUNTIME_DISPATCH != 0; }

namespace detail {

#if NGCRT_RUNTIME_DISPATCH
template <class Cell, class T>
T step(const args_of<Cell, T>& a) noexcept {
    const kernel_entry& e = active();
    if constexpr (std::is_same_v<T, float>) {
        return std::get<cell_index<Cell>>(e.f32)(a);
    } else {
        return std::get<cell_index<Cell>>(e.f64)(a);
    }
}

// A fixed-type cell's variant is known: call the active kernel's entry for it, indexed like
// entries[] (one call fewer than the generic entry, and no variant selection).
template <class Cell, class T, Convention C, auto F>
struct by_kernel {
    template <kernel K>
    static constexpr step_fn<Cell, T> entry() noexcept {
        if constexpr (isa_of<K>::compiled) {
            return &isa_of<K>::type::template step_as<Cell, T, C, F>;
        } else {
            return nullptr;
        }
    }
#define NGCRT_STEP_AS_(name, what) entry<kernel::name>(),
    static constexpr step_fn<Cell, T> table[] = {NGCRT_KERNEL_LIST(NGCRT_STEP_AS_)};
#undef NGCRT_STEP_AS_
};
template <class Cell, class T, Convention C, auto F>
T fixed_step<Cell, T, C, F>::run(const args_of<Cell, T>& a) noexcept {
    return by_kernel<Cell, T, C, F>::table[active_at()](a);
}
#else
// One kernel, chosen at compile time: call it directly, each cell's entry on its own (a
// firmware then links only the cells it uses, and of a fixed-type cell only its variant).
using only_isa = typename isa_of<entries[first_compiled].id>::type;
template <class Cell, class T>
T step(const args_of<Cell, T>& a) noexcept {
    return only_isa::step<Cell, T>(a);
}
template <class Cell, class T, Convention C, auto F>
T fixed_step<Cell, T, C, F>::run(const args_of<Cell, T>& a) noexcept {
    return only_isa::step_as<Cell, T, C, F>(a);
}
#endif

template <class T>
bool dense_factor(const T* A, std::size_t N, T* ws, T& logdet) noexcept {
#if NGCRT_RUNTIME_DISPATCH
    if constexpr (std::is_same_v<T, float>) {
        return active().factor_f32(A, N, ws, logdet);
    } else {
        return active().factor_f64(A, N, ws, logdet);
    }
#else
    return only_isa::factor<T>(A, N, ws, logdet);
#endif
}
template bool dense_factor<float>(const float*, std::size_t, float*, float&) noexcept;
template bool dense_factor<double>(const double*, std::size_t, double*, double&) noexcept;

// Subnormals::flush: x86's own mode around the step (the same bits as the software form,
// which the tests check), unless the tests ask for the software form; elsewhere the software
// form (src/kernels/soft_flush.cpp).
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
T step_flush(const args_of<Cell, T>& a) noexcept {
    if (!hardware_flush()) return kernels::soft_flush::step<Cell, T>(a);
    const hardware_flush_scope flush;
    return step<Cell, T>(a);
}
template <class Cell, class T, Convention C, auto F>
T fixed_step<Cell, T, C, F>::run_flush(const args_of<Cell, T>& a) noexcept {
    if (!hardware_flush()) return kernels::soft_flush::step_as<Cell, T, C, F>(a);
    const hardware_flush_scope flush;
    return run(a);
}
#else
void use_software_flush(bool /*on*/) noexcept {}
template <class Cell, class T>
T step_flush(const args_of<Cell, T>& a) noexcept {
    return kernels::soft_flush::step<Cell, T>(a);
}
template <class Cell, class T, Convention C, auto F>
T fixed_step<Cell, T, C, F>::run_flush(const args_of<Cell, T>& a) noexcept {
    return kernels::soft_flush::step_as<Cell, T, C, F>(a);
}
#endif

// ---- the other kinds of component (include/ngcrt/engine/kind.hpp, src/kernels/kinds.hpp) ---
template <class Kind, class T>
struct kind_table {
    using fn = void (*)(typename Kind::template args<T>&) noexcept;
    template <kernel K>
    static constexpr fn entry() noexcept {
        if constexpr (isa_of<K>::compiled) {
            return &isa_of<K>::type::template run<Kind, T>;
        } else {
            return nullptr;
        }
    }
#define NGCRT_KIND_ENTRY_(name, what) entry<kernel::name>(),
    static constexpr fn table[] = {NGCRT_KERNEL_LIST(NGCRT_KIND_ENTRY_)};
#undef NGCRT_KIND_ENTRY_
};
template <class Kind, class T>
void run_kind(typename Kind::template args<T>& a) noexcept {
#if NGCRT_RUNTIME_DISPATCH
    kind_table<Kind, T>::table[active_at()](a);
#else
    only_isa::run<Kind, T>(a);
#endif
}
template <class List = component_kinds>
struct emit_run_kind;
template <class... Kinds>
struct emit_run_kind<type_list<Kinds...>> {
    static constexpr auto table = std::tuple{&run_kind<Kinds, float>..., &run_kind<Kinds, double>...};
};
template struct emit_run_kind<>;

// Every cell's step entries the headers call: emitted for float and double.
struct step_entries {
    template <class Cell, class T, Convention C, auto F>
    struct variant {
        static constexpr step_fn<Cell, T> value = &fixed_step<Cell, T, C, F>::run;
    };
    template <class Cell, class T, Convention C, auto F>
    struct variant_flush {
        static constexpr step_fn<Cell, T> value = &fixed_step<Cell, T, C, F>::run_flush;
    };
    template <class Cell, class T>
    static constexpr auto entries() noexcept {
        return std::tuple{&step<Cell, T>, &step_flush<Cell, T>, variant_entries<variant, Cell, T>(),
                          variant_entries<variant_flush, Cell, T>()};
    }
};
template struct emit<step_entries>;

}  // namespace detail
}  // namespace ngcrt
