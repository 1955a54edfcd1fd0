// src/kernels/kernel_entry.hpp - what each per-ISA translation unit defines.
#pragma once

#include <cstddef>
#include <tuple>
#include <utility>

#include "engine/variants.hpp"
#include "kernels/kinds.hpp"
#include "linalg/cholesky.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/kernel.hpp"

namespace ngcrt::detail {
// The dense pre-stage's solve (src/engine/traverse.hpp): r = A^-1 e in place, and e^T A^-1 e.
template <class P>
struct dense_solve {
    using T = typename P::value_type;
    static T run(const T* ws, std::size_t N, T* r) noexcept { return linalg::solve<P>(ws, N, r, r, r); }
};
}  // namespace ngcrt::detail

// The macros paste `isa` into names and use `pack` as a template name: neither argument can
// be parenthesised (bugprone-macro-parentheses).
// NOLINTBEGIN(bugprone-macro-parentheses)

// NGCRT_DECLARE_KERNEL(isa) declares ngcrt::detail::kernels::isa_<isa>: step<Cell, T>, which
// handles any convention and form of Cell, and step_as<Cell, T, C, F>, which handles one
// (what a fixed-type cell calls in a firmware build, so it links only its own loops); and
// factor<T>, a full covariance's Cholesky factorisation (dense_factor; every ISA gives the
// same bits).
#define NGCRT_DECLARE_KERNEL(isa)                                                 \
    namespace ngcrt::detail::kernels {                                            \
    struct isa_##isa {                                                            \
        template <class Cell, class T>                                            \
        static T step(const args_of<Cell, T>& a) noexcept;                        \
        template <class Cell, class T, Convention C, auto F>                      \
        static T step_as(const args_of<Cell, T>& a) noexcept;                     \
        template <class T>                                                        \
        static bool factor(const T* A, std::size_t N, T* ws, T& logdet) noexcept; \
        template <class Kind, class T>                                            \
        static void run(typename Kind::template args<T>& a) noexcept;             \
    };                                                                            \
    }

// NGCRT_DEFINE_KERNEL(isa, pack) defines them with the engine (src/engine/traverse.hpp)
// on pack<T>, a template of one type parameter, and emits them for every cell.
#define NGCRT_DEFINE_KERNEL(isa, pack)                                             \
    namespace ngcrt::detail::kernels {                                             \
    template <class Cell, class T>                                                 \
    T isa_##isa::step(const args_of<Cell, T>& a) noexcept {                        \
        return run_step<pack<T>, Cell>(a);                                         \
    }                                                                              \
    template <class Cell, class T, Convention C, auto F>                           \
    T isa_##isa::step_as(const args_of<Cell, T>& a) noexcept {                     \
        return run_flags<pack<T>, Cell, C, F>(a);                                  \
    }                                                                              \
    template <class T>                                                             \
    bool isa_##isa::factor(const T* A, std::size_t N, T* ws, T& logdet) noexcept { \
        return linalg::factor<linalg::impl::ieee_pack<pack<T>>>(A, N, ws, logdet); \
    }                                                                              \
    template <class Kind, class T>                                                 \
    void isa_##isa::run(typename Kind::template args<T>& a) noexcept {             \
        kind_kernels<Kind, pack<T>>::run(a);                                       \
    }                                                                              \
    }                                                                              \
    template struct ngcrt::detail::emit_kinds<ngcrt::detail::kernels::isa_##isa>;  \
    template struct ngcrt::detail::emit<                                           \
        ngcrt::detail::kernels::kernel_entries<ngcrt::detail::kernels::isa_##isa>>;

// NOLINTEND(bugprone-macro-parentheses)

namespace ngcrt::detail {

// Emits an ISA's entry of every kind of component (src/kernels/kinds.hpp), float and double.
template <class Isa, class List = component_kinds>
struct emit_kinds;
template <class Isa, class... Kinds>
struct emit_kinds<Isa, type_list<Kinds...>> {
    using type = std::tuple<decltype(&Isa::template run<Kinds, float>)...,
                            decltype(&Isa::template run<Kinds, double>)...>;
    static const type table;
};
template <class Isa, class... Kinds>
const typename emit_kinds<Isa, type_list<Kinds...>>::type emit_kinds<Isa, type_list<Kinds...>>::table{
    &Isa::template run<Kinds, float>..., &Isa::template run<Kinds, double>...};

}  // namespace ngcrt::detail

namespace ngcrt::detail::kernels {

// An ISA's entries for one cell and type: the generic step, then each variant's.
template <class Isa>
struct kernel_entries {
    template <class Cell, class T, Convention C, auto F>
    struct variant {
        static constexpr step_fn<Cell, T> value = &Isa::template step_as<Cell, T, C, F>;
    };
    template <class Cell, class T>
    static constexpr auto entries() noexcept {
        return std::tuple{&Isa::template step<Cell, T>, variant_entries<variant, Cell, T>(),
                          &Isa::template factor<T>};
    }
};

}  // namespace ngcrt::detail::kernels

// Subnormals::flush in software (src/kernels/soft_flush.cpp): the same two entries, on
// every target.
namespace ngcrt::detail::kernels {
struct soft_flush {
    template <class Cell, class T>
    static T step(const args_of<Cell, T>& a) noexcept;
    template <class Cell, class T, Convention C, auto F>
    static T step_as(const args_of<Cell, T>& a) noexcept;
};
}  // namespace ngcrt::detail::kernels

// Every kernel of the list (include/ngcrt/kernel.hpp) is declared; a build defines those it
// compiles.
#define NGCRT_DECLARE_LISTED_KERNEL_(name, what) NGCRT_DECLARE_KERNEL(name)
NGCRT_KERNEL_LIST(NGCRT_DECLARE_LISTED_KERNEL_)
#undef NGCRT_DECLARE_LISTED_KERNEL_
