// ngcrt-pcn-demo: ngc-museum's pc_discrim predictive-coding network (docs/spec/pcn.md),
// trained on scikit-learn's digits on the host: per epoch the mean batch energy (EFE) and
// the test accuracy, then the per-sample inference latency (p50 / p99) and the training
// throughput. The data are compiled in (examples/pcn/digits.h).
//
//   ngcrt-pcn-demo [--epochs E] [--seed S] [--csv FILE]
//
// 64-64-64-10, B = 50, T = 20, tau 25, Adam 1e-3 (the exhibit's settings but the batch, as
// pcn.md's data-set section has them); weights uniform(-0.3, 0.3) from a splitmix64 stream
// of the seed, biases 0.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <ngcrt/kernel.hpp>

#include "digits_model.hpp"

namespace {

constexpr std::size_t batch = 50;
using network = ngcrt::PCN<float, ngcrt::Layers<64, 64, 64, 10>, batch>;

// uniform(-0.3, 0.3) from splitmix64 (53-bit doubles), rounded to float.
struct uniform_weights {
    std::uint64_t s;
    float next() noexcept {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        const double u = double(z >> 11) * (1.0 / 9007199254740992.0);
        return float(-0.3 + 0.6 * u);
    }
};

int usage() {
    std::fprintf(stderr, "usage: ngcrt-pcn-demo [--epochs E] [--seed S] [--csv FILE]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    unsigned long epochs = 10, seed = 1;
    const char* csv_path = nullptr;
    for (int i = 1; i < argc; ++i) {
        char* end = nullptr;
        if (i + 1 >= argc) return usage();
        if (std::strcmp(argv[i], "--epochs") == 0) {
            epochs = std::strtoul(argv[++i], &end, 10);
            if (*end != '\0' || epochs == 0 || epochs > 1000) return usage();
        } else if (std::strcmp(argv[i], "--seed") == 0) {
            seed = std::strtoul(argv[++i], &end, 10);
            if (*end != '\0') return usage();
        } else if (std::strcmp(argv[i], "--csv") == 0) {
            csv_path = argv[++i];
        } else {
            return usage();
        }
    }
    static network net;
    if (net.init_status() != ngcrt::status::ok) return 1;
    uniform_weights rng{seed};
    for (std::size_t l = 1; l <= 3; ++l)
        for (float& w : net.weights(l)) w = rng.next();

    std::printf(
        "ngcrt PCN demo: scikit-learn digits (%zu train / %zu test images), 64-64-64-10, B = %zu, "
        "T = 20, Adam 1e-3, %s kernel\n",
        digits::train_rows, digits::test_rows, batch, ngcrt::to_string(ngcrt::active_kernel()));
    std::printf("  before training: test accuracy %.2f %%\n",
                100.0 * double(digits::correct_on_test<batch>(net)) / double(digits::test_rows));
    std::printf("  epoch   mean batch EFE   test accuracy\n");
    std::FILE* csv = csv_path != nullptr ? std::fopen(csv_path, "w") : nullptr;
    if (csv_path != nullptr && csv == nullptr) {
        std::fprintf(stderr, "ngcrt-pcn-demo: cannot write %s\n", csv_path);
        return 1;
    }
    if (csv != nullptr) std::fprintf(csv, "epoch,mean_batch_efe,test_accuracy\n");
    static float x[batch * digits::pixels], lab[batch * digits::classes], y[batch * digits::classes];
    const std::size_t batches = digits::train_rows / batch;  // the last partial batch is dropped
    double train_seconds = 0;
    for (unsigned long e = 1; e <= epochs; ++e) {
        double efe_sum = 0;
        for (std::size_t b = 0; b < batches; ++b) {
            digits::load(b * batch, batch, x, lab);
            float efe = 0;
            const auto t0 = std::chrono::steady_clock::now();
            if (net.process(x, lab, batch, true, y, &efe) != ngcrt::status::ok) return 1;
            train_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            efe_sum += double(efe);
        }
        const double accuracy =
            100.0 * double(digits::correct_on_test<batch>(net)) / double(digits::test_rows);
        std::printf("  %5lu   %14.4f   %11.2f %%\n", e, efe_sum / double(batches), accuracy);
        if (csv != nullptr) std::fprintf(csv, "%lu,%.6f,%.4f\n", e, efe_sum / double(batches), accuracy);
    }
    if (csv != nullptr) {
        std::fclose(csv);
        std::printf("  wrote %s\n", csv_path);
    }
    // Inference latency: one image at a time (B = 1), every test image, 5 rounds.
    std::vector<double> us;
    float one[digits::pixels], onelab[digits::classes], out[digits::classes];
    for (int round = 0; round < 5; ++round)
        for (std::size_t r = 0; r < digits::test_rows; ++r) {
            digits::load(digits::train_rows + r, 1, one, onelab);
            const auto t0 = std::chrono::steady_clock::now();
            if (net.infer(one, 1, out) != ngcrt::status::ok) return 1;
            us.push_back(
                std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
        }
    std::sort(us.begin(), us.end());
    std::printf("  inference, one image (B = 1), %zu calls: p50 %.2f us, p99 %.2f us\n", us.size(),
                us[us.size() / 2], us[us.size() * 99 / 100]);
    std::printf("  training: %.0f samples/s (process with learning, B = %zu, T = 20)\n",
                double(epochs * batches * batch) / train_seconds, batch);
    return 0;
}
