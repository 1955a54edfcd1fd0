// tools/mcu/redo_probe.cpp - steps of the Gaussian cell (float, ngclearn 3.1, scalar Sigma,
// all inputs live) on a kernel that redoes in VFP what its SIMD arithmetic flushed, each
// between two calls of ngcrt_mca_mark(), for tools/mcu_estimate.py (redo_estimate): it runs
// this program under qemu with an execution trace and gives the instructions each step
// executed to llvm-mca. The kernel is the library's own source, compiled here with the
// target's flags:
//   ARMv7-A NEON (arm-linux-gnueabihf, qemu-arm): src/kernels/neon.cpp, whose engine
//     (src/engine/traverse.hpp) redoes a 4-float register in VFP when its arithmetic met a
//     subnormal;
//   Cortex-M55 Helium (arm-none-eabi, picolibc, qemu-system-arm mps3-an547):
//     src/kernels/helium.cpp, which redoes a 1024-element block in VFP when FPSCR.IDC/UFC
//     came back set.
// For each data set (normal: no register or block redone; underflow: errors about 1e-20,
// whose squares underflow, so every register or block is redone) it steps n = 2048 and
// n = 3072 elements: one more 1024-element block, whose cycles / 1024 are the figure.
#include "kernels/kernel_entry.hpp"
#include "ngcrt/gaussian_error_cell.hpp"

#if defined(__ARM_FEATURE_MVE)
#include "kernels/helium.cpp"
#else
#include "kernels/neon.cpp"
#endif

#include <cstddef>

extern "C" void __attribute__((noipa)) ngcrt_mca_mark(int) { __asm__ volatile(""); }

namespace {

constexpr std::size_t max_n = 3072;
alignas(16) float mu[max_n], target[max_n], modulator[max_n], mask[max_n], dmu[max_n], dtarget[max_n];
const float sigma = 0.75f;
volatile float sink;

__attribute__((noipa)) float step(const ngcrt::detail::args_of<ngcrt::cells::gaussian, float>& a) {
    using ngcrt::Convention;
    using ngcrt::SigmaShape;
#if defined(__ARM_FEATURE_MVE)
    return ngcrt::detail::helium::run_flags<ngcrt::cells::gaussian, float, Convention::ngclearn_3_1,
                                            SigmaShape::scalar>(a);
#else
    return ngcrt::detail::run_flags<ngcrt::detail::neon_pack<float>, ngcrt::cells::gaussian,
                                    Convention::ngclearn_3_1, SigmaShape::scalar>(a);
#endif
}

// All inputs live: modulator 1.5, mask 0 on every fifth element (the step eats it: set again
// before each step). scale 1: errors 0.25 to 0.35; scale 1e-20: their squares underflow.
__attribute__((noipa)) void fill(std::size_t n, float scale) {
    for (std::size_t i = 0; i < n; ++i) {
        mu[i] = 0.f;
        target[i] = scale * (0.25f + 0.001f * static_cast<float>(i % 97));
        modulator[i] = 1.5f;
        mask[i] = (i % 5 == 0) ? 0.f : 1.f;
    }
}

}  // namespace

int main() {
    ngcrt::detail::args_of<ngcrt::cells::gaussian, float> a{};
    a.prediction = mu;
    a.target = target;
    a.modulator = modulator;
    a.mask = mask;
    a.mask_eat = mask;
    a.parameter = &sigma;
    a.dprediction = dmu;
    a.dtarget = dtarget;
    a.convention = ngcrt::Convention::ngclearn_3_1;
    a.form = static_cast<unsigned char>(ngcrt::SigmaShape::scalar);
    a.constants.k = 1.f / sigma;
    a.constants.L_factor = 1.f / ((sigma * sigma) * 2.f);
    int mark = 0;
    for (const float scale : {1.f, 1e-20f}) {
        for (const std::size_t n : {std::size_t(2048), max_n}) {
            a.units = n;
            a.n = n;
            fill(n, scale);
            ngcrt_mca_mark(mark++);
            sink = step(a);
            ngcrt_mca_mark(mark++);
        }
    }
    return 0;
}
