// tests/math/simd_neon.cpp - the SIMD form on the Arm target's NEON: xsimd::neon64 on
// AArch64, xsimd::neon on ARMv7 (float only; the ARMv7 flush redo runs here).
#include "simd_forms.hpp"

#if defined(__aarch64__)
NGCRT_MATH_TEST_DEFINE_SIMD(neon, xsimd::neon64)
#else
NGCRT_MATH_TEST_DEFINE_SIMD_FLOAT(neon, xsimd::neon)
#endif
