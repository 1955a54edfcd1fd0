// bench/bench_linalg_eigen.cpp - the Eigen 3.4 baselines of bench_linalg.cpp: fixed-size
// LLT<Matrix<float, N, N>> compute, and llt.solve(e) plus e.dot(r) for each right-hand side.
// Compiled twice (bench/CMakeLists.txt): with the build's default flags
// (NGCRT_BENCH_EIGEN_NAME = eigen_default) and with -march=native (eigen_native).
// Eigen's own choices stand (FMA where -march allows it, its blocking, its order of sums).
// Fixed-size 256 x 256 objects (256 KiB) live in static storage; Eigen's limit on them is raised.
#define EIGEN_STACK_ALLOCATION_LIMIT (1 << 20)
#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "bench_linalg.hpp"

namespace ngcrt_bench_linalg {
namespace {

template <int N>
struct state {
    Eigen::Matrix<float, N, N> a;
    Eigen::LLT<Eigen::Matrix<float, N, N>> llt;
    Eigen::Matrix<float, N, 1> e[max_rhs], r[max_rhs];
};
template <int N>
state<N>& get() {
    static state<N> s;
    return s;
}

template <int N>
void load_n(const float* a, const float* e) {
    state<N>& s = get<N>();
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) s.a(i, j) = a[i * N + j];
    for (int b = 0; b < max_rhs; ++b)
        for (int i = 0; i < N; ++i) s.e[b](i) = e[b * N + i];
    s.llt.compute(s.a);
}
template <int N>
void compute_n() {
    state<N>& s = get<N>();
    s.llt.compute(s.a);
}
template <int N>
float solve_n(int nb) {
    state<N>& s = get<N>();
    float q = 0;
    for (int b = 0; b < nb; ++b) {
        s.r[b] = s.llt.solve(s.e[b]);
        q += s.e[b].dot(s.r[b]);
    }
    return q;
}

void load(int n, const float* a, const float* e) {
    if (n == 16) load_n<16>(a, e);
    if (n == 64) load_n<64>(a, e);
    if (n == 256) load_n<256>(a, e);
}
void compute(int n) {
    if (n == 16) compute_n<16>();
    if (n == 64) compute_n<64>();
    if (n == 256) compute_n<256>();
}
float solve(int n, int b) {
    if (n == 16) return solve_n<16>(b);
    if (n == 64) return solve_n<64>(b);
    return solve_n<256>(b);
}

}  // namespace

eigen_fns NGCRT_BENCH_EIGEN_NAME() { return {&load, &compute, &solve}; }

}  // namespace ngcrt_bench_linalg
