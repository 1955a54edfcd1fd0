// bench/synapse_baselines.hpp - what the synapses' products are measured against
// (bench/bench_synapse.cpp): a plain loop and Eigen 3.4, y (B x out) = x (B x in) @ W (in x out),
// all row-major. synapse_baselines.cpp is compiled twice: with the build's default flags
// (SSE2 on x86-64, no FMA: what a user's plain build gets) and with -march=native (Eigen's
// FMA GEMM, for the reader).
#pragma once

#include <cstddef>

namespace ngcrt_bench {

// The obvious loop: y[b][o] = sum over i of x[b][i] * W[i][o], i outer so that W's rows stream.
void plain_forward(const float* x, const float* w, float* y, std::size_t batch, std::size_t in,
                   std::size_t out);
// Eigen: Map<const Matrix<float, Dynamic, Dynamic, RowMajor>>, y.noalias() = x * W.
void eigen_forward(const float* x, const float* w, float* y, std::size_t batch, std::size_t in,
                   std::size_t out);
// Eigen's fixed-size Matrix (64 x 64, batch 1), where it compiles on the stack.
void eigen_forward_fixed64(const float* x, const float* w, float* y);
// The transposed product's baselines: y (B x in) = e (B x out) @ W^T.
void plain_transposed(const float* e, const float* w, float* y, std::size_t batch, std::size_t in,
                      std::size_t out);
void eigen_transposed(const float* e, const float* w, float* y, std::size_t batch, std::size_t in,
                      std::size_t out);

// The same, compiled with -march=native (Eigen uses FMA where the CPU has it).
void eigen_forward_native(const float* x, const float* w, float* y, std::size_t batch, std::size_t in,
                          std::size_t out);

}  // namespace ngcrt_bench
