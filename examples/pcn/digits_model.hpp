// examples/pcn/digits_model.hpp - what the PCN examples (the host demo, pcn_demo.cpp, and
// the Cortex-M4F firmware, pcn_firmware.cpp) share: the digits data set as floats, the
// prediction rule and accuracy. No allocation, no I/O: it runs on the device too.
#pragma once

#include <cstddef>

#include <ngcrt/pcn.hpp>

#include "digits.h"

namespace digits {

constexpr std::size_t pixels = NGCRT_DIGITS_PIXELS, classes = NGCRT_DIGITS_CLASSES;
constexpr std::size_t train_rows = NGCRT_DIGITS_TRAIN, test_rows = NGCRT_DIGITS_ROWS - NGCRT_DIGITS_TRAIN;

// Rows [first, first + n) as X = pixels / 16 (exact) and one-hot Y.
inline void load(std::size_t first, std::size_t n, float* x, float* y) noexcept {
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t i = 0; i < pixels; ++i)
            x[r * pixels + i] = float(ngcrt_digits_pixels[(first + r) * pixels + i]) / 16.f;
        for (std::size_t c = 0; c < classes; ++c)
            y[r * classes + c] = ngcrt_digits_classes[first + r] == c ? 1.f : 0.f;
    }
}

// pcn.md's prediction: the row's argmax, the first maximum winning, a NaN counting as the
// maximum (the first NaN wins).
inline std::size_t predict(const float* y) noexcept {
    std::size_t best = 0;
    for (std::size_t c = 1; c < classes; ++c) {
        if (y[best] != y[best]) break;
        if (y[c] != y[c] || y[c] > y[best]) best = c;
    }
    return best;
}

// Correct predictions on the test split (rows 1400..1796), in chunks of up to Chunk rows
// through a network with infer(x, rows, y) (PCNView or PCNInferenceView).
template <std::size_t Chunk, class Net>
std::size_t correct_on_test(Net& net) noexcept {
    static float x[Chunk * pixels], lab[Chunk * classes], y[Chunk * classes];
    std::size_t correct = 0;
    for (std::size_t first = 0; first < test_rows; first += Chunk) {
        const std::size_t n = test_rows - first < Chunk ? test_rows - first : Chunk;
        load(train_rows + first, n, x, lab);
        if (net.infer({x, n * pixels}, n, {y, n * classes}) != ngcrt::status::ok) return 0;
        for (std::size_t r = 0; r < n; ++r)
            correct += predict(y + r * classes) == ngcrt_digits_classes[train_rows + first + r];
    }
    return correct;
}

}  // namespace digits
