// bench/bench_synapse.cpp - the synapses' products (ngcrt-bench-synapse): the forward product
// y = x @ W and the transposed one y = e @ W^T from the same storage, on every host kernel
// ngcrt has compiled, beside a plain loop and Eigen 3.4 (bench/synapse_baselines.cpp, default
// flags; Eigen's -march=native FMA GEMM for the reader). Sizes (in, out, B): the firmware
// case B = 1 at (64, 64), (512, 512), (784, 512), and B = 50, 250 at (784, 512).
// Each row checks its set-up (init and one product, its outputs against the plain loop's) before timing; counter "flops" is
// 2 * B * in * out per second (a multiply and an add per term).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <ngcrt/ngcrt.hpp>

#include "synapse_baselines.hpp"

namespace {

struct problem {
    std::size_t in, out, batch;
    std::vector<float> x, w, y;
    problem(std::size_t i, std::size_t o, std::size_t b, bool transposed)
        : in(i), out(o), batch(b), x(b * (transposed ? o : i)), w(i * o), y(b * (transposed ? i : o)) {
        unsigned s = 12345u;
        auto next = [&s] {
            s = s * 1103515245u + 12345u;
            return static_cast<float>((s >> 8) & 0xFFFFu) * (1.f / 65536.f) - 0.5f;
        };
        for (float& v : x) v = next();
        for (float& v : w) v = next() * 0.1f;
    }
};

void flops(benchmark::State& state, const problem& p) {
    state.counters["flops"] = benchmark::Counter(2.0 * double(p.batch) * double(p.in) * double(p.out),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// Whether ngcrt's outputs are the product the row claims: each element within a few roundings
// of the plain loop's (the same terms in the same order; the loop's compiler may contract or
// reorder), relative to the sum of the terms' magnitudes. Nonzero inputs and weights, so an
// all-zero output cannot pass.
bool agrees_with_plain_loop(const problem& p, const std::vector<float>& outputs, bool transposed) {
    std::vector<float> reference(outputs.size()), magnitude(outputs.size());
    std::vector<float> abs_x(p.x.size()), abs_w(p.w.size());
    for (std::size_t i = 0; i < p.x.size(); ++i) abs_x[i] = std::fabs(p.x[i]);
    for (std::size_t i = 0; i < p.w.size(); ++i) abs_w[i] = std::fabs(p.w[i]);
    const auto product = transposed ? ngcrt_bench::plain_transposed : ngcrt_bench::plain_forward;
    product(p.x.data(), p.w.data(), reference.data(), p.batch, p.in, p.out);
    product(abs_x.data(), abs_w.data(), magnitude.data(), p.batch, p.in, p.out);
    bool nonzero = false;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        if (!(std::fabs(outputs[i] - reference[i]) <= 1e-5f * magnitude[i])) return false;
        nonzero = nonzero || outputs[i] != 0.f;
    }
    return nonzero;
}

// ngcrt's product on kernel k: the view over W (in x out), read in place; transposed: the same
// storage read as W^T (a feedback synapse of shape (out, in)).
void run_ngcrt(benchmark::State& state, ngcrt::kernel k, bool transposed) {
    if (ngcrt::force_kernel(k) != ngcrt::status::ok) {
        state.SkipWithError("kernel not available on this CPU");
        return;
    }
    problem p(std::size_t(state.range(0)), std::size_t(state.range(1)), std::size_t(state.range(2)),
              transposed);
    std::vector<float> inputs(p.x.size()), outputs(p.y.size());
    ngcrt::DenseSynapseView<float> v;
    const ngcrt::dense_synapse_config cfg =
        transposed ? ngcrt::dense_synapse_config{p.out, p.in, p.batch, ngcrt::Biases::none,
                                                 ngcrt::WeightLayout::transposed}
                   : ngcrt::dense_synapse_config{p.in, p.out, p.batch};
    if (v.init(cfg, {inputs, outputs, ngcrt::span<const float>(p.w.data(), p.w.size()), {}}) !=
            ngcrt::status::ok ||
        v.bind_inputs(ngcrt::span<const float>(p.x.data(), p.x.size())) != ngcrt::status::ok ||
        v.advance_state() != ngcrt::status::ok) {
        state.SkipWithError("synapse set-up refused");
        ngcrt::reset_kernel();
        return;
    }
    // The row times the product it names: its outputs agree with the plain loop's on this data.
    if (!agrees_with_plain_loop(p, outputs, transposed)) {
        state.SkipWithError("outputs differ from the plain loop's");
        ngcrt::reset_kernel();
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(v.advance_state());
        benchmark::ClobberMemory();
    }
    flops(state, p);
    state.SetLabel(ngcrt::to_string(ngcrt::active_kernel()));
    ngcrt::reset_kernel();
}

template <class F>
void run_baseline(benchmark::State& state, bool transposed, F f) {
    problem p(std::size_t(state.range(0)), std::size_t(state.range(1)), std::size_t(state.range(2)),
              transposed);
    for (auto _ : state) {
        f(p);
        benchmark::DoNotOptimize(p.y.data());
        benchmark::ClobberMemory();
    }
    flops(state, p);
}

// The core's clock: a chain of dependent integer additions, one per cycle on every x86 core
// (the peak fraction's denominator; tools/perf_report.py). Counter clock_hz.
void BM_cpu_clock(benchmark::State& state) {
#if defined(__x86_64__)
    constexpr long chain = 1 << 20;
    for (auto _ : state) {
        long x = 0;
        for (long i = 0; i < chain; i += 8)
            __asm__ volatile(
                "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
                : "+r"(x));
        benchmark::DoNotOptimize(x);
    }
    state.counters["clock_hz"] =
        benchmark::Counter(double(chain), benchmark::Counter::kIsIterationInvariantRate);
#else
    state.SkipWithError("x86-64 only");
#endif
}

void shapes(benchmark::internal::Benchmark* b) {
    b->Args({64, 64, 1})
        ->Args({512, 512, 1})
        ->Args({784, 512, 1})
        ->Args({784, 512, 50})
        ->Args({784, 512, 250});
}

int register_all() {
    for (ngcrt::kernel k : ngcrt::all_kernels) {
        if (!ngcrt::kernel_available(k)) continue;
        const std::string name = ngcrt::to_string(k);
        benchmark::RegisterBenchmark(("BM_synapse_forward_" + name).c_str(), [k](benchmark::State& st) {
            run_ngcrt(st, k, false);
        })->Apply(shapes);
        benchmark::RegisterBenchmark(("BM_synapse_transposed_" + name).c_str(), [k](benchmark::State& st) {
            run_ngcrt(st, k, true);
        })->Apply(shapes);
    }
    benchmark::RegisterBenchmark("BM_cpu_clock", BM_cpu_clock);
    using namespace ngcrt_bench;
    benchmark::RegisterBenchmark("BM_plain_forward", [](benchmark::State& st) {
        run_baseline(st, false, [](problem& p) {
            plain_forward(p.x.data(), p.w.data(), p.y.data(), p.batch, p.in, p.out);
        });
    })->Apply(shapes);
    benchmark::RegisterBenchmark("BM_eigen_forward", [](benchmark::State& st) {
        run_baseline(st, false, [](problem& p) {
            eigen_forward(p.x.data(), p.w.data(), p.y.data(), p.batch, p.in, p.out);
        });
    })->Apply(shapes);
    benchmark::RegisterBenchmark("BM_eigen_forward_fixed", [](benchmark::State& st) {
        run_baseline(st, false,
                     [](problem& p) { eigen_forward_fixed64(p.x.data(), p.w.data(), p.y.data()); });
    })->Args({64, 64, 1});
    benchmark::RegisterBenchmark("BM_eigen_forward_native_fma", [](benchmark::State& st) {
        run_baseline(st, false, [](problem& p) {
            eigen_forward_native(p.x.data(), p.w.data(), p.y.data(), p.batch, p.in, p.out);
        });
    })->Apply(shapes);
    benchmark::RegisterBenchmark("BM_plain_transposed", [](benchmark::State& st) {
        run_baseline(st, true, [](problem& p) {
            plain_transposed(p.x.data(), p.w.data(), p.y.data(), p.batch, p.in, p.out);
        });
    })->Apply(shapes);
    benchmark::RegisterBenchmark("BM_eigen_transposed", [](benchmark::State& st) {
        run_baseline(st, true, [](problem& p) {
            eigen_transposed(p.x.data(), p.w.data(), p.y.data(), p.batch, p.in, p.out);
        });
    })->Apply(shapes);
    return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
