// realtime_demo.cpp - ngcrt's "main job": a GaussianErrorCell in a real-time-style loop.
//
// 64 channels of a known smooth signal (sines, 0.1 .. 1 Hz) are observed at a nominal
// 1 kHz with Gaussian noise. An estimate mu is pulled toward each noisy observation by
// the cell's precision-weighted error:  mu += eta * dmu,  dmu = (target - mu) / Sigma.
// The loop runs as fast as it can (no sleeping), so 200 s of simulated time take a few
// seconds; every advance_state() call is timed on its own.
//
// Usage: ngcrt-demo [--steps N]      (default 200000 steps = 200 s at 1 kHz)
//
// The loop allocates nothing: every per-step record lives in arrays sized up front.

#include <ngcrt/ngcrt.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

constexpr std::size_t kChannels = 64;
using Cell = ngcrt::GaussianErrorCell<float, ngcrt::Units<kChannels>, 1>;

constexpr double kRateHz = 1000.0;        // nominal loop rate
constexpr double kBudgetNs = 1e9 / kRateHz;  // one period: the real-time deadline
constexpr double kPi = 3.14159265358979323846;
constexpr double kFreqLoHz = 0.1, kFreqHiHz = 1.0;
constexpr double kNoiseStd = 0.5;  // per-channel observation noise (signal amplitude is 1)
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

bool check(ngcrt::status s, const char* what) {
    if (s == ngcrt::status::ok) return true;
    std::fprintf(stderr, "ngcrt-demo: %s failed: %s (status %d)\n", what, ngcrt::to_string(s),
                 static_cast<int>(s));
    return false;
}

// 0: run; 1: --help was printed, exit 0; 2: bad arguments.
int parse_args(int argc, char** argv, std::size_t& steps) {
    for (int i = 1; i < argc; ++i) {
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
            std::fprintf(help ? stdout : stderr, "usage: %s [--steps N]   (N in [%zu, %zu], default %zu)\n",
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
    if (const int r = parse_args(argc, argv, steps); r != 0) return r == 1 ? 0 : 2;

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
    std::printf("estimate:      mu += eta * dmu, Sigma = %.4g (noise variance), eta = %.4g, gain eta/Sigma = %.3g\n",
                static_cast<double>(kSigma), static_cast<double>(kEta), static_cast<double>(kGain));

    std::printf("\nadvance_state() latency, ns (each call timed alone; includes timer overhead):\n");
    std::printf("  p50 %lld   p99 %lld   p99.9 %lld   max %lld   (min %lld)\n",
                static_cast<long long>(percentile(sorted, 0.50)), static_cast<long long>(percentile(sorted, 0.99)),
                static_cast<long long>(percentile(sorted, 0.999)), static_cast<long long>(sorted.back()),
                static_cast<long long>(sorted.front()));
    std::printf("  calls over the %.0f ns budget: %zu of %zu\n", kBudgetNs, over_budget, steps);
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
    for (std::size_t b = 1; b < one_pct; b *= 10)
        print_window("", b, std::min(b * 10, one_pct), L, sq_err);
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
    return 0;
}
