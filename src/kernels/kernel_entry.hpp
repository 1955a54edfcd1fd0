// src/kernels/kernel_entry.hpp - the symbols each per-ISA translation unit defines.
#pragma once

#include "ngcrt/detail/step.hpp"

// NGCRT_DECLARE_KERNEL(isa) declares ngcrt::detail::kernels::step_<isa>(float / double).
#define NGCRT_DECLARE_KERNEL(isa)                                          \
    namespace ngcrt::detail::kernels {                                     \
    float step_##isa(const step_args<float>& a) noexcept;                  \
    double step_##isa(const step_args<double>& a) noexcept;                \
    }

// NGCRT_DEFINE_KERNEL(isa, pack) defines them as run_step<pack<float>> and
// run_step<pack<double>>, where pack is a template of one type parameter.
#define NGCRT_DEFINE_KERNEL(isa, pack)                                                            \
    namespace ngcrt::detail::kernels {                                                            \
    float step_##isa(const step_args<float>& a) noexcept { return run_step<pack<float>>(a); }     \
    double step_##isa(const step_args<double>& a) noexcept { return run_step<pack<double>>(a); }  \
    }

NGCRT_DECLARE_KERNEL(scalar)
NGCRT_DECLARE_KERNEL(sse2)
NGCRT_DECLARE_KERNEL(avx2)
NGCRT_DECLARE_KERNEL(avx512)
NGCRT_DECLARE_KERNEL(neon)
NGCRT_DECLARE_KERNEL(neon64)
