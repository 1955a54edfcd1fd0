// ngcrt/subnormals.hpp - what a step does with subnormal numbers, chosen at run time on
// every cell (set_subnormals) and in ngcrt::math.
#pragma once

namespace ngcrt {

// ieee (default): IEEE-754 arithmetic, as ngclearn computes. Subnormal values are exact,
//   and on x86 each operation that reads or makes one can cost a microcode assist: a step
//   on subnormal data can take tens of times longer (docs/realtime.md).
// flush: subnormal inputs are read as zeros and tiny results are written as zeros, in
//   every operation, with the same bits on every target and kernel, and a step's time
//   independent of the data: the mode for hard deadlines. Exactly x86's arithmetic with
//   MXCSR.DAZ and FTZ set, which x86 uses; other cores compute it in software
//   (docs/realtime.md, "The flush mode"). The caller's floating-point environment is the
//   same after a step as before it.
enum class Subnormals : unsigned char { ieee = 0, flush = 1 };

constexpr const char* to_string(Subnormals s) noexcept { return s == Subnormals::flush ? "flush" : "ieee"; }

}  // namespace ngcrt
