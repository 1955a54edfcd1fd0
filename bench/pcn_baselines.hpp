// bench/pcn_baselines.hpp - what ngcrt's predictive-coding network (include/ngcrt/pcn.hpp) is
// measured against (bench/bench_pcn.cpp): the same algorithm (docs/spec/pcn.md: the
// projection, T settling steps with the first step's quirks, the Hebbian step through Adam),
// written twice from the page as a user would, in bench/pcn_baselines.cpp, compiled with the
// build's default flags (SSE2 on x86-64, no FMA), like the synapse baselines:
//   PlainPCN  straightforward loops over std::vector (products as triple loops, libm expf)
//   EigenPCN  Eigen 3.4 row-major matrices, noalias() products, array expressions
// Both own their weights (W_l row-major (n_(l-1), n_l), b_l (1, n_l)), Adam's state and
// scratch for up to max_batch rows. Sums are in each implementation's own order, so results
// agree with ngcrt to rounding, not bit for bit.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace ngcrt_bench {

struct pcn_hyper {
    std::size_t steps = 20;  // T
    float dt = 1.f;
    float tau = 25.f;
    float eta = 1e-3f;  // Adam
};

class PlainPCN {
public:
    PlainPCN(const std::vector<std::size_t>& sizes, std::size_t max_batch, const pcn_hyper& h = {});
    float* weights(std::size_t l) { return W_[l].data(); }  // l = 1..L
    float* biases(std::size_t l) { return b_[l].data(); }
    // process(x, lab, adapt = true): y_inf (batch x n_L) the projection, *efe the energy.
    void process(const float* x, const float* lab, std::size_t batch, float* y_inf, float* efe);
    // The projection alone (test time).
    void infer(const float* x, std::size_t batch, float* y);

private:
    void project(const float* x, std::size_t batch, float* y);
    std::vector<std::size_t> n_;
    std::size_t L_;
    pcn_hyper h_;
    float t_ = 0.f;  // Adam's step counter (all layers step together)
    std::vector<std::vector<float>> W_, b_, mW_, vW_, mb_, vb_, gW_, gb_;
    std::vector<std::vector<float>> z_, zF_, e_, feedback_, mu_;
    std::vector<float> lab_c_;
};

class EigenPCN {
public:
    EigenPCN(const std::vector<std::size_t>& sizes, std::size_t max_batch, const pcn_hyper& h = {});
    ~EigenPCN();
    float* weights(std::size_t l);
    float* biases(std::size_t l);
    void process(const float* x, const float* lab, std::size_t batch, float* y_inf, float* efe);
    void infer(const float* x, std::size_t batch, float* y);

private:
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace ngcrt_bench
