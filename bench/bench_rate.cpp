// RateCell's step (sigmoid, Euler, gaussian prior; docs/spec/rate-cell.md) beside a plain C++
// loop of the same formulas (libm's expf, the build's default flags) and the memory-traffic
// floor (bench/rate_floor.cpp: the step's 3 loads and 3 stores, no arithmetic, -march=native).
// Every row checks its inputs before timing. Rows (n = 64, 1024, 16384):
//   BM_rate_step         ngcrt::RateCellView<float>, the kernel dispatch chose
//   BM_rate_step_<k>     the same, kernel k forced
//   BM_rate_loop         the plain loop
//   BM_rate_floor        the traffic floor (6 streams)
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <ngcrt/ngcrt.hpp>

namespace ngcrt_bench {
void rate_floor(float* j, const float* j_td, float* z, float* zF, std::size_t n) noexcept;
}

namespace {

constexpr std::size_t rate_streams = 6;  // read j, j_td, z; write z, zF, j

// Four 64-byte aligned streams, staggered by a cache line each (no 4K aliasing), j = 0 and
// j_td in [-1, 1): z settles at j_td (gamma = 1), every value stays normal.
struct rate_streams_t {
    std::vector<float> storage;
    float *j, *j_td, *z, *zF;
    explicit rate_streams_t(std::size_t n) {
        const std::size_t stride = (n + 15) / 16 * 16 + 16;  // whole lines, + one line of stagger
        storage.resize(4 * stride + 16);
        const auto base = reinterpret_cast<std::uintptr_t>(storage.data());
        float* p = reinterpret_cast<float*>((base + 63) & ~std::uintptr_t(63));
        j = p;
        j_td = p + stride;
        z = p + 2 * stride;
        zF = p + 3 * stride;
        fill(n);
    }
    void fill(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            j[i] = 0.f;
            j_td[i] = -1.f + 2.f * float((i * 2654435761u) % 1024u) / 1024.f;
            z[i] = 0.f;
            zF[i] = 0.f;
        }
    }
};

ngcrt::RateSettings<float> bench_settings() {
    ngcrt::RateSettings<float> s;
    s.tau_m = 10.f;
    s.gamma = 1.f;
    s.act_fx = ngcrt::Activation::sigmoid;
    s.integration = ngcrt::integrator_from_name("euler");
    return s;
}

void counters(benchmark::State& state, std::size_t n) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n * rate_streams * sizeof(float)));
}

bool inputs_ok(const rate_streams_t& s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(s.j_td[i]) || s.j[i] != 0.f || s.z[i] != 0.f) return false;
    return true;
}

void run_rate_step(benchmark::State& state, bool force, ngcrt::kernel k) {
    const auto n = static_cast<std::size_t>(state.range(0));
    if (force && ngcrt::force_kernel(k) != ngcrt::status::ok) {
        state.SkipWithError("kernel not available on this CPU");
        return;
    }
    if (!force) ngcrt::reset_kernel();
    rate_streams_t s(n);
    ngcrt::RateCellView<float> cell;
    if (cell.init(ngcrt::shape::dense(n), 1, 1, bench_settings(), {s.j, s.j_td, s.z, s.zF, n}) !=
        ngcrt::status::ok) {
        state.SkipWithError("init failed");
        return;
    }
    s.fill(n);  // (init zeroed the compartments)
    if (!inputs_ok(s, n)) {
        state.SkipWithError("inputs not as described");
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(cell.advance_state(1.f));
        benchmark::ClobberMemory();
    }
    state.SetLabel(ngcrt::to_string(ngcrt::active_kernel()));
    counters(state, n);
    ngcrt::reset_kernel();
}

// The same formulas (docs/spec/rate-cell.md's order), a plain loop over libm's expf.
void BM_rate_loop(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    rate_streams_t s(n);
    if (!inputs_ok(s, n)) {
        state.SkipWithError("inputs not as described");
        return;
    }
    const float r = 1.f / 10.f, gamma = 1.f, dt = 1.f, rs = 1.f, os = 1.f;
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) {
            const float z = s.z[i];
            const float sg = 1.f / (1.f + std::exp(-z));
            const float jm = (s.j[i] * (sg * (1.f - sg))) * rs;
            const float zn = z + ((((-z) * gamma) + (jm + s.j_td[i])) * r) * dt;
            s.z[i] = zn;
            s.zF[i] = (1.f / (1.f + std::exp(-zn))) * os;
            s.j[i] = jm;
        }
        benchmark::ClobberMemory();
    }
    counters(state, n);
}

void BM_rate_floor(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    rate_streams_t s(n);
    if (!inputs_ok(s, n)) {
        state.SkipWithError("inputs not as described");
        return;
    }
    for (auto _ : state) {
        ngcrt_bench::rate_floor(s.j, s.j_td, s.z, s.zF, n);
        benchmark::ClobberMemory();
    }
    counters(state, n);
}

int register_rate() {
    auto sizes = [](benchmark::internal::Benchmark* b) {
        for (long n : {64L, 1024L, 16384L}) b->Arg(n);
    };
    benchmark::RegisterBenchmark("BM_rate_step", [](benchmark::State& st) {
        run_rate_step(st, false, ngcrt::kernel::scalar);
    })->Apply(sizes);
    for (ngcrt::kernel k : ngcrt::all_kernels) {
        if (!ngcrt::kernel_available(k)) continue;
        benchmark::RegisterBenchmark((std::string("BM_rate_step_") + ngcrt::to_string(k)).c_str(),
                                     [k](benchmark::State& st) { run_rate_step(st, true, k); })
            ->Apply(sizes);
    }
    benchmark::RegisterBenchmark("BM_rate_loop", BM_rate_loop)->Apply(sizes);
    benchmark::RegisterBenchmark("BM_rate_floor", BM_rate_floor)->Apply(sizes);
    return 0;
}

const int rate_registered = register_rate();

}  // namespace
