// bench/bench_pcn.cpp - the predictive-coding network (ngcrt-bench-pcn): ngcrt's PCN
// (include/ngcrt/pcn.hpp, the dispatched kernel, as a user gets it) beside the same algorithm
// as plain loops and in Eigen 3.4 (bench/pcn_baselines.cpp, the build's default flags).
//   BM_pcn_train_<impl>/N0/B   process(x, lab, adapt = true), T = 20, Adam eta 1e-3; counter
//                              samples_per_s. N0 = 64: 64-64-64-10 (B = 1, 50); N0 = 784:
//                              784-512-512-10 (B = 250)
//   BM_pcn_infer_<impl>/N0/1   the projection of one sample (infer), 64-64-64-10, 784-512-512-10
//   BM_cpu_clock               the core's clock (for the share of the no-FMA peak)
// Weights uniform(-0.3, 0.3), biases 0, inputs uniform [0, 1), one-hot labels, all from fixed
// seeds; the same for every implementation. Every row checks its data before timing: its
// implementation and a second one (ngcrt for the baselines, the plain loops for ngcrt) start
// from the same weights and run the same calls; their y_inf must agree within 1e-4 of the
// largest |y| and not be all zero; for training, over two process calls (the second one's
// y_inf reads the weights the first call learnt), EFE finite, negative and within 1e-3
// relative, and every weight layer changed. After timing, EFE must still be finite.
// tools/perf_report.py --pcn reads this program's JSON (docs/performance.md's "pcn" block).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ngcrt/ngcrt.hpp>

#include "pcn_baselines.hpp"

namespace {

std::vector<std::size_t> layer_sizes(std::size_t n0) {
    return n0 == 64 ? std::vector<std::size_t>{64, 64, 64, 10} : std::vector<std::size_t>{784, 512, 512, 10};
}

// A small fixed-seed generator (the same numbers on every platform).
struct lcg {
    std::uint64_t s;
    float uniform() {  // [0, 1)
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return float(s >> 40) * (1.f / 16777216.f);
    }
};

// The data of one case: weights, biases (0) and a pool of batches the timing loop cycles
// through (one-hot labels).
struct problem {
    std::vector<std::size_t> n;
    std::size_t batch, batches;
    std::vector<std::vector<float>> W;  // W[l], l = 1..L
    std::vector<float> x, lab;
    problem(std::size_t n0, std::size_t b) : n(layer_sizes(n0)), batch(b), batches(b == 1 ? 64 : 2) {
        lcg g{20261208u};
        W.resize(n.size());
        for (std::size_t l = 1; l < n.size(); ++l) {
            W[l].resize(n[l - 1] * n[l]);
            for (float& w : W[l]) w = g.uniform() * 0.6f - 0.3f;
        }
        const std::size_t rows = batch * batches, classes = n.back();
        x.resize(rows * n[0]);
        for (float& v : x) v = g.uniform();
        lab.assign(rows * classes, 0.f);
        for (std::size_t r = 0; r < rows; ++r)
            lab[r * classes + std::size_t(g.uniform() * float(classes)) % classes] = 1.f;
    }
    const float* xb(std::size_t k) const { return x.data() + (k % batches) * batch * n[0]; }
    const float* labb(std::size_t k) const { return lab.data() + (k % batches) * batch * n.back(); }
};

// One implementation behind one interface (a virtual call per process / infer).
struct net {
    virtual ~net() = default;
    virtual float* weights(std::size_t l) = 0;
    virtual float* biases(std::size_t l) = 0;
    virtual bool process(const float* x, const float* lab, std::size_t b, float* y, float* efe) = 0;
    virtual bool infer(const float* x, std::size_t b, float* y) = 0;
};

template <class P>
struct ngcrt_net final : net {
    std::unique_ptr<P> p{new P()};  // the arena inside: too large for the stack
    float* weights(std::size_t l) override { return p->weights(l).data(); }
    float* biases(std::size_t l) override { return p->biases(l).data(); }
    bool process(const float* x, const float* lab, std::size_t b, float* y, float* efe) override {
        const std::size_t ny = b * p->classes();
        return p->process({x, b * p->inputs()}, {lab, ny}, b, true, {y, ny}, efe) == ngcrt::status::ok;
    }
    bool infer(const float* x, std::size_t b, float* y) override {
        return p->infer({x, b * p->inputs()}, b, {y, b * p->classes()}) == ngcrt::status::ok;
    }
};

template <class B>
struct baseline_net final : net {
    B p;
    baseline_net(const std::vector<std::size_t>& n, std::size_t b) : p(n, b) {}
    float* weights(std::size_t l) override { return p.weights(l); }
    float* biases(std::size_t l) override { return p.biases(l); }
    bool process(const float* x, const float* lab, std::size_t b, float* y, float* efe) override {
        p.process(x, lab, b, y, efe);
        return true;
    }
    bool infer(const float* x, std::size_t b, float* y) override {
        p.infer(x, b, y);
        return true;
    }
};

enum class impl { ngcrt, plain, eigen };

std::unique_ptr<net> make(impl which, std::size_t n0, std::size_t b) {
    using ngcrt::Layers;
    if (which == impl::plain)
        return std::make_unique<baseline_net<ngcrt_bench::PlainPCN>>(layer_sizes(n0), b);
    if (which == impl::eigen)
        return std::make_unique<baseline_net<ngcrt_bench::EigenPCN>>(layer_sizes(n0), b);
    if (n0 == 64 && b == 1)
        return std::make_unique<ngcrt_net<ngcrt::PCN<float, Layers<64, 64, 64, 10>, 1>>>();
    if (n0 == 64 && b == 50)
        return std::make_unique<ngcrt_net<ngcrt::PCN<float, Layers<64, 64, 64, 10>, 50>>>();
    if (n0 == 784 && b == 1)
        return std::make_unique<ngcrt_net<ngcrt::PCN<float, Layers<784, 512, 512, 10>, 1>>>();
    if (n0 == 784 && b == 250)
        return std::make_unique<ngcrt_net<ngcrt::PCN<float, Layers<784, 512, 512, 10>, 250>>>();
    return nullptr;
}

void load(net& m, const problem& p) {
    for (std::size_t l = 1; l < p.n.size(); ++l) {
        float* w = m.weights(l);
        for (std::size_t i = 0; i < p.W[l].size(); ++i) w[i] = p.W[l][i];
        float* b = m.biases(l);
        for (std::size_t i = 0; i < p.n[l]; ++i) b[i] = 0.f;
    }
}

// y within 1e-4 of the largest |reference| everywhere, not all zero, all finite.
bool outputs_agree(const std::vector<float>& y, const std::vector<float>& ref) {
    float big = 0.f;
    for (float v : ref) big = std::fmax(big, std::fabs(v));
    if (!(big > 0.f) || !std::isfinite(big)) return false;
    for (std::size_t i = 0; i < y.size(); ++i)
        if (!(std::fabs(y[i] - ref[i]) <= 1e-4f * big)) return false;
    return true;
}

bool energy_ok(float efe) { return std::isfinite(efe) && efe < 0.f; }

// The check before a training row: `mine` (timed) and `other` from the same weights, two
// process calls on the same batch.
const char* check_training(net& mine, net& other, const problem& p) {
    const std::size_t ny = p.batch * p.n.back();
    std::vector<float> y1(ny), y2(ny);
    std::vector<std::vector<float>> before(p.n.size());
    for (std::size_t l = 1; l < p.n.size(); ++l)
        before[l].assign(mine.weights(l), mine.weights(l) + p.W[l].size());
    for (int call = 0; call < 2; ++call) {
        float e1 = 0.f, e2 = 0.f;
        if (!mine.process(p.xb(0), p.labb(0), p.batch, y1.data(), &e1) ||
            !other.process(p.xb(0), p.labb(0), p.batch, y2.data(), &e2))
            return "process refused";
        if (!outputs_agree(y1, y2)) return "y_inf differs from the other implementation's (or is zero)";
        if (!energy_ok(e1) || !energy_ok(e2)) return "EFE not finite and negative";
        if (!(std::fabs(e1 - e2) <= 1e-3f * std::fabs(e2)))
            return "EFE differs from the other implementation's";
    }
    for (std::size_t l = 1; l < p.n.size(); ++l) {
        bool changed = false;
        const float* w = mine.weights(l);
        for (std::size_t i = 0; i < p.W[l].size(); ++i) {
            if (!std::isfinite(w[i])) return "weights not finite after training";
            changed = changed || w[i] != before[l][i];
        }
        if (!changed) return "a weight layer did not change";
    }
    return nullptr;
}

const char* check_inference(net& mine, net& other, const problem& p) {
    const std::size_t ny = p.batch * p.n.back();
    std::vector<float> y1(ny), y2(ny);
    for (std::size_t k = 0; k < 4; ++k) {
        if (!mine.infer(p.xb(k), p.batch, y1.data()) || !other.infer(p.xb(k), p.batch, y2.data()))
            return "infer refused";
        if (!outputs_agree(y1, y2)) return "y differs from the other implementation's (or is zero)";
    }
    return nullptr;
}

void label(benchmark::State& state, impl which) {
    if (which == impl::ngcrt) state.SetLabel(ngcrt::to_string(ngcrt::active_kernel()));
}

void run_train(benchmark::State& state, impl which) {
    const std::size_t n0 = std::size_t(state.range(0)), b = std::size_t(state.range(1));
    const problem p(n0, b);
    std::unique_ptr<net> mine = make(which, n0, b);
    std::unique_ptr<net> other = make(which == impl::ngcrt ? impl::plain : impl::ngcrt, n0, b);
    if (!mine || !other) {
        state.SkipWithError("no such case");
        return;
    }
    load(*mine, p);
    load(*other, p);
    if (const char* why = check_training(*mine, *other, p)) {
        state.SkipWithError(why);
        return;
    }
    other.reset();
    std::vector<float> y(b * p.n.back());
    float efe = 0.f;
    std::size_t k = 0;
    for (auto _ : state) {
        mine->process(p.xb(k), p.labb(k), b, y.data(), &efe);
        ++k;
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    if (!std::isfinite(efe)) state.SkipWithError("EFE not finite after the timing loop");
    state.counters["samples_per_s"] =
        benchmark::Counter(double(b), benchmark::Counter::kIsIterationInvariantRate);
    label(state, which);
}

void run_infer(benchmark::State& state, impl which) {
    const std::size_t n0 = std::size_t(state.range(0)), b = std::size_t(state.range(1));
    const problem p(n0, b);
    std::unique_ptr<net> mine = make(which, n0, b);
    std::unique_ptr<net> other = make(which == impl::ngcrt ? impl::plain : impl::ngcrt, n0, b);
    if (!mine || !other) {
        state.SkipWithError("no such case");
        return;
    }
    load(*mine, p);
    load(*other, p);
    if (const char* why = check_inference(*mine, *other, p)) {
        state.SkipWithError(why);
        return;
    }
    other.reset();
    std::vector<float> y(b * p.n.back());
    std::size_t k = 0;
    for (auto _ : state) {
        mine->infer(p.xb(k), b, y.data());
        ++k;
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    state.counters["samples_per_s"] =
        benchmark::Counter(double(b), benchmark::Counter::kIsIterationInvariantRate);
    label(state, which);
}

// The core's clock: a chain of dependent integer additions, one per cycle on every x86 core
// (as in bench_synapse.cpp; the peak share's denominator). Counter clock_hz.
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

int register_all() {
    const std::pair<impl, const char*> impls[] = {
        {impl::ngcrt, "ngcrt"}, {impl::plain, "plain"}, {impl::eigen, "eigen"}};
    for (const auto& [which, name] : impls) {
        const impl w = which;
        benchmark::RegisterBenchmark((std::string("BM_pcn_train_") + name).c_str(),
                                     [w](benchmark::State& st) { run_train(st, w); })
            ->Args({64, 1})
            ->Args({64, 50})
            ->Args({784, 250})
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark((std::string("BM_pcn_infer_") + name).c_str(),
                                     [w](benchmark::State& st) { run_infer(st, w); })
            ->Args({64, 1})
            ->Args({784, 1})
            ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RegisterBenchmark("BM_cpu_clock", BM_cpu_clock);
    return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
