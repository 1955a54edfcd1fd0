// examples/firmware/main.cpp - ngcrt in bare-metal firmware (Cortex-M, statically linked).
//
// A 1 kHz control loop paced by the core's SysTick timer: each tick reads 64 noisy
// "sensor" channels, runs one GaussianErrorCell<float, Units<64>, 1> step, and moves the
// estimate mu toward the observations by the precision-weighted error (mu += eta * dmu).
// After kTicks ticks the program checks that every step returned status::ok and that the
// estimate's RMS error is well below the sensor noise, prints a report through
// semihosting, and returns 0 (pass) or 1 (fail): under qemu that is the process status.
//
// Everything is static: no heap, no exceptions, no RTTI. The toolchain file provides the
// vector table, FPU enable and C runtime (picolibc's crt0), so this is an ordinary main().
#include <ngcrt/ngcrt.hpp>

#include <cstdint>
#include <cstdio>

namespace {

constexpr std::size_t kChannels = 64;
using Cell = ngcrt::GaussianErrorCell<float, ngcrt::Units<kChannels>, 1>;

constexpr std::uint32_t kCoreHz = 25000000;  // the MPS2/MPS3 FPGA images' core clock
constexpr std::uint32_t kLoopHz = 1000;
constexpr int kTicks = 2000;                   // 2 s of control at 1 kHz
constexpr float kNoise = 0.5f;                 // sensor noise amplitude (uniform, +-kNoise)
constexpr float kSigma = kNoise * kNoise / 3;  // its variance
constexpr float kEta = 0.05f * kSigma;         // 5 % of the error absorbed per step

// SysTick (ARMv7-M / ARMv8-M system control space).
struct SysTick {
    static volatile std::uint32_t& csr() { return *reinterpret_cast<volatile std::uint32_t*>(0xE000E010u); }
    static volatile std::uint32_t& rvr() { return *reinterpret_cast<volatile std::uint32_t*>(0xE000E014u); }
    static volatile std::uint32_t& cvr() { return *reinterpret_cast<volatile std::uint32_t*>(0xE000E018u); }
    static void start(std::uint32_t period_cycles) {
        rvr() = period_cycles - 1;
        cvr() = 0;
        csr() = (1u << 2) | 1u;  // processor clock, enabled, no interrupt: polled
    }
    // Waits for the next period boundary; true if it had already passed (an overrun).
    static bool wait() {
        const bool late = (csr() & (1u << 16)) != 0;  // COUNTFLAG clears on read
        if (!late)
            while ((csr() & (1u << 16)) == 0) {}
        return late;
    }
};

// A deterministic "plant": 64 triangle waves of different periods, plus uniform noise
// from a 32-bit xorshift. (No libm: the example links only what the cell needs.)
struct Plant {
    std::uint32_t rng = 0x6e676372u;
    float noise() {
        rng ^= rng << 13;
        rng ^= rng >> 17;
        rng ^= rng << 5;
        return (static_cast<float>(rng >> 8) * 0x1p-24f * 2.f - 1.f) * kNoise;
    }
    static float truth(std::size_t ch, int tick) {
        const int period = 400 + 37 * static_cast<int>(ch);  // 0.4 s .. 2.7 s
        const float phase = static_cast<float>(tick % period) / static_cast<float>(period);
        return phase < 0.5f ? 4.f * phase - 1.f : 3.f - 4.f * phase;  // -1 .. 1
    }
};

Cell cell(kSigma);  // static storage: the compartments live in .bss
Plant plant;

}  // namespace

// One step of the cell, kept out of line so that its code size and worst-case stack can
// be read off the build (tools/firmware_figures.py starts from this symbol).
extern "C" __attribute__((noinline)) int ngcrt_firmware_step(Cell& c) {
    return static_cast<int>(c.advance_state(1e-3f));
}

int main() {
    std::printf("ngcrt firmware example: GaussianErrorCell<float, Units<64>, 1>, %u Hz, kernel %s\n",
                static_cast<unsigned>(kLoopHz), ngcrt::to_string(ngcrt::active_kernel()));
    std::printf("sizeof(cell) = %u bytes\n", static_cast<unsigned>(sizeof(cell)));

    int failures = 0, overruns = 0;
    double sq_err = 0, sq_noise = 0;
    std::size_t samples = 0;
    SysTick::start(kCoreHz / kLoopHz);
    for (int tick = 0; tick < kTicks; ++tick) {
        overruns += SysTick::wait() ? 1 : 0;
        auto target = cell.target();
        for (std::size_t ch = 0; ch < kChannels; ++ch) target[ch] = Plant::truth(ch, tick) + plant.noise();

        if (ngcrt_firmware_step(cell) != static_cast<int>(ngcrt::status::ok)) ++failures;

        auto mu = cell.mu();
        const auto dmu = cell.dmu();
        for (std::size_t ch = 0; ch < kChannels; ++ch) {
            mu[ch] += kEta * dmu[ch];
            if (tick >= kTicks / 2) {  // after the estimate has settled
                const double err = static_cast<double>(mu[ch] - Plant::truth(ch, tick));
                const double nz = static_cast<double>(target[ch] - Plant::truth(ch, tick));
                sq_err += err * err;
                sq_noise += nz * nz;
                ++samples;
            }
        }
    }
    const double rms_err = __builtin_sqrt(sq_err / static_cast<double>(samples));
    const double rms_noise = __builtin_sqrt(sq_noise / static_cast<double>(samples));
    const bool tracking = rms_err < 0.5 * rms_noise;
    std::printf("%d ticks, %d failed steps, %d overruns (timing under qemu is not real time)\n", kTicks,
                failures, overruns);
    std::printf("RMS error of the estimate %.4f vs sensor noise %.4f: %s\n", rms_err, rms_noise,
                tracking ? "tracking" : "NOT tracking");
    const bool pass = failures == 0 && tracking;
    std::printf("firmware example: %s\n", pass ? "PASS" : "FAIL");
    return pass ? 0 : 1;
}
