// tests/math/simd_sse2.cpp - the SIMD form on xsimd::sse2, compiled with this ISA's flags.
#include "simd_forms.hpp"

NGCRT_MATH_TEST_DEFINE_SIMD(sse2, xsimd::sse2)
