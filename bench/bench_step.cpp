// Microbenchmarks: one GaussianErrorCell step against the loop a user would write and
// against the memory-traffic floor, side by side in one run (Google Benchmark).
//   cmake --preset bench && cmake --build --preset bench && ./build/bench/bench/ngcrt-bench
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include <ngcrt/ngcrt.hpp>

namespace {

constexpr std::size_t streams_live = 7;  // reads mu, target, modulator, mask; writes dmu, dtarget, mask

void counters(benchmark::State& state, std::size_t n, std::size_t streams) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * streams * sizeof(float)));
}

struct buffers {
    std::vector<float> mu, target, modulator, mask, dmu, dtarget;
    explicit buffers(std::size_t n)
        : mu(n, 0.25f), target(n, 1.f), modulator(n, 1.f), mask(n, 1.f), dmu(n), dtarget(n) {
        for (std::size_t i = 0; i < n; ++i) mu[i] = static_cast<float>(i % 97) * 0.01f;
    }
};

// The cell over caller buffers; live: modulator and mask are read (write access taken).
void BM_ngcrt_step(benchmark::State& state, bool live) {
    const auto n = static_cast<std::size_t>(state.range(0));
    buffers b(n);
    std::vector<float> sigma(1), dsigma(1);
    ngcrt::GaussianErrorCellView<float> cell;
    if (cell.init({ngcrt::shape::dense(n), 1}, {{b.mu.data(), n}, {b.target.data(), n}, {b.modulator.data(), n},
                                                {b.mask.data(), n}, {sigma.data(), 1}, {dsigma.data(), 1},
                                                {b.dmu.data(), n}, {b.dtarget.data(), n}}) != ngcrt::status::ok) {
        state.SkipWithError("init failed");
        return;
    }
    (void)cell.set_Sigma(2.f);
    for (auto _ : state) {
        if (live) {
            (void)cell.modulator();
            (void)cell.mask();
        }
        benchmark::DoNotOptimize(cell.advance_state(1.f));
        benchmark::DoNotOptimize(cell.L());
        benchmark::ClobberMemory();
    }
    counters(state, n, live ? streams_live : 4);
    state.SetLabel(ngcrt::to_string(ngcrt::active_kernel()));
}

// The loop as a user would write it (default flags: the float sum is not vectorised).
void BM_naive_step(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    buffers b(n);
    const float sigma = 2.f;
    for (auto _ : state) {
        float S = 0.f;
        for (std::size_t i = 0; i < n; ++i) {
            const float e = b.target[i] - b.mu[i];
            const float d = e * (1.f / sigma);
            b.dmu[i] = d * b.modulator[i] * b.mask[i];
            b.dtarget[i] = -d * b.modulator[i] * b.mask[i];
            b.mask[i] = 1.f;
            S += e * e;
        }
        float L = -S * (1.f / (sigma * sigma * 2.f));
        benchmark::DoNotOptimize(L);
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

// The same seven streams with no floating-point arithmetic: the memory-traffic floor.
// (mask |= modulator on the bit patterns keeps the read-modify-write of the mask.)
void BM_floor_step(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<std::uint32_t> mu(n, 1), tg(n, 2), mod(n, 3), mask(n, 4), dmu(n), dt(n);
    for (auto _ : state) {
        std::uint32_t* __restrict pdmu = dmu.data();
        std::uint32_t* __restrict pdt = dt.data();
        std::uint32_t* __restrict pmask = mask.data();
        const std::uint32_t* __restrict pmu = mu.data();
        const std::uint32_t* __restrict ptg = tg.data();
        const std::uint32_t* __restrict pmod = mod.data();
        for (std::size_t i = 0; i < n; ++i) {
            pdmu[i] = pmu[i];
            pdt[i] = ptg[i];
            pmask[i] |= pmod[i];
        }
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

void sizes(benchmark::internal::Benchmark* b) {
    for (long n : {64L, 1024L, 16384L, 262144L, 4194304L}) b->Arg(n);
}

}  // namespace

BENCHMARK_CAPTURE(BM_ngcrt_step, live, true)->Apply(sizes);
BENCHMARK_CAPTURE(BM_ngcrt_step, default, false)->Apply(sizes);
BENCHMARK(BM_naive_step)->Apply(sizes);
BENCHMARK(BM_floor_step)->Apply(sizes);
BENCHMARK_MAIN();
