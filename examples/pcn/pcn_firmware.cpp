// ngcrt-pcn-firmware: the digits PCN on a Cortex-M4F (issue 25's firmware example), also
// built for the host, where it must print the same lines (the same bits).
//
//   1. Inference from flash: the model that `ngcrt-pcn pack` wrote (examples/pcn/
//      digits_model.h, const arrays the linker keeps in flash) through PCNInference, which
//      needs no RAM for the weights: the accuracy on the 397 test images.
//   2. Learning on the device: the same weights copied into a PCN (weights, biases and
//      Adam's moments in RAM), B = 10, T = 20, Adam 1e-3, trained on a few batches of the
//      training split: the energy (EFE) per batch, then the test accuracy after.
//   3. RAM: sizeof of both networks, and the stack the whole run used (the stack below
//      main's frame is painted first, and the lowest word that changed is found after).
//
// CTest runs it on the cortex-m* targets under qemu and on the host, and checks the printed
// lines against examples/pcn/firmware_expected.txt (the same file for both).
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "digits_model.h"  // ngcrt-pcn pack --model <trained digits model> --out digits_model.h
#include "digits_model.hpp"

namespace {

using sizes = ngcrt::Layers<NGCRT_PCN_SIZE_LIST>;
constexpr std::size_t batch = 10, train_batches = 8;

ngcrt::PCNInference<float, sizes, 1> flash_net{ngcrt_pcn_weights, ngcrt_pcn_biases};
ngcrt::PCN<float, sizes, batch> net;

std::uint32_t bits(float v) {
    std::uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    return u;
}

#if defined(__arm__)
// The stack high-water mark: paint `span` bytes below the current frame, measure later.
constexpr std::size_t paint_bytes = 8192;
constexpr std::uint32_t paint = 0x5a5aa5a5u;
std::uint32_t* paint_base = nullptr;
__attribute__((noinline)) void paint_stack() {
    std::uint32_t here = 0;
    auto* top =
        reinterpret_cast<std::uint32_t*>(reinterpret_cast<std::uintptr_t>(&here) & ~std::uintptr_t(63)) - 16;
    paint_base = top - paint_bytes / 4;
    for (std::uint32_t* p = paint_base; p < top; ++p) *p = paint;
}
std::size_t stack_used_below_main() {
    std::uint32_t* p = paint_base;
    while (*p == paint) ++p;
    return paint_bytes - std::size_t(p - paint_base) * 4;
}
#endif

}  // namespace

int main() {
#if defined(__arm__)
    paint_stack();
#endif
    if (flash_net.init_status() != ngcrt::status::ok || net.init_status() != ngcrt::status::ok) {
        std::printf("pcn firmware: FAIL (init)\n");
        return 1;
    }
    std::printf("pcn firmware: digits %zu-%zu-%zu-%zu, %s\n", sizes::sizes[0], sizes::sizes[1],
                sizes::sizes[2], sizes::sizes[3], "weights in flash");
    const std::size_t before = digits::correct_on_test<1>(flash_net);
    std::printf("inference from flash: %zu / %zu correct\n", before, digits::test_rows);

    // Learning on the device: the weights into RAM, then B = 10 batches of the training split.
    for (std::size_t l = 1; l <= NGCRT_PCN_LAYERS; ++l) {
        const ngcrt::span<float> w = net.weights(l), b = net.biases(l);
        for (std::size_t i = 0; i < w.size(); ++i) w[i] = ngcrt_pcn_weights[l - 1][i];
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = ngcrt_pcn_biases[l - 1][i];
    }
    static float x[batch * digits::pixels], lab[batch * digits::classes], y[batch * digits::classes];
    for (std::size_t k = 0; k < train_batches; ++k) {
        digits::load(k * batch, batch, x, lab);
        float efe = 0;
        if (net.process(x, lab, batch, true, y, &efe) != ngcrt::status::ok) {
            std::printf("pcn firmware: FAIL (process)\n");
            return 1;
        }
        std::printf("train batch %zu: EFE %.6f (0x%08lx)\n", k + 1, double(efe),
                    static_cast<unsigned long>(bits(efe)));
    }
    const std::size_t after = digits::correct_on_test<batch>(net);
    std::printf("after %zu batches on the device: %zu / %zu correct\n", train_batches, after,
                digits::test_rows);
    std::printf("RAM: training network %zu bytes (weights, Adam, activations), inference network %zu bytes\n",
                sizeof net, sizeof flash_net);
    std::printf("RAM of a training network at B = 1 (not built here): %zu bytes\n",
                sizeof(ngcrt::PCN<float, sizes, 1>));
#if defined(__arm__)
    std::printf("stack used below main: %zu bytes\n", stack_used_below_main());
#endif
    std::printf("pcn firmware: PASS\n");
    return 0;
}
