// tests/math/simd_avx2.cpp - the SIMD form on xsimd::avx2, compiled with this ISA's flags.
#include "simd_forms.hpp"

NGCRT_MATH_TEST_DEFINE_SIMD(avx2, xsimd::avx2)
