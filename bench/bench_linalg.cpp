// bench/bench_linalg.cpp - src/linalg/cholesky.hpp (issue 13's full-covariance Gaussian)
// against Eigen 3.4's fixed-size LLT, float, on the same matrix and right-hand sides:
//
//   BM_linalg_refresh_<impl>/N     a Sigma refresh: ngcrt factor_logdet (Cholesky + log det);
//                                  Eigen LLT<Matrix<float, N, N>>::compute
//   BM_linalg_factor_<impl>/N      ngcrt factor (Cholesky + log det + the inverse A^-1)
//   BM_linalg_step_<impl>/N/B      a step's linear algebra: B solves and quadratic forms
//                                  (ngcrt solve: y = C^-1 e, r = A^-1 e, q = |y|^2; Eigen:
//                                  r = llt.solve(e), q = e.dot(r))
//
// impl: ngcrt_<isa> (scalar, sse2, avx2, avx512: the pack compiled for that ISA), eigen_default
// (the build's flags: SSE2), eigen_native (-march=native: AVX-512 and FMA here).
// N = 16, 64, 256; B = 1, 8. The matrix: M M^T / N + I for a uniform random M (float).
//   cmake --preset bench -B build/la-bench && cmake --build build/la-bench -j2 --target ngcrt-bench-linalg
//   build/la-bench/bench/ngcrt-bench-linalg --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench_linalg.hpp"
#include "linalg/cholesky.hpp"

namespace {

using namespace ngcrt_bench_linalg;

struct data {
    std::vector<float> a, e;
};

const data& inputs(int n) {
    static data d[3];
    data& x = d[n == 16 ? 0 : n == 64 ? 1 : 2];
    if (!x.a.empty()) return x;
    std::uint32_t s = 0x9e3779b9u;
    auto uniform = [&s] {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        return static_cast<double>(s) * 0x1p-32 - 0.5;
    };
    const auto N = static_cast<std::size_t>(n);
    std::vector<double> m(N * N);
    for (auto& v : m) v = uniform();
    x.a.resize(N * N);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            double t = i == j ? 1.0 : 0.0;
            for (std::size_t k = 0; k < N; ++k) t += m[i * N + k] * m[j * N + k] / static_cast<double>(N);
            x.a[i * N + j] = static_cast<float>(t);
        }
    x.e.resize(max_rhs * N);
    for (auto& v : x.e) v = static_cast<float>(uniform());
    return x;
}

bool cpu_has(std::string_view isa) {
    __builtin_cpu_init();
    if (isa == "avx512" || isa == "native")
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl");
    if (isa == "avx2") return __builtin_cpu_supports("avx2");
    return true;
}

// The workspace, 64-byte aligned (as a cell's member array could be).
struct workspace {
    alignas(64) float ws[ngcrt::detail::linalg::workspace_size(256)];
    alignas(64) float y[256], r[max_rhs][256];
};
workspace w;

void ngcrt_refresh(benchmark::State& state, ngcrt_fns f, bool inverse) {
    const int n = static_cast<int>(state.range(0));
    const data& d = inputs(n);
    float logdet = 0;
    for (auto _ : state) {
        const bool ok = inverse ? f.factor(d.a.data(), static_cast<std::size_t>(n), w.ws, logdet)
                                : f.factor_logdet(d.a.data(), static_cast<std::size_t>(n), w.ws, logdet);
        benchmark::DoNotOptimize(ok);
        benchmark::DoNotOptimize(logdet);
        benchmark::ClobberMemory();
    }
}

void ngcrt_step(benchmark::State& state, ngcrt_fns f) {
    const int n = static_cast<int>(state.range(0)), nb = static_cast<int>(state.range(1));
    const auto N = static_cast<std::size_t>(n);
    const data& d = inputs(n);
    float logdet = 0;
    if (!f.factor(d.a.data(), N, w.ws, logdet)) state.SkipWithError("not positive definite");
    for (auto _ : state) {
        float q = 0;
        for (int b = 0; b < nb; ++b)
            q += f.solve(w.ws, N, d.e.data() + static_cast<std::size_t>(b) * N, w.y, w.r[b]);
        benchmark::DoNotOptimize(q);
        benchmark::ClobberMemory();
    }
}

void eigen_refresh(benchmark::State& state, eigen_fns f) {
    const int n = static_cast<int>(state.range(0));
    const data& d = inputs(n);
    f.load(n, d.a.data(), d.e.data());
    for (auto _ : state) {
        f.compute(n);
        benchmark::ClobberMemory();
    }
}

void eigen_step(benchmark::State& state, eigen_fns f) {
    const int n = static_cast<int>(state.range(0)), nb = static_cast<int>(state.range(1));
    const data& d = inputs(n);
    f.load(n, d.a.data(), d.e.data());
    for (auto _ : state) {
        benchmark::DoNotOptimize(f.solve(n, nb));
        benchmark::ClobberMemory();
    }
}

struct ngcrt_isa {
    const char* name;
    ngcrt_fns (*fns)();
};
const ngcrt_isa isas[] = {
    {"scalar", ngcrt_scalar}, {"sse2", ngcrt_sse2}, {"avx2", ngcrt_avx2}, {"avx512", ngcrt_avx512}};

// Repetitions also report their minimum: the machine this runs on is often shared, and the
// fastest repetition is the one least disturbed.
benchmark::internal::Benchmark* with_min(benchmark::internal::Benchmark* b) {
    return b->ComputeStatistics(
        "min", [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); });
}

int register_all() {
    for (const ngcrt_isa& isa : isas) {
        if (!cpu_has(isa.name)) continue;
        const std::string s = isa.name;
        const ngcrt_fns f = isa.fns();
        with_min(
            benchmark::RegisterBenchmark(("BM_linalg_refresh_ngcrt_" + s).c_str(), ngcrt_refresh, f, false))
            ->Arg(16)
            ->Arg(64)
            ->Arg(256);
        with_min(
            benchmark::RegisterBenchmark(("BM_linalg_factor_ngcrt_" + s).c_str(), ngcrt_refresh, f, true))
            ->Arg(16)
            ->Arg(64)
            ->Arg(256);
        with_min(benchmark::RegisterBenchmark(("BM_linalg_step_ngcrt_" + s).c_str(), ngcrt_step, f))
            ->ArgsProduct({{16, 64, 256}, {1, 8}});
    }
    const std::pair<const char*, eigen_fns> eigens[] = {{"default", eigen_default()},
                                                        {"native", eigen_native()}};
    for (const auto& [name, f] : eigens) {
        if (!cpu_has(name)) continue;
        const std::string s = name;
        with_min(benchmark::RegisterBenchmark(("BM_linalg_refresh_eigen_" + s).c_str(), eigen_refresh, f))
            ->Arg(16)
            ->Arg(64)
            ->Arg(256);
        with_min(benchmark::RegisterBenchmark(("BM_linalg_step_eigen_" + s).c_str(), eigen_step, f))
            ->ArgsProduct({{16, 64, 256}, {1, 8}});
    }
    return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
