// tests/math/simd_avx512.cpp - the SIMD form on xsimd::avx512f, compiled with this ISA's flags.
#include "simd_forms.hpp"

NGCRT_MATH_TEST_DEFINE_SIMD(avx512, xsimd::avx512f)
