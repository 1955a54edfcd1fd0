// tools/mcu/m4_synapse_probe.cpp - the synapse forward product on the Cortex-M4F, for
// tools/m4_synapse_cycles.py: a StaticSynapse<float, Units<64>, Units<64>, 1> over a const
// weight array (ngcrt's product, its inner loop in libngcrt.a) and the plain C loop a
// firmware author would write, compiled with the same flags, each in its own function.
// Run under qemu it checks that both give finite outputs (the plain loop's order differs
// from ngcrt's only in being the same: i outer, o inner, one rounding per operation).
#include <ngcrt/ngcrt.hpp>

#include <cstddef>

namespace {
constexpr std::size_t in = 64, out = 64;
float make_weight(std::size_t k) { return static_cast<float>(static_cast<int>(k % 17) - 8) * 0.0625f; }
struct weights_table {
    float v[in * out];
    constexpr weights_table() : v() {
        for (std::size_t k = 0; k < in * out; ++k)
            v[k] = static_cast<float>(static_cast<int>(k % 17) - 8) * 0.0625f;
    }
};
constexpr weights_table table{};
}  // namespace

// The plain loop: y[o] += x[i] * W[i][o], i outer (W's rows stream), y in memory.
extern "C" __attribute__((noinline)) void ngcrt_plain_forward(const float* x, const float* w, float* y) {
    for (std::size_t o = 0; o < out; ++o) y[o] = 0.f;
    for (std::size_t i = 0; i < in; ++i) {
        const float xi = x[i];
        for (std::size_t o = 0; o < out; ++o) y[o] = y[o] + xi * w[i * out + o];
    }
}

int main() {
    ngcrt::StaticSynapse<float, ngcrt::Units<in>, ngcrt::Units<out>, 1, ngcrt::WeightStorage::caller> s{
        table.v};
    float y[out] = {};
    for (std::size_t i = 0; i < in; ++i) s.inputs()[i] = make_weight(i * 7);
    if (s.advance_state() != ngcrt::status::ok) return 1;
    ngcrt_plain_forward(s.inputs().data(), table.v, y);
    for (std::size_t o = 0; o < out; ++o)
        if (!(s.outputs()[o] == y[o])) return 2;  // the same order: the same bits
    return 0;
}
