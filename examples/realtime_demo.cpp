// realtime_demo.cpp - ngcrt's "main job": error cells in a real-time-style loop.
//
// 64 channels of a known smooth signal (sines, 0.1 .. 1 Hz) are observed at a nominal
// 1 kHz with Gaussian noise. An estimate mu is pulled toward each noisy observation by
// the cell's precision-weighted error:  mu += eta * dmu,  dmu = (target - mu) / Sigma.
// The loop runs as fast as it can (no sleeping), so 200 s of simulated time take a few
// seconds; every advance_state() call is timed on its own.
//
// Side by side, the same noisy observations go through a GaussianErrorCell and a
// LeakyGaussianErrorCell (tau = 20 ms) against a fixed setpoint (mu = 0, Sigma = 1, so
// dmu is the error itself and the true error is the clean signal): the raw error carries
// all of the sensor noise and no lag, the leaky one a fraction of the noise and about tau
// of lag. Both are printed, measured on the run: the lag is the delay that best aligns the
// error with the true error, the noise what remains once it is aligned.
//
// Then the same cell is stepped as many times again while a second thread streams through
// 64 MiB (a memory-heavy neighbour on the other core): its latency next to the idle one
// shows what the host (shared caches, memory bus, scheduler), not ngcrt, adds.
//
// Usage: ngcrt-demo [--steps N] [--csv FILE] [--no-load]
//   --steps N    default 200000 steps = 200 s at 1 kHz
//   --no-load    skip the pass under load
//   --csv FILE   also writes the first 3 s of one channel (1 Hz): t, true error, raw error,
//                leaky error; a picture of it: /usr/bin/python3 tools/plot_demo.py FILE OUT.png
//
// The loop allocates nothing: every per-step record lives in arrays sized up front.

#include <ngcrt/ngcrt.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

constexpr std::size_t kChannels = 64;
using Cell = ngcrt::GaussianErrorCell<float, ngcrt::Units<kChannels>, 1>;

constexpr double kRateHz = 1000.0;           // nominal loop rate
constexpr double kBudgetNs = 1e9 / kRateHz;  // one period: the real-time deadline
constexpr double kPi = 3.14159265358979323846;
constexpr double kFreqLoHz = 0.1, kFreqHiHz = 1.0;
constexpr double kNoiseStd = 0.5;                 // per-channel observation noise (signal amplitude is 1)
constexpr std::uint64_t kSeed = 0x6e67637274ULL;  // "ngcrt": the run is reproducible

// Sigma is the noise variance, so dmu = (target - mu) / Sigma is the error in units of
// the observation's precision: a noisier sensor pulls less for the same eta. The actual
// per-step gain on mu is eta / Sigma; we want 5 % of the error absorbed per step (an
// exponential filter with a 20 ms time constant: slow enough to average the noise down,
// fast enough to follow a 1 Hz sine), so eta = gain * Sigma.
constexpr float kSigma = static_cast<float>(kNoiseStd * kNoiseStd);
constexpr float kGain = 0.05f;
constexpr float kEta = kGain * kSigma;

constexpr std::size_t kDefaultSteps = 200000;
constexpr std::size_t kMinSteps = 10;        // so every decile holds at least one step
constexpr std::size_t kMaxSteps = 20000000;  // keeps the up-front arrays under ~400 MB
constexpr std::size_t kTimerSamples = 100000;

// The side-by-side error cells: a setpoint of 0, Sigma = 1, the leaky cell's tau, the lags
// tried when aligning (0 .. 100 ms, every 1 ms), how often (every 8th step after the first
// second), and the channel and length of the CSV record.
using Raw = ngcrt::GaussianErrorCell<float, ngcrt::Units<kChannels>, 1>;
using Leaky = ngcrt::LeakyGaussianErrorCell<float, ngcrt::Units<kChannels>, 1>;
constexpr float kTau = 0.02f;
constexpr std::size_t kMaxLag = 100, kLagStride = 8, kLagFrom = 1000;
constexpr std::size_t kCsvChannel = kChannels - 1, kCsvSteps = 3000;

// splitmix64 + Box-Muller, written out here because std::normal_distribution gives
// different numbers with libstdc++ and libc++: the demo prints the same with both.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in (0, 1]: never 0, so log() below is finite.
    double uniform() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
    double gaussian() {
        if (have_spare_) {
            have_spare_ = false;
            return spare_;
        }
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double a = 2.0 * kPi * uniform();
        spare_ = r * std::sin(a);
        have_spare_ = true;
        return r * std::cos(a);
    }

private:
    std::uint64_t state_;
    double spare_ = 0.0;
    bool have_spare_ = false;
};

// The memory-heavy neighbour: a thread copying one 32 MiB half of a 64 MiB buffer onto
// the other until destroyed (far larger than any cache, so every copy goes to memory).
class MemoryLoad {
public:
    MemoryLoad() : buf_(std::size_t{16} << 20, 1.0f), worker_([this] { run(); }) {}
    ~MemoryLoad() {
        stop_.store(true, std::memory_order_relaxed);
        worker_.join();
    }
    MemoryLoad(const MemoryLoad&) = delete;
    MemoryLoad& operator=(const MemoryLoad&) = delete;
    std::size_t copies() const { return copies_.load(std::memory_order_relaxed); }

private:
    void run() {
        const auto half = static_cast<std::ptrdiff_t>(buf_.size() / 2);
        while (!stop_.load(std::memory_order_relaxed)) {
            std::copy(buf_.begin(), buf_.begin() + half, buf_.begin() + half);
            buf_[0] += 1.0f;  // a different source next time
            copies_.fetch_add(1, std::memory_order_relaxed);
        }
    }
    std::vector<float> buf_;
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> copies_{0};
    std::thread worker_;
};

bool check(ngcrt::status s, const char* what) {
    if (s == ngcrt::status::ok) return true;
    std::fprintf(stderr, "ngcrt-demo: %s failed: %s (status %d)\n", what, ngcrt::to_string(s),
                 static_cast<int>(s));
    return false;
}

// 0: run; 1: --help was printed, exit 0; 2: bad arguments.
int parse_args(int argc, char** argv, std::size_t& steps, const char*& csv, bool& load) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no-load") == 0) {
            load = false;
            continue;
        }
        if (std::strcmp(argv[i], "--csv") == 0 && i + 1 < argc) {
            csv = argv[++i];
            continue;
        }
        if (std::strcmp(argv[i], "--steps") == 0 && i + 1 < argc) {
            const char* text = argv[++i];
            char* end = nullptr;
            const unsigned long long v = std::strtoull(text, &end, 10);
            if (end == text || *end != '\0' || text[0] == '-' || v < kMinSteps || v > kMaxSteps) {
                std::fprintf(stderr, "ngcrt-demo: --steps wants an integer in [%zu, %zu], got '%s'\n",
                             kMinSteps, kMaxSteps, text);
                return 2;
            }
            steps = static_cast<std::size_t>(v);
        } else {
            const bool help = std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0;
            std::fprintf(help ? stdout : stderr,
                         "usage: %s [--steps N] [--csv FILE] [--no-load]   (N in [%zu, %zu], default %zu)\n",
                         argv[0], kMinSteps, kMaxSteps, kDefaultSteps);
            return help ? 1 : 2;
        }
    }
    return 0;
}

// Nearest-rank percentile of sorted values.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, double p) {
    const double rank = std::ceil(p * static_cast<double>(sorted.size()));
    const std::size_t i = rank < 1.0 ? 0 : static_cast<std::size_t>(rank) - 1;
    return sorted[std::min(i, sorted.size() - 1)];
}

// What one window of steps [begin, end) looked like.
void print_window(const char* label, std::size_t begin, std::size_t end, const std::vector<float>& L,
                  const std::vector<double>& sq_err) {
    if (begin >= end) return;
    double sum_L = 0.0, sum_sq = 0.0;
    for (std::size_t k = begin; k < end; ++k) {
        sum_L += static_cast<double>(L[k]);
        sum_sq += sq_err[k];
    }
    const double n = static_cast<double>(end - begin);
    char range[48];
    std::snprintf(range, sizeof range, "%zu-%zu", begin, end - 1);
    std::printf("  %-12s %-15s %12.2f %16.4f\n", label, range, sum_L / n,
                std::sqrt(sum_sq / (n * static_cast<double>(kChannels))));
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t steps = kDefaultSteps;
    const char* csv_path = nullptr;
    bool with_load = true;
    if (const int r = parse_args(argc, argv, steps, csv_path, with_load); r != 0) return r == 1 ? 0 : 2;

    // ---- set-up: everything the loop touches is allocated and initialised here --------
    Cell cell{kSigma};
    if (!check(cell.validate(), "Sigma check")) return 1;
    // Write access to the cell's own mu and target; it lasts until a reset(), which this
    // program never does, so the spans stay valid for the whole run.
    const ngcrt::span<float> mu = cell.mu();
    const ngcrt::span<float> target = cell.target();
    const ngcrt::span<const float> dmu = cell.dmu();
    if (mu.size() != kChannels || target.size() != kChannels || dmu.size() != kChannels) {
        std::fprintf(stderr, "ngcrt-demo: unexpected compartment sizes\n");
        return 1;
    }

    Rng rng(kSeed);
    double omega[kChannels], phase[kChannels];  // rad per step, rad
    for (std::size_t c = 0; c < kChannels; ++c) {
        const double f = kFreqLoHz + (kFreqHiHz - kFreqLoHz) * static_cast<double>(c) / (kChannels - 1);
        omega[c] = 2.0 * kPi * f / kRateHz;
        phase[c] = 2.0 * kPi * rng.uniform();
    }

    std::vector<std::int64_t> latency_ns(steps);  // value-initialised: pages touched now
    std::vector<float> L(steps);
    std::vector<double> sq_err(steps);  // sum over channels of (mu - clean)^2 after the update
    double clean[kChannels];
    double noise_sq = 0.0;

    // The side-by-side cells (mu stays 0: the setpoint), and what aligning them needs: the
    // last kMaxLag + 1 true errors of every channel (a ring), and per lag the sum of
    // squared differences between each cell's error and the true error that many steps ago.
    Raw raw{1.0f};
    Leaky leaky{1.0f, kTau};
    const ngcrt::span<float> raw_target = raw.target(), leaky_target = leaky.target();
    const ngcrt::span<const float> raw_err = raw.dmu(), leaky_err = leaky.dmu();  // Sigma = 1: dmu = e
    static double history[kMaxLag + 1][kChannels];
    double raw_lag_sq[kMaxLag + 1] = {}, leaky_lag_sq[kMaxLag + 1] = {};
    std::size_t lag_samples = 0;
    std::vector<std::int64_t> leaky_latency_ns(steps);
    const std::size_t csv_steps = csv_path != nullptr ? std::min(steps, kCsvSteps) : 0;
    std::vector<float> csv_rows(4 * csv_steps);

    // Resolve the kernel dispatch before the loop, so step 0 does not pay for it.
    const ngcrt::kernel k = ngcrt::active_kernel();

    // ---- the real-time loop -----------------------------------------------------------
    const auto run_start = clock_type::now();
    for (std::size_t step = 0; step < steps; ++step) {
        // Sense: the clean signal and one noisy observation per channel.
        for (std::size_t c = 0; c < kChannels; ++c) {
            clean[c] = std::sin(omega[c] * static_cast<double>(step) + phase[c]);
            const double noise = kNoiseStd * rng.gaussian();
            noise_sq += noise * noise;
            target[c] = static_cast<float>(clean[c] + noise);
            raw_target[c] = leaky_target[c] = target[c];
            history[step % (kMaxLag + 1)][c] = clean[c];
        }

        // Compute: the cell step, timed alone.
        const auto t0 = clock_type::now();
        const ngcrt::status s = cell.advance_state(static_cast<float>(1.0 / kRateHz));
        const auto t1 = clock_type::now();
        if (!check(s, "advance_state")) {
            std::fprintf(stderr, "ngcrt-demo: at step %zu\n", step);
            return 1;
        }
        latency_ns[step] = std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();

        // The same observations through the raw and the leaky error cell.
        const float dt = static_cast<float>(1.0 / kRateHz);
        const ngcrt::status sr = raw.advance_state(dt);
        const auto t2 = clock_type::now();
        const ngcrt::status sl = leaky.advance_state(dt);
        const auto t3 = clock_type::now();
        if (!check(sr, "raw advance_state") || !check(sl, "leaky advance_state")) return 1;
        leaky_latency_ns[step] = std::chrono::duration_cast<std::chrono::nanoseconds>(t3 - t2).count();
        if (step >= kLagFrom && step % kLagStride == 0) {
            for (std::size_t lag = 0; lag <= kMaxLag; ++lag) {
                const double* truth = history[(step + kMaxLag + 1 - lag) % (kMaxLag + 1)];
                double sr2 = 0.0, sl2 = 0.0;
                for (std::size_t c = 0; c < kChannels; ++c) {
                    const double dr = static_cast<double>(raw_err[c]) - truth[c];
                    const double dl = static_cast<double>(leaky_err[c]) - truth[c];
                    sr2 += dr * dr;
                    sl2 += dl * dl;
                }
                raw_lag_sq[lag] += sr2;
                leaky_lag_sq[lag] += sl2;
            }
            ++lag_samples;
        }
        if (step < csv_steps) {
            float* row = &csv_rows[4 * step];
            row[0] = static_cast<float>(static_cast<double>(step) / kRateHz);
            row[1] = static_cast<float>(clean[kCsvChannel]);
            row[2] = raw_err[kCsvChannel];
            row[3] = leaky_err[kCsvChannel];
        }

        // Act: move the estimate along the error, and record how well it tracks.
        double sq = 0.0;
        for (std::size_t c = 0; c < kChannels; ++c) {
            mu[c] += kEta * dmu[c];
            const double e = static_cast<double>(mu[c]) - clean[c];
            sq += e * e;
        }
        L[step] = cell.L();
        sq_err[step] = sq;
    }
    const double run_s = std::chrono::duration<double>(clock_type::now() - run_start).count();

    // ---- the same step again, with a memory-heavy neighbour ----------------------------
    // (the estimate keeps tracking the clean signal; only the step's latency is recorded)
    std::vector<std::int64_t> loaded_ns(with_load ? steps : 0);
    std::size_t load_copies = 0;
    if (with_load) {
        MemoryLoad load;
        while (load.copies() == 0) std::this_thread::yield();  // running, its buffer paged in
        for (std::size_t i = 0; i < steps; ++i) {
            const double t = static_cast<double>(steps + i);
            for (std::size_t c = 0; c < kChannels; ++c)
                target[c] = static_cast<float>(std::sin(omega[c] * t + phase[c]));
            const auto t0 = clock_type::now();
            const ngcrt::status s = cell.advance_state(static_cast<float>(1.0 / kRateHz));
            const auto t1 = clock_type::now();
            if (!check(s, "advance_state (under load)")) return 1;
            loaded_ns[i] = std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
            for (std::size_t c = 0; c < kChannels; ++c) mu[c] += kEta * dmu[c];
        }
        load_copies = load.copies();
    }

    // ---- timer overhead: the cost of the two now() calls around an empty body ---------
    const std::size_t timer_n = std::min(steps, kTimerSamples);
    std::vector<std::int64_t> overhead_ns(timer_n);
    for (std::size_t i = 0; i < timer_n; ++i) {
        const auto t0 = clock_type::now();
        const auto t1 = clock_type::now();
        overhead_ns[i] = std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
    }
    std::sort(overhead_ns.begin(), overhead_ns.end());

    // ---- report -------------------------------------------------------------------------
    std::size_t over_budget = 0;
    for (std::int64_t ns : latency_ns)
        if (static_cast<double>(ns) > kBudgetNs) ++over_budget;
    std::vector<std::int64_t> sorted = latency_ns;  // keep the time order in latency_ns
    std::sort(sorted.begin(), sorted.end());

    std::printf("ngcrt real-time demo: GaussianErrorCell<float, Units<%zu>, 1>, ngclearn 3.1 convention\n",
                kChannels);
    std::printf("kernel:        %s (%s)\n", ngcrt::to_string(k),
                ngcrt::runtime_dispatch() ? "chosen at run time" : "fixed at compile time");
    std::printf("steps:         %zu at a nominal %.0f Hz = %.1f s simulated, run in %.3f s wall\n", steps,
                kRateHz, static_cast<double>(steps) / kRateHz, run_s);
    std::printf("signal:        %zu sines %.2f..%.2f Hz, amplitude 1, noise std %.2f, seed 0x%llx\n",
                kChannels, kFreqLoHz, kFreqHiHz, kNoiseStd, static_cast<unsigned long long>(kSeed));
    std::printf(
        "estimate:      mu += eta * dmu, Sigma = %.4g (noise variance), eta = %.4g, gain eta/Sigma = %.3g\n",
        static_cast<double>(kSigma), static_cast<double>(kEta), static_cast<double>(kGain));

    std::printf("\nadvance_state() latency, ns (each call timed alone; includes timer overhead):\n");
    std::printf("  p50 %lld   p99 %lld   p99.9 %lld   max %lld   (min %lld)\n",
                static_cast<long long>(percentile(sorted, 0.50)),
                static_cast<long long>(percentile(sorted, 0.99)),
                static_cast<long long>(percentile(sorted, 0.999)), static_cast<long long>(sorted.back()),
                static_cast<long long>(sorted.front()));
    std::printf("  calls over the %.0f ns budget: %zu of %zu\n", kBudgetNs, over_budget, steps);
    if (with_load) {
        std::sort(loaded_ns.begin(), loaded_ns.end());
        std::printf(
            "the same, %zu more steps while another thread streams through 64 MiB (%zu copies of 32 MiB):\n",
            steps, load_copies);
        std::printf("  p50 %lld   p99 %lld   p99.9 %lld   max %lld   (min %lld)\n",
                    static_cast<long long>(percentile(loaded_ns, 0.50)),
                    static_cast<long long>(percentile(loaded_ns, 0.99)),
                    static_cast<long long>(percentile(loaded_ns, 0.999)),
                    static_cast<long long>(loaded_ns.back()), static_cast<long long>(loaded_ns.front()));
        std::printf(
            "  (the difference from the idle figures is what the host adds: caches, memory, scheduler)\n");
    }
    std::printf("timer overhead, ns (two back-to-back steady_clock::now(), %zu samples):\n", timer_n);
    std::printf("  p50 %lld   p99 %lld   min %lld\n", static_cast<long long>(percentile(overhead_ns, 0.50)),
                static_cast<long long>(percentile(overhead_ns, 0.99)),
                static_cast<long long>(overhead_ns.front()));

    // With e = target - mu, 3.1's L = -sum e^2 / (2 Sigma^2). Once mu tracks the signal,
    // e is mostly the observation noise, so E[L] -> -N * noise_var / (2 Sigma^2): the floor.
    // (3.1 treats Sigma as a std in L but as a variance in dmu; see the spec.)
    const double noise_var = kNoiseStd * kNoiseStd;
    const double sigma = static_cast<double>(kSigma);
    const double floor_L = -static_cast<double>(kChannels) * noise_var / (2.0 * sigma * sigma);
    std::printf("\nL over time (noise floor for a perfect estimate: %.2f):\n", floor_L);
    std::printf("  %-12s %-15s %12s %16s\n", "window", "steps", "mean L", "RMS(mu - clean)");
    // Convergence happens in the first ~100 steps (time constant 1/gain = 20 steps), so
    // the start is shown on a log scale, then the whole run by decile.
    const std::size_t one_pct = std::max<std::size_t>(1, steps / 100);
    print_window("start", 0, 1, L, sq_err);
    for (std::size_t b = 1; b < one_pct; b *= 10) print_window("", b, std::min(b * 10, one_pct), L, sq_err);
    print_window("first 1%", 0, one_pct, L, sq_err);
    for (std::size_t d = 0; d < 10; ++d) {
        char label[16];
        std::snprintf(label, sizeof label, "decile %zu", d + 1);
        print_window(label, steps * d / 10, steps * (d + 1) / 10, L, sq_err);
    }

    // Tracking quality over the last decile, when the estimate has long converged.
    const std::size_t tail = steps - steps * 9 / 10;
    double tail_sq = 0.0;
    for (std::size_t s = steps * 9 / 10; s < steps; ++s) tail_sq += sq_err[s];
    const double rms_err = std::sqrt(tail_sq / static_cast<double>(tail * kChannels));
    const double rms_noise = std::sqrt(noise_sq / static_cast<double>(steps * kChannels));
    std::printf("\ntracking, last decile: RMS(mu - clean) = %.4f vs RMS(raw noise) = %.4f (%.1fx lower)\n",
                rms_err, rms_noise, rms_noise / rms_err);

    // The filter must beat the raw observations, or something is wrong with the cell.
    if (!std::isfinite(rms_err) || !(rms_err < rms_noise)) {
        std::fprintf(stderr, "ngcrt-demo: the estimate does not beat the raw observations\n");
        return 1;
    }

    // ---- side by side: the raw and the leaky error of the same observations ------------
    std::printf(
        "\nthe error of a noisy sensor against a setpoint (mu = 0, Sigma = 1: dmu is the error,\n"
        "the clean signal the true error), side by side:\n");
    std::printf("  %-44s %10s %14s %12s\n", "cell", "lag, ms", "noise (RMS)", "step p50 ns");
    std::sort(leaky_latency_ns.begin(), leaky_latency_ns.end());
    struct aligned {
        std::size_t lag;
        double rms;
    };
    auto best = [&](const double(&sq)[kMaxLag + 1]) {
        aligned a{0, 0.0};
        for (std::size_t lag = 1; lag <= kMaxLag; ++lag)
            if (sq[lag] < sq[a.lag]) a.lag = lag;
        a.rms = std::sqrt(sq[a.lag] / static_cast<double>(lag_samples * kChannels));
        return a;
    };
    if (lag_samples == 0) {
        std::printf("  (a run of more than %zu steps measures lag and noise)\n", kLagFrom);
        return 0;
    }
    const aligned ar = best(raw_lag_sq), al = best(leaky_lag_sq);
    std::printf("  %-44s %10zu %14.4f %12lld\n", "GaussianErrorCell (raw: e = target - mu)", ar.lag, ar.rms,
                static_cast<long long>(percentile(sorted, 0.50)));
    char name[64];
    std::snprintf(name, sizeof name, "LeakyGaussianErrorCell (tau = %.0f ms)",
                  1000.0 * static_cast<double>(kTau));
    std::printf("  %-44s %10zu %14.4f %12lld\n", name, al.lag, al.rms,
                static_cast<long long>(percentile(leaky_latency_ns, 0.50)));
    std::printf(
        "  (lag: the delay that best aligns the error with the true error, over %zu..%zu ms;\n"
        "   noise: RMS(error - aligned true error); noise std of the sensor %.2f)\n",
        std::size_t{0}, kMaxLag, kNoiseStd);
    std::printf("  the leaky error has %.1fx less noise for %zu ms of lag\n", ar.rms / al.rms, al.lag);

    if (csv_path != nullptr) {
        std::FILE* f = std::fopen(csv_path, "w");
        if (f == nullptr) {
            std::fprintf(stderr, "ngcrt-demo: cannot write %s\n", csv_path);
            return 1;
        }
        std::fprintf(f, "t_s,true_error,raw_error,leaky_error\n");
        for (std::size_t r = 0; r < csv_steps; ++r)
            std::fprintf(f, "%.3f,%.6f,%.6f,%.6f\n", static_cast<double>(csv_rows[4 * r]),
                         static_cast<double>(csv_rows[4 * r + 1]), static_cast<double>(csv_rows[4 * r + 2]),
                         static_cast<double>(csv_rows[4 * r + 3]));
        if (std::fclose(f) != 0) {
            std::fprintf(stderr, "ngcrt-demo: cannot write %s\n", csv_path);
            return 1;
        }
        std::printf(
            "\nwrote %s (channel %zu, %.2f Hz, first %zu steps); a picture of it:\n"
            "  /usr/bin/python3 tools/plot_demo.py %s demo.png\n",
            csv_path, kCsvChannel, kFreqHiHz, csv_steps, csv_path);
    }
    // The leaky error must be the less noisy one, or something is wrong with the cell.
    if (!(al.rms < ar.rms)) {
        std::fprintf(stderr, "ngcrt-demo: the leaky error is not less noisy than the raw one\n");
        return 1;
    }
    return 0;
}
