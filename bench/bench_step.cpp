// Microbenchmarks: one GaussianErrorCell step against the baselines a user would reach
// for, side by side in one process (Google Benchmark). n (elements = batch x units) is
// every benchmark's first argument, so names read BM_ngcrt_step/1024.
//
//   BM_ngcrt_step          all inputs live: write access to modulator and mask is taken
//                          before every step, so the step reads them (as the baselines do)
//   BM_ngcrt_step_default  modulator and mask never touched: the cell skips them
//   BM_ngcrt_step_3_2, _per_unit, _4d            the same, other conventions / shapes (live)
//   BM_ngcrt_step_{scalar,sse2,avx2,avx512}      live, with the kernel forced
//   BM_naive_step          the loop as a user writes it (bench/baselines.cpp, default flags)
//   BM_eigen_step          Eigen 3.4 array expressions (bench/baselines.cpp)
//   BM_floor_step          the same 4 loads and 3 stores with no arithmetic: traffic floor
//   BM_hand_step           the live step's arithmetic alone, hand-vectorised, no checks,
//                          no dispatch, sum in any order: a yardstick, not a baseline
//   BM_ngcrt_step_units64  GaussianErrorCell<float, Units<64>, 1> (fixed capacity), all
//                          inputs live: the real-time cell the per-call overhead goal names
//   BM_ngcrt_latency_64    one step of a Units<64>, batch-1 cell, timed one by one
//   BM_ngcrt_latency_64_loaded   the same while another thread streams through 64 MiB
//   BM_laplacian_step, _default, _per_unit       LaplacianErrorCell, the same streams
//   BM_bernoulli_step, _logits, _{kernel}         BernoulliErrorCell (probability / logit input)
//   BM_naive_bernoulli_step, _logits              its formulas in a plain loop with libm's expf/logf
//   BM_leaky_step, _default                       LeakyGaussianErrorCell (tau = 50 ms, dt = 1 ms):
//                                                 the Gaussian streams plus its state, read and written
//   BM_worst_[fixed_]<cell>_<kernel>_<ieee|flush>_<normal|subnormal|underflow>   the real-time
//                                                 worst case: each cell (view, fixed-capacity
//                                                 cell) on each host kernel in each Subnormals
//                                                 mode, on normal and adversarial data, which
//                                                 each row checks before timing
//
// Every buffer is 64-byte aligned; a row's data is placed after the cell's init (which zeros
// the inputs, as ngclearn's reset does); Sigma = 2.
//   bash scripts/bench.sh       (builds, runs, and regenerates docs/performance.md)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <ngcrt/ngcrt.hpp>

#include "baselines.hpp"

namespace {

// Bytes a step moves: 7 streams live (reads mu, target, modulator, mask; writes dmu,
// dtarget, mask), 4 by default (reads mu, target; writes dmu, dtarget).
constexpr std::size_t streams_live = 7, streams_default = 4;

void counters(benchmark::State& state, std::size_t n, std::size_t streams) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n * streams * sizeof(float)));
}

struct aligned_free {
    void operator()(float* p) const noexcept { std::free(p); }
};

// A 64-byte aligned array whose start is staggered by `skew` cache lines: the streams of
// one step then never sit at the same address modulo 4 KiB, where the CPU would mistake
// a load for a dependence on an earlier store to another stream ("4K aliasing").
struct aligned_array {
    std::unique_ptr<float[], aligned_free> base;
    float* p = nullptr;
    float& operator[](std::size_t i) { return p[i]; }
    float* get() const { return p; }
};

aligned_array make_array(std::size_t n, float value, std::size_t skew = 0) {
    const std::size_t bytes = (n * sizeof(float) + 63) / 64 * 64 + skew * 64;
    aligned_array a;
    a.base.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
    a.p = a.base.get() + skew * 16;
    std::fill(a.p, a.p + n, value);
    return a;
}

// The usual inputs of element i: prediction and target in [-1, 1), modulator 0.5 to 1.
struct usual_values {
    std::uint32_t x = 0x12345678u;
    float mu, target;
    void next() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        mu = static_cast<float>(x >> 8) * 0x1p-23f - 1.f;
        target = static_cast<float>(x & 0xffffu) * 0x1p-15f - 1.f;
    }
    static float modulator(std::size_t i) { return 0.5f + static_cast<float>(i % 3) * 0.25f; }
};

// The seven unit-shaped streams, 64-byte aligned, with inputs that are not all alike.
struct streams {
    std::size_t n;
    aligned_array mu, target, modulator, mask, dmu, dtarget;
    explicit streams(std::size_t count)
        : n(count), mu(make_array(n, 0.f, 0)), target(make_array(n, 0.f, 5)),
          modulator(make_array(n, 1.f, 10)), mask(make_array(n, 1.f, 15)), dmu(make_array(n, 0.f, 20)),
          dtarget(make_array(n, 0.f, 25)) {
        fill(true);
    }
    // Writes the usual inputs (a cell's init or reset zeros its inputs: call this after it);
    // the modulator only if `modulator` (a cell that was told nothing keeps it at ones).
    void fill(bool with_modulator) {
        usual_values v;
        for (std::size_t i = 0; i < n; ++i) {
            v.next();
            mu[i] = v.mu;
            target[i] = v.target;
            if (with_modulator) modulator[i] = usual_values::modulator(i);
        }
    }
    ngcrt_bench::arrays arrays() {
        return {mu.get(), target.get(), modulator.get(), mask.get(), dmu.get(), dtarget.get()};
    }
};

ngcrt::shape shape_for(std::size_t n, bool feature_map) {
    if (!feature_map) return ngcrt::shape::dense(n);
    switch (n) {  // H x W x C with C a multiple of 16, as a conv layer's would be
        case 64: return ngcrt::shape::feature_map(2, 2, 16);
        case 1024: return ngcrt::shape::feature_map(8, 8, 16);
        case 16384: return ngcrt::shape::feature_map(32, 32, 16);
        case 262144: return ngcrt::shape::feature_map(64, 64, 64);
        default: return ngcrt::shape::feature_map(128, 128, n / (128 * 128));
    }
}

struct variant {
    bool live = true;
    ngcrt::Convention convention = ngcrt::Convention::ngclearn_3_1;
    unsigned char form = 0;  // the cell's form: SigmaShape, BernoulliInput
    bool feature_map = false;
    bool force = false;
    ngcrt::kernel kernel = ngcrt::kernel::scalar;
    float prediction_scale = 1.f, prediction_offset = 0.f;  // prediction in [-1, 1) mapped
    // The real-time worst case's data (data_kind below), checked before timing.
    int data = 0;
    ngcrt::Subnormals mode = ngcrt::Subnormals::ieee;
};

// What a row's inputs are, for the real-time worst case (the row's name says which):
//   usual      the usual streams: errors of ordinary size
//   subnormal  every error (Bernoulli: every target) subnormal, around 1e-39
//   underflow  every error normal with a square below the smallest normal (around 1e-20);
//              Bernoulli: every logit of magnitude 88 to 100, where exp(-p) is subnormal or
//              overflows
enum data_kind : int { usual = 0, subnormal = 1, underflow = 2 };
constexpr const char* data_names[] = {"normal", "subnormal", "underflow"};

// Places the row's data in a cell's inputs (after its init), e = target - prediction.
template <class Cell>
void place_data(float* prediction, float* target, std::size_t n, const variant& v) {
    usual_values u;
    for (std::size_t i = 0; i < n; ++i) {
        u.next();
        float p = u.mu * v.prediction_scale + v.prediction_offset, t = u.target;
        if constexpr (std::is_same_v<Cell, ngcrt::cells::bernoulli>) {
            if (v.data == subnormal) t = u.target * 1e-39f;
            if (v.data == underflow) p = (u.mu < 0.f ? -1.f : 1.f) * (88.f + 12.f * std::fabs(u.mu));
        } else if (v.data != usual) {
            p = 0.f;  // e = target
            t = u.target * (v.data == subnormal ? 1e-39f : 1e-20f);
            if (t == 0.f) t = v.data == subnormal ? 1e-39f : 1e-20f;
        }
        prediction[i] = p;
        target[i] = t;
    }
}

// Checks, before timing, that the inputs are what the row's name claims; an error message, or
// nullptr. (Bernoulli: the targets and logits; the others: the errors e = target - prediction.)
template <class Cell>
const char* check_data(const float* prediction, const float* target, std::size_t n, int data) {
    std::size_t sub = 0, under = 0, ordinary = 0, extreme_logits = 0;
    const float min = std::numeric_limits<float>::min();
    for (std::size_t i = 0; i < n; ++i) {
        const float e = std::is_same_v<Cell, ngcrt::cells::bernoulli> ? target[i] : target[i] - prediction[i];
        const float a = std::fabs(e);
        sub += a > 0.f && a < min;
        under += a >= min && a < 1.1e-19f;  // e * e below the smallest normal
        ordinary += a >= 1e-3f;
        extreme_logits += std::fabs(prediction[i]) >= 88.f;
    }
    const bool bernoulli = std::is_same_v<Cell, ngcrt::cells::bernoulli>;
    switch (data) {
        case usual:
            if (sub != 0 || under != 0 || 4 * ordinary < 3 * n) return "the normal data is not ordinary";
            return bernoulli && extreme_logits != 0 ? "the normal data has extreme logits" : nullptr;
        case subnormal: return sub == n ? nullptr : "not every error (Bernoulli: target) is subnormal";
        default:
            if (bernoulli) return extreme_logits == n ? nullptr : "not every logit is beyond +-88";
            return under == n ? nullptr : "not every error's square underflows";
    }
}

// One step of any cell's view over the seven streams (and its parameter, if any).
template <class View>
void run_cell(benchmark::State& state, variant v) {
    using Cell = typename View::cell_type;
    const auto n = static_cast<std::size_t>(state.range(0));
    if (v.force && ngcrt::force_kernel(v.kernel) != ngcrt::status::ok) {
        state.SkipWithError("kernel not available on this CPU");
        return;
    }
    streams s(n);
    const ngcrt::shape sh = shape_for(n, v.feature_map);
    const auto form = static_cast<typename View::form_type>(v.form);
    const std::size_t np = Cell::parameter_count(form, n);
    aligned_array param = make_array(np == 0 ? 1 : np, 2.f), dparam = make_array(np == 0 ? 1 : np, 0.f);
    const std::size_t nw = Cell::workspace_count(form, n);
    aligned_array work = make_array(nw == 0 ? 1 : nw, 0.f);
    for (std::size_t j = 0; j < np; ++j) param[j] = 1.5f + static_cast<float>(j % 5) * 0.25f;
    aligned_array st = make_array(Cell::has_state ? n : 1, 0.f, 30);  // a leaky cell's e
    const ngcrt::role_spans<float> roles{{{s.mu.get(), n},
                                          {s.target.get(), n},
                                          {s.modulator.get(), n},
                                          {s.mask.get(), n},
                                          {s.dmu.get(), n},
                                          {s.dtarget.get(), n},
                                          {param.get(), np},
                                          {dparam.get(), np},
                                          {work.get(), nw},
                                          {st.get(), Cell::has_state ? n : 0}}};
    View cell;
    if (cell.init({sh, 1, form, v.convention}, View::buffers::from_roles(roles), 2.f) != ngcrt::status::ok) {
        state.SkipWithError("init failed");
        return;
    }
    if (np > 1) (void)cell.set_parameter(ngcrt::span<const float>(param.get(), np));
    const float dt = Cell::has_state ? 1e-3f : 1.f;
    if ((Cell::has_state && cell.set_tau(0.05f) != ngcrt::status::ok) ||
        cell.set_subnormals(v.mode) != ngcrt::status::ok) {
        state.SkipWithError("set_tau or set_subnormals failed");
        return;
    }
    // The data, after init (which zeroed the inputs), then checked.
    s.fill(v.live);
    place_data<Cell>(s.mu.get(), s.target.get(), n, v);
    if (const char* bad = check_data<Cell>(s.mu.get(), s.target.get(), n, v.data)) {
        state.SkipWithError(bad);
        return;
    }
    for (auto _ : state) {
        if (v.live) {  // write access: the step must read modulator and mask
            benchmark::DoNotOptimize(cell.modulator().data());
            benchmark::DoNotOptimize(cell.mask().data());
        }
        benchmark::DoNotOptimize(cell.advance_state(dt));
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(cell.L());
    counters(state, n, (v.live ? streams_live : streams_default) + (Cell::has_state ? 2 : 0));
    state.SetLabel(ngcrt::to_string(ngcrt::active_kernel()));
    if (v.force) ngcrt::reset_kernel();
}

// The fixed-capacity cells of N units, batch 1, as tags (the Bernoulli cell with logit input).
template <std::size_t N>
struct fixed_gaussian {
    using type = ngcrt::GaussianErrorCell<float, ngcrt::Units<N>, 1>;
};
template <std::size_t N>
struct fixed_laplacian {
    using type = ngcrt::LaplacianErrorCell<float, ngcrt::Units<N>, 1>;
};
template <std::size_t N>
struct fixed_leaky {
    using type = ngcrt::LeakyGaussianErrorCell<float, ngcrt::Units<N>, 1>;
};
template <std::size_t N>
struct fixed_bernoulli {
    using type = ngcrt::BernoulliErrorCell<float, ngcrt::Units<N>, 1, ngcrt::Convention::ngclearn_3_1,
                                           ngcrt::BernoulliInput::logits>;
};

// Where a fixed-capacity cell of type Fixed lives in every row and repetition: one page-aligned
// static block, so rows differ in their data, not in where the heap put the object (which
// moved a 1024-unit step's time by half between repetitions).
template <class Fixed>
Fixed* fixed_place() {
    alignas(4096) static unsigned char storage[(sizeof(Fixed) + 4095) / 4096 * 4096];
    return reinterpret_cast<Fixed*>(storage);
}
template <class Fixed>
struct destroy {
    void operator()(Fixed* p) const noexcept { p->~Fixed(); }
};

// One step of a fixed-capacity cell (the class a firmware or control loop holds), all inputs
// live, its data placed after construction and checked.
template <class Tag>
void run_fixed(benchmark::State& state, variant v) {
    using Fixed = typename Tag::type;
    using Cell = typename Fixed::cell_type;
    constexpr std::size_t n = Fixed::n_units;
    if (v.force && ngcrt::force_kernel(v.kernel) != ngcrt::status::ok) {
        state.SkipWithError("kernel not available on this CPU");
        return;
    }
    const std::unique_ptr<Fixed, destroy<Fixed>> cell(new (fixed_place<Fixed>())
                                                          Fixed());  // Sigma, Scale 1: set below
    bool ok = cell->set_subnormals(v.mode) == ngcrt::status::ok;
    if constexpr (Cell::has_parameter) ok = ok && cell->set_parameter(2.f) == ngcrt::status::ok;
    if constexpr (Cell::has_state) ok = ok && cell->set_tau(0.05f) == ngcrt::status::ok;
    if (!ok) {
        state.SkipWithError("set_subnormals, set_parameter or set_tau failed");
        return;
    }
    place_data<Cell>(cell->prediction().data(), cell->target().data(), n, v);
    for (std::size_t i = 0; i < n; ++i) cell->modulator()[i] = usual_values::modulator(i);
    if (const char* bad = check_data<Cell>(std::as_const(*cell).prediction().data(),
                                           std::as_const(*cell).target().data(), n, v.data)) {
        state.SkipWithError(bad);
        return;
    }
    const float dt = Cell::has_state ? 1e-3f : 1.f;
    for (auto _ : state) {
        benchmark::DoNotOptimize(cell->modulator().data());
        benchmark::DoNotOptimize(cell->mask().data());
        benchmark::DoNotOptimize(cell->advance_state(dt));
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(cell->L());
    counters(state, n, streams_live + (Cell::has_state ? 2 : 0));
    state.SetLabel(ngcrt::to_string(ngcrt::active_kernel()));
    if (v.force) ngcrt::reset_kernel();
}

void run_ngcrt(benchmark::State& state, variant v) {
    run_cell<ngcrt::GaussianErrorCellView<float>>(state, v);
}

void BM_naive_step(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    streams s(n);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ngcrt_bench::naive_step(s.arrays(), n, 2.f));
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

void BM_eigen_step(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    streams s(n);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ngcrt_bench::eigen_step(s.arrays(), n, 2.f));
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

void BM_naive_step_native(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    streams s(n);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ngcrt_bench::naive_step_native(s.arrays(), n, 2.f));
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

void BM_eigen_step_native(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    streams s(n);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ngcrt_bench::eigen_step_native(s.arrays(), n, 2.f));
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

void run_naive_bernoulli(benchmark::State& state, bool logits) {
    const auto n = static_cast<std::size_t>(state.range(0));
    streams s(n);
    for (std::size_t i = 0; i < n; ++i) s.mu[i] = s.mu[i] * (logits ? 4.f : 0.55f) + (logits ? 0.f : 0.5f);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ngcrt_bench::naive_bernoulli_step(s.arrays(), n, logits));
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

void BM_floor_step(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    streams s(n);
    for (auto _ : state) {
        ngcrt_bench::floor_step(s.arrays(), n);
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

void BM_hand_step(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    streams s(n);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ngcrt_bench::hand_step(s.arrays(), n, 0.5f));
        benchmark::ClobberMemory();
    }
    counters(state, n, streams_live);
}

// The fixed-capacity real-time cell, all inputs live (write access to modulator and mask
// taken before every step, as BM_ngcrt_step does): its step against BM_hand_step/64.
void BM_ngcrt_step_units64(benchmark::State& state) {
    static ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 1> cell(2.f);
    streams s(64);
    std::copy(s.mu.get(), s.mu.get() + 64, cell.mu().data());
    std::copy(s.target.get(), s.target.get() + 64, cell.target().data());
    std::copy(s.modulator.get(), s.modulator.get() + 64, cell.modulator().data());
    for (auto _ : state) {
        benchmark::DoNotOptimize(cell.modulator().data());
        benchmark::DoNotOptimize(cell.mask().data());
        benchmark::DoNotOptimize(cell.advance_state(1.f));
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(cell.L());
    counters(state, 64, streams_live);
    state.SetLabel(ngcrt::to_string(ngcrt::active_kernel()));
}

// Latency of one small real-time step: Units<64>, batch 1, modulator and mask untouched
// (the usual case in a loop). Each of 200,000 steps is timed on its own with
// steady_clock; the reported percentiles have the clock's own median cost subtracted.
// Loaded: meanwhile a second thread (on the other core of a 2-core machine, where the
// scheduler puts it) streams through 64 MiB, copying one half onto the other: what a
// memory-heavy neighbour adds through the shared caches and memory bus.
class memory_load {
public:
    memory_load() : buf_(std::size_t{16} << 20), worker_([this] { run(); }) {}
    ~memory_load() {
        stop_.store(true, std::memory_order_relaxed);
        worker_.join();
    }
    memory_load(const memory_load&) = delete;
    memory_load& operator=(const memory_load&) = delete;

private:
    void run() {
        const std::size_t half = buf_.size() / 2;
        while (!stop_.load(std::memory_order_relaxed)) {
            std::copy(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(half),
                      buf_.begin() + static_cast<std::ptrdiff_t>(half));
            buf_[0] += 1.f;
            benchmark::ClobberMemory();
        }
    }
    std::vector<float> buf_;  // 16 Mi floats = 64 MiB
    std::atomic<bool> stop_{false};
    std::thread worker_;
};

void run_latency_64(benchmark::State& state, bool loaded) {
    using clock = std::chrono::steady_clock;
    static ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 1> cell(2.f);
    for (std::size_t i = 0; i < 64; ++i) cell.mu()[i] = static_cast<float>(i) * 0.01f;
    constexpr std::size_t steps = 200000;
    std::vector<double> ns(steps), timer(steps);
    std::unique_ptr<memory_load> load;
    if (loaded) {
        load = std::make_unique<memory_load>();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let it reach its stride
    }
    for (auto _ : state) {
        for (std::size_t i = 0; i < steps; ++i) {
            const auto t0 = clock::now();
            const auto t1 = clock::now();
            timer[i] = std::chrono::duration<double, std::nano>(t1 - t0).count();
        }
        for (std::size_t i = 0; i < steps; ++i) {
            cell.target()[i % 64] = static_cast<float>(i % 7);
            const auto t0 = clock::now();
            benchmark::DoNotOptimize(cell.advance_state(1e-3f));
            const auto t1 = clock::now();
            ns[i] = std::chrono::duration<double, std::nano>(t1 - t0).count();
        }
    }
    load.reset();
    auto pct = [](std::vector<double>& v, double p) {
        auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
        return v[k];
    };
    const double overhead = pct(timer, 0.5);
    state.counters["timer_ns"] = overhead;
    state.counters["p50_ns"] = pct(ns, 0.5) - overhead;
    state.counters["p99_ns"] = pct(ns, 0.99) - overhead;
    state.counters["p999_ns"] = pct(ns, 0.999) - overhead;
    state.counters["max_ns"] = *std::max_element(ns.begin(), ns.end()) - overhead;
    state.SetLabel(ngcrt::to_string(ngcrt::active_kernel()));
}

void BM_ngcrt_latency_64(benchmark::State& state) { run_latency_64(state, false); }
void BM_ngcrt_latency_64_loaded(benchmark::State& state) { run_latency_64(state, true); }

void sizes(benchmark::internal::Benchmark* b) {
    for (long n : {64L, 1024L, 16384L, 262144L, 4194304L}) b->Arg(n);
}
// The real-time sizes: the worst-case rows (a loop's cells are small).
void rt_sizes(benchmark::internal::Benchmark* b) {
    for (long n : {64L, 1024L}) b->Arg(n);
}

template <class View>
void reg_cell(const std::string& name, variant v) {
    benchmark::RegisterBenchmark(name.c_str(), [v](benchmark::State& st) {
        run_cell<View>(st, v);
    })->Apply(sizes);
}

int register_all() {
    using ngcrt::Convention;
    using ngcrt::SigmaShape;
    auto reg = [](const std::string& name, variant v) {
        benchmark::RegisterBenchmark(name.c_str(), [v](benchmark::State& st) {
            run_ngcrt(st, v);
        })->Apply(sizes);
    };
    reg("BM_ngcrt_step", {});
    variant d;
    d.live = false;
    reg("BM_ngcrt_step_default", d);
    variant c32;
    c32.convention = Convention::ngclearn_3_2;
    reg("BM_ngcrt_step_3_2", c32);
    variant pu;
    pu.form = static_cast<unsigned char>(SigmaShape::per_unit);
    reg("BM_ngcrt_step_per_unit", pu);
    variant fm;
    fm.feature_map = true;
    reg("BM_ngcrt_step_4d", fm);
    variant ex;  // the exact convention (true log-density; dSigma computed)
    ex.convention = Convention::exact;
    reg("BM_ngcrt_step_exact", ex);
    variant exu = ex;
    exu.form = static_cast<unsigned char>(SigmaShape::per_unit);
    reg("BM_ngcrt_step_exact_per_unit", exu);
    for (ngcrt::kernel k : ngcrt::all_kernels) {
        if (!ngcrt::kernel_available(k)) continue;
        variant kv;
        kv.force = true;
        kv.kernel = k;
        reg(std::string("BM_ngcrt_step_") + ngcrt::to_string(k), kv);
        kv.live = false;
        reg(std::string("BM_ngcrt_step_default_") + ngcrt::to_string(k), kv);
    }
    // The other cells (live modulator and mask unless _default), on the same streams.
    using laplacian = ngcrt::LaplacianErrorCellView<float>;
    reg_cell<laplacian>("BM_laplacian_step", {});
    reg_cell<laplacian>("BM_laplacian_step_default", d);
    reg_cell<laplacian>("BM_laplacian_step_per_unit", pu);
    using bernoulli = ngcrt::BernoulliErrorCellView<float>;
    variant prob;  // p in [0, 1): probabilities (some at the clip bounds' side)
    prob.prediction_scale = 0.55f;
    prob.prediction_offset = 0.5f;
    reg_cell<bernoulli>("BM_bernoulli_step", prob);
    variant logit;  // p in [-4, 4): logits
    logit.form = static_cast<unsigned char>(ngcrt::BernoulliInput::logits);
    logit.prediction_scale = 4.f;
    reg_cell<bernoulli>("BM_bernoulli_step_logits", logit);
    for (ngcrt::kernel k : ngcrt::all_kernels) {
        if (!ngcrt::kernel_available(k)) continue;
        variant kv = prob;
        kv.force = true;
        kv.kernel = k;
        reg_cell<bernoulli>(std::string("BM_bernoulli_step_") + ngcrt::to_string(k), kv);
    }
    using leaky = ngcrt::LeakyGaussianErrorCellView<float>;
    reg_cell<leaky>("BM_leaky_step", {});
    reg_cell<leaky>("BM_leaky_step_default", d);
    // The real-time worst case, per cell, host kernel and Subnormals mode, all inputs live, 64
    // and 1024 elements, through the view and the fixed-capacity cell:
    //   BM_worst_[fixed_]<cell>_<kernel>_<ieee|flush>_<normal|subnormal|underflow>
    // (data_kind says what each data set is; every row checks its data before timing).
    for (ngcrt::kernel k : ngcrt::all_kernels) {
        if (!ngcrt::kernel_available(k)) continue;
        for (ngcrt::Subnormals mode : {ngcrt::Subnormals::ieee, ngcrt::Subnormals::flush}) {
            variant base;
            base.force = true;
            base.kernel = k;
            base.mode = mode;
            auto worst = [&](const char* cell, variant v, auto view, auto fixed64, auto fixed1024) {
                using View = decltype(view);
                using F64 = decltype(fixed64);
                using F1024 = decltype(fixed1024);
                for (int data : {usual, subnormal, underflow}) {
                    v.data = data;
                    const std::string tail = std::string(cell) + "_" + ngcrt::to_string(k) + "_" +
                                             ngcrt::to_string(mode) + "_" + data_names[data];
                    benchmark::RegisterBenchmark(("BM_worst_" + tail).c_str(), [v](benchmark::State& st) {
                        run_cell<View>(st, v);
                    })->Apply(rt_sizes);
                    benchmark::RegisterBenchmark(("BM_worst_fixed_" + tail).c_str(),
                                                 [v](benchmark::State& st) {
                                                     if (st.range(0) == 64)
                                                         run_fixed<F64>(st, v);
                                                     else
                                                         run_fixed<F1024>(st, v);
                                                 })
                        ->Apply(rt_sizes);
                }
            };
            worst("gaussian", base, ngcrt::GaussianErrorCellView<float>{}, fixed_gaussian<64>{},
                  fixed_gaussian<1024>{});
            worst("laplacian", base, laplacian{}, fixed_laplacian<64>{}, fixed_laplacian<1024>{});
            worst("leaky", base, leaky{}, fixed_leaky<64>{}, fixed_leaky<1024>{});
            variant bl = base;  // Bernoulli, logit input
            bl.form = logit.form;
            bl.prediction_scale = 4.f;
            worst("bernoulli", bl, bernoulli{}, fixed_bernoulli<64>{}, fixed_bernoulli<1024>{});
        }
    }
    benchmark::RegisterBenchmark("BM_naive_bernoulli_step", [](benchmark::State& st) {
        run_naive_bernoulli(st, false);
    })->Apply(sizes);
    benchmark::RegisterBenchmark("BM_naive_bernoulli_step_logits", [](benchmark::State& st) {
        run_naive_bernoulli(st, true);
    })->Apply(sizes);
    benchmark::RegisterBenchmark("BM_naive_step", BM_naive_step)->Apply(sizes);
    benchmark::RegisterBenchmark("BM_eigen_step", BM_eigen_step)->Apply(sizes);
    benchmark::RegisterBenchmark("BM_naive_step_native", BM_naive_step_native)->Apply(sizes);
    benchmark::RegisterBenchmark("BM_eigen_step_native", BM_eigen_step_native)->Apply(sizes);
    benchmark::RegisterBenchmark("BM_floor_step", BM_floor_step)->Apply(sizes);
    benchmark::RegisterBenchmark("BM_hand_step", BM_hand_step)->Apply(sizes);
    benchmark::RegisterBenchmark("BM_ngcrt_step_units64", BM_ngcrt_step_units64)->Arg(64);
    benchmark::RegisterBenchmark("BM_ngcrt_latency_64", BM_ngcrt_latency_64)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_ngcrt_latency_64_loaded", BM_ngcrt_latency_64_loaded)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
    return 0;
}

const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
