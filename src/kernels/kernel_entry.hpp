// src/kernels/kernel_entry.hpp - what each per-ISA translation unit defines.
#pragma once

#include <utility>

#include "engine/variants.hpp"
#include "ngcrt/engine/step.hpp"

// The macros paste `isa` into names and use `pack` as a template name: neither argument can
// be parenthesised (bugprone-macro-parentheses).
// NOLINTBEGIN(bugprone-macro-parentheses)

// NGCRT_DECLARE_KERNEL(isa) declares ngcrt::detail::kernels::isa_<isa>: step<Cell, T>, which
// handles any convention and form of Cell, and step_as<Cell, T, C, F>, which handles one
// (what a fixed-type cell calls in a firmware build, so it links only its own loops).
#define NGCRT_DECLARE_KERNEL(isa)                                   \
    namespace ngcrt::detail::kernels {                              \
    struct isa_##isa {                                              \
        template <class Cell, class T>                              \
        static T step(const step_args<T>& a) noexcept;              \
        template <class Cell, class T, Convention C, auto F>        \
        static T step_as(const step_args<T>& a) noexcept;           \
    };                                                              \
    }

// NGCRT_DEFINE_KERNEL(isa, pack) defines them with the engine (src/engine/traverse.hpp)
// on pack<T>, a template of one type parameter, and emits them for every cell.
#define NGCRT_DEFINE_KERNEL(isa, pack)                                          \
    namespace ngcrt::detail::kernels {                                          \
    template <class Cell, class T>                                              \
    T isa_##isa::step(const step_args<T>& a) noexcept {                         \
        return run_step<pack<T>, Cell>(a);                                      \
    }                                                                           \
    template <class Cell, class T, Convention C, auto F>                        \
    T isa_##isa::step_as(const step_args<T>& a) noexcept {                      \
        return run_flags<pack<T>, Cell, C, F>(a);                               \
    }                                                                           \
    }                                                                           \
    template struct ngcrt::detail::emit<ngcrt::detail::kernels::kernel_entries<ngcrt::detail::kernels::isa_##isa>>;

// NOLINTEND(bugprone-macro-parentheses)

namespace ngcrt::detail::kernels {

// An ISA's entries for one cell and type: the generic step, then each variant's.
template <class Isa>
struct kernel_entries {
    template <class Cell, class T, Convention C, auto F>
    struct variant {
        static constexpr step_fn<T> value = &Isa::template step_as<Cell, T, C, F>;
    };
    template <class Cell, class T>
    static constexpr auto entries() noexcept {
        return std::pair{&Isa::template step<Cell, T>, variant_entries<variant, Cell, T>()};
    }
};

}  // namespace ngcrt::detail::kernels

NGCRT_DECLARE_KERNEL(scalar)
NGCRT_DECLARE_KERNEL(sse2)
NGCRT_DECLARE_KERNEL(avx2)
NGCRT_DECLARE_KERNEL(avx512)
NGCRT_DECLARE_KERNEL(neon)
NGCRT_DECLARE_KERNEL(neon64)
NGCRT_DECLARE_KERNEL(helium)
