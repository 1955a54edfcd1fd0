// ngcrt/config.hpp - version, alignment and portability macros.
#pragma once

#include <cstddef>

#define NGCRT_VERSION_MAJOR 0
#define NGCRT_VERSION_MINOR 1
#define NGCRT_VERSION_PATCH 0

namespace ngcrt {

// Alignment of a cell's own compartment arrays: the widest SIMD register of the
// target *family*. It deliberately depends only on the architecture, never on ISA
// extension flags (-mavx512f, -mfpu=neon), so that code compiled with different
// flags agrees on the layout of a cell. Override with -DNGCRT_ALIGNMENT=N.
#if defined(NGCRT_ALIGNMENT)
inline constexpr std::size_t simd_alignment = NGCRT_ALIGNMENT;
#elif defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
inline constexpr std::size_t simd_alignment = 64;  // one AVX-512 register / cache line
#else
inline constexpr std::size_t simd_alignment = 16;  // one NEON register; cheap on MCUs
#endif

static_assert((simd_alignment & (simd_alignment - 1)) == 0, "NGCRT_ALIGNMENT must be a power of two");

}  // namespace ngcrt
