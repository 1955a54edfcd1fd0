// tools/mcu/m4_probe.cpp - one step of GaussianErrorCell<float, Units<N>, 1> for N = 64, 1024,
// 2048 and 4096, all inputs live and modulator/mask untouched, each between two calls of
// ngcrt_m4_mark(), for tools/m4_cycles.py: it builds this program exactly as the firmware
// example (same flags, same libngcrt.a), runs it under qemu-system-arm with an execution
// trace and costs the instructions each step executed with the Cortex-M4 manual's table.
// The step is an out-of-line function (advance_state inlined), like the example's
// ngcrt_firmware_step(). Inputs are ordinary values: no subnormal, infinite or NaN case.
#include <ngcrt/ngcrt.hpp>

#include <cstddef>

extern "C" void __attribute__((noipa)) ngcrt_m4_mark(int) { __asm__ volatile(""); }

namespace {

template <std::size_t N>
using Cell = ngcrt::GaussianErrorCell<float, ngcrt::Units<N>, 1>;

Cell<64> c64(0.75f);
Cell<1024> c1024(0.75f);
Cell<2048> c2048(0.75f);
Cell<4096> c4096(0.75f);

template <class C>
__attribute__((noinline)) int step(C& c) {
    return static_cast<int>(c.advance_state(1e-3f));
}

template <class C>
int measure(C& c, int& mark) {
    int bad = 0;
    auto target = c.target();
    for (std::size_t i = 0; i < target.size(); ++i) target[i] = 0.25f + 0.001f * static_cast<float>(i % 97);
    // Modulator and mask untouched (the default case): a first step settles the cell's
    // one-time work (the parameter check), the second is the one measured.
    bad |= step(c);
    ngcrt_m4_mark(mark++);
    bad |= step(c);
    ngcrt_m4_mark(mark++);
    // All inputs live: write access to modulator and mask before each step (the step
    // eats the mask); the warm-up step again, then the measured one.
    for (int rep = 0; rep < 2; ++rep) {
        auto mod = c.modulator();
        auto mask = c.mask();
        for (std::size_t i = 0; i < mod.size(); ++i) {
            mod[i] = 1.5f;
            mask[i] = (i % 5 == 0) ? 0.0f : 1.0f;
        }
        if (rep == 1) ngcrt_m4_mark(mark++);
        bad |= step(c);
        if (rep == 1) ngcrt_m4_mark(mark++);
    }
    return bad;
}

}  // namespace

int main() {
    int mark = 0, bad = 0;
    bad |= measure(c64, mark);
    bad |= measure(c1024, mark);
    bad |= measure(c2048, mark);
    bad |= measure(c4096, mark);
    return bad != 0;
}
