// src/kernels/kernel_entry.hpp - the symbols each per-ISA translation unit defines.
#pragma once

#include "ngcrt/detail/step.hpp"

// The macros paste `isa` into names and use `pack` as a template name: neither argument can
// be parenthesised (bugprone-macro-parentheses).
// NOLINTBEGIN(bugprone-macro-parentheses)

// NGCRT_DECLARE_KERNEL(isa) declares ngcrt::detail::kernels::step_<isa>(float / double),
// which handle any convention and Sigma form, and step_<isa>_as<T, C, S>, each of which
// handles one (what a fixed-type cell calls, so firmware links only its own loops).
#define NGCRT_DECLARE_KERNEL(isa)                                          \
    namespace ngcrt::detail::kernels {                                     \
    float step_##isa(const step_args<float>& a) noexcept;                  \
    double step_##isa(const step_args<double>& a) noexcept;                \
    template <class T, Convention C, SigmaShape S>                         \
    T step_##isa##_as(const step_args<T>& a) noexcept;                     \
    }

// NGCRT_DEFINE_KERNEL(isa, pack) defines them as run_step<pack<float>> and
// run_step<pack<double>> (and run_flags<...> for the _as ones), where pack is a template of
// one type parameter.
#define NGCRT_DEFINE_KERNEL(isa, pack)                                                            \
    namespace ngcrt::detail::kernels {                                                            \
    float step_##isa(const step_args<float>& a) noexcept { return run_step<pack<float>>(a); }     \
    double step_##isa(const step_args<double>& a) noexcept { return run_step<pack<double>>(a); }  \
    template <class T, Convention C, SigmaShape S>                                                \
    T step_##isa##_as(const step_args<T>& a) noexcept {                                           \
        return run_flags<pack<T>, C, S == SigmaShape::per_unit>(a);                               \
    }                                                                                             \
    NGCRT_INSTANTIATE_AS(isa, float)                                                              \
    NGCRT_INSTANTIATE_AS(isa, double)                                                             \
    }

#define NGCRT_INSTANTIATE_AS(isa, T)                                                                   \
    template T step_##isa##_as<T, Convention::ngclearn_3_1, SigmaShape::scalar>(const step_args<T>&) noexcept;   \
    template T step_##isa##_as<T, Convention::ngclearn_3_1, SigmaShape::per_unit>(const step_args<T>&) noexcept; \
    template T step_##isa##_as<T, Convention::ngclearn_3_2, SigmaShape::scalar>(const step_args<T>&) noexcept;   \
    template T step_##isa##_as<T, Convention::ngclearn_3_2, SigmaShape::per_unit>(const step_args<T>&) noexcept;

// NOLINTEND(bugprone-macro-parentheses)

NGCRT_DECLARE_KERNEL(scalar)
NGCRT_DECLARE_KERNEL(sse2)
NGCRT_DECLARE_KERNEL(avx2)
NGCRT_DECLARE_KERNEL(avx512)
NGCRT_DECLARE_KERNEL(neon)
NGCRT_DECLARE_KERNEL(neon64)
NGCRT_DECLARE_KERNEL(helium)
