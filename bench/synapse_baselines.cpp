// bench/synapse_baselines.cpp - the synapse products' baselines (bench/synapse_baselines.hpp).
// Compiled twice: NGCRT_BENCH_NATIVE undefined (default flags) and defined (-march=native).
#include <Eigen/Core>

#include "synapse_baselines.hpp"

namespace ngcrt_bench {

namespace {
using matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using cmap = Eigen::Map<const matrix>;
using map = Eigen::Map<matrix>;
}  // namespace

#ifndef NGCRT_BENCH_NATIVE
void plain_forward(const float* x, const float* w, float* y, std::size_t batch, std::size_t in,
                   std::size_t out) {
    for (std::size_t b = 0; b < batch; ++b) {
        float* yb = y + b * out;
        for (std::size_t o = 0; o < out; ++o) yb[o] = 0.f;
        for (std::size_t i = 0; i < in; ++i) {
            const float xi = x[b * in + i];
            const float* wi = w + i * out;
            for (std::size_t o = 0; o < out; ++o) yb[o] += xi * wi[o];
        }
    }
}

void eigen_forward(const float* x, const float* w, float* y, std::size_t batch, std::size_t in,
                   std::size_t out) {
    const auto B = static_cast<Eigen::Index>(batch), I = static_cast<Eigen::Index>(in),
               O = static_cast<Eigen::Index>(out);
    map(y, B, O).noalias() = cmap(x, B, I) * cmap(w, I, O);
}

void eigen_forward_fixed64(const float* x, const float* w, float* y) {
    using row = Eigen::Matrix<float, 1, 64>;
    using mat = Eigen::Matrix<float, 64, 64, Eigen::RowMajor>;
    Eigen::Map<row>(y).noalias() = Eigen::Map<const row>(x) * Eigen::Map<const mat>(w);
}

void plain_transposed(const float* e, const float* w, float* y, std::size_t batch, std::size_t in,
                      std::size_t out) {
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t i = 0; i < in; ++i) {
            float acc = 0.f;
            const float* wi = w + i * out;
            for (std::size_t o = 0; o < out; ++o) acc += e[b * out + o] * wi[o];
            y[b * in + i] = acc;
        }
}

void eigen_transposed(const float* e, const float* w, float* y, std::size_t batch, std::size_t in,
                      std::size_t out) {
    const auto B = static_cast<Eigen::Index>(batch), I = static_cast<Eigen::Index>(in),
               O = static_cast<Eigen::Index>(out);
    map(y, B, I).noalias() = cmap(e, B, O) * cmap(w, I, O).transpose();
}
#else
void eigen_forward_native(const float* x, const float* w, float* y, std::size_t batch, std::size_t in,
                          std::size_t out) {
    const auto B = static_cast<Eigen::Index>(batch), I = static_cast<Eigen::Index>(in),
               O = static_cast<Eigen::Index>(out);
    map(y, B, O).noalias() = cmap(x, B, I) * cmap(w, I, O);
}
#endif

}  // namespace ngcrt_bench
