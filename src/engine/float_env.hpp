// src/engine/float_env.hpp - the hardware's flush-to-zero mode, where it gives the bits
// of Subnormals::flush (docs/realtime.md, "The flush mode"): x86's MXCSR with DAZ and FTZ,
// set around a step and restored after it, so the caller's floating-point environment
// (rounding, exception masks and flags) is the same afterwards. Other cores run the
// software form (src/engine/flushing.hpp) and leave their environment alone.
#pragma once

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
#include <xmmintrin.h>
#define NGCRT_HARDWARE_FLUSH 1
#else
#define NGCRT_HARDWARE_FLUSH 0
#endif

namespace ngcrt::detail {

#if NGCRT_HARDWARE_FLUSH
// MXCSR with DAZ (bit 6: subnormal operands read as zeros) and FTZ (bit 15: tiny results
// become zeros) for the scope's lifetime. The step runs in a function called inside it:
// no floating-point operation can move across the two MXCSR accesses.
// (An MXCSR write costs several nanoseconds: when the caller runs with both bits set
// already, nothing is written.)
class hardware_flush_scope {
public:
    hardware_flush_scope() noexcept : saved_(_mm_getcsr()) {
        if ((saved_ & flush_bits) != flush_bits) _mm_setcsr(saved_ | flush_bits);
    }
    ~hardware_flush_scope() {
        if ((saved_ & flush_bits) != flush_bits) _mm_setcsr(saved_);
    }
    hardware_flush_scope(const hardware_flush_scope&) = delete;
    hardware_flush_scope& operator=(const hardware_flush_scope&) = delete;
    hardware_flush_scope(hardware_flush_scope&&) = delete;
    hardware_flush_scope& operator=(hardware_flush_scope&&) = delete;

private:
    static constexpr unsigned flush_bits = 0x8040U;  // FTZ | DAZ
    unsigned saved_;
};

// Whether Subnormals::flush runs under this scope: the hardware honours MXCSR's flush bits
// (an emulator may not: valgrind does not; probed once) and the tests have not asked for
// the software form (use_software_flush). src/dispatch.cpp.
bool hardware_flush() noexcept;
#endif

}  // namespace ngcrt::detail
