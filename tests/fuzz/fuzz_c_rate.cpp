// tests/fuzz/fuzz_c_rate.cpp - libFuzzer target for RateCell's C API (ngcrt_rate_cell_*).
//
// The input picks an element type and a configuration (rank 0..4, zero dimensions, batch and
// capacity 0..4, enumerations out of range, tau_m / gamma / scales / lambda that are NaN,
// infinite, negative, subnormal or huge), then drives one instance through steps with special
// inputs and dt values, resets, batched resets, bind_j / bind_j_td to good, overlapping and
// NULL sources. No heap: buffers and instance are static.
//
// Invariants: every status is a known code; a rejected call leaves every buffer and the batch
// size as they were; an accepted step leaves a wired j's source untouched. Any broken
// invariant aborts.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "fuzz_input.hpp"
#include "ngcrt/ngcrt.h"

namespace {

using namespace ngcrt_fuzz;

constexpr std::size_t cap = 4 * 24;

template <class T, class Inst, class Buf>
struct api;
template <>
struct api<float, ngcrt_rate_cell_f32, ngcrt_rate_buffers_f32> {
    static int init(ngcrt_rate_cell_f32* i, const ngcrt_rate_config* c, const ngcrt_rate_buffers_f32* b) {
        return ngcrt_rate_cell_init_f32(i, c, b);
    }
    static int step(ngcrt_rate_cell_f32* i, float dt) { return ngcrt_rate_cell_advance_state_f32(i, dt); }
    static int reset(ngcrt_rate_cell_f32* i) { return ngcrt_rate_cell_reset_f32(i); }
    static int batched(ngcrt_rate_cell_f32* i, std::size_t b) {
        return ngcrt_rate_cell_batched_reset_f32(i, b);
    }
    static int bind_j(ngcrt_rate_cell_f32* i, const float* s) { return ngcrt_rate_cell_bind_j_f32(i, s); }
    static int bind_j_td(ngcrt_rate_cell_f32* i, const float* s) {
        return ngcrt_rate_cell_bind_j_td_f32(i, s);
    }
    static std::size_t batch(const ngcrt_rate_cell_f32* i) { return ngcrt_rate_cell_batch_size_f32(i); }
};
template <>
struct api<double, ngcrt_rate_cell_f64, ngcrt_rate_buffers_f64> {
    static int init(ngcrt_rate_cell_f64* i, const ngcrt_rate_config* c, const ngcrt_rate_buffers_f64* b) {
        return ngcrt_rate_cell_init_f64(i, c, b);
    }
    static int step(ngcrt_rate_cell_f64* i, double dt) { return ngcrt_rate_cell_advance_state_f64(i, dt); }
    static int reset(ngcrt_rate_cell_f64* i) { return ngcrt_rate_cell_reset_f64(i); }
    static int batched(ngcrt_rate_cell_f64* i, std::size_t b) {
        return ngcrt_rate_cell_batched_reset_f64(i, b);
    }
    static int bind_j(ngcrt_rate_cell_f64* i, const double* s) { return ngcrt_rate_cell_bind_j_f64(i, s); }
    static int bind_j_td(ngcrt_rate_cell_f64* i, const double* s) {
        return ngcrt_rate_cell_bind_j_td_f64(i, s);
    }
    static std::size_t batch(const ngcrt_rate_cell_f64* i) { return ngcrt_rate_cell_batch_size_f64(i); }
};

template <class T, class Inst, class Buf>
void drive(reader& r) {
    using A = api<T, Inst, Buf>;
    static Inst inst;
    static T buf[5][cap];  // j, j_td, z, zF, a source
    static T before[5][cap];
    std::memset(&inst, 0, sizeof inst);
    for (auto& b : buf)
        for (T& v : b) v = value<T>(r);
    ngcrt_rate_config c = ngcrt_rate_config_default();
    c.rank = r.u8() % 5;
    for (std::size_t& d : c.dims) d = r.u8() % 7;
    c.batch_size = r.u8() % 5;
    c.max_batch = r.u8() % 5;
    c.tau_m = double(value<T>(r));
    const std::int32_t e[5] = {std::int32_t(r.u8() % 6) - 1, std::int32_t(r.u8() % 18) - 1,
                               std::int32_t(r.u8() % 4), std::int32_t(r.u8() % 4), std::int32_t(r.u8() % 4)};
    std::memcpy(&c.prior, &e[0], 4);
    std::memcpy(&c.act_fx, &e[1], 4);
    std::memcpy(&c.threshold, &e[2], 4);
    std::memcpy(&c.integration, &e[3], 4);
    std::memcpy(&c.convention, &e[4], 4);
    c.gamma = double(value<T>(r));
    c.output_scale = double(value<T>(r));
    c.resist_scale = double(value<T>(r));
    c.threshold_lambda = double(value<T>(r));
    c.is_stateful = r.u8() & 1;
    const Buf b{buf[0], buf[1], buf[2], buf[3], std::size_t(r.u8() % (cap + 1))};
    const int st = A::init(&inst, &c, &b);
    NGCRT_FUZZ_REQUIRE(known_status(st));
    if (st != NGCRT_OK) {
        NGCRT_FUZZ_REQUIRE(A::step(&inst, T(1)) == NGCRT_ERR_NOT_INITIALIZED);
        return;
    }
    while (!r.empty()) {
        std::memcpy(before, buf, sizeof buf);
        const std::size_t batch = A::batch(&inst);
        int s = 0;
        switch (r.u8() % 5) {
            case 0: s = A::step(&inst, value<T>(r)); break;
            case 1: s = A::reset(&inst); break;
            case 2: s = A::batched(&inst, r.u8() % 6); break;
            case 3: {
                const std::uint8_t k = r.u8();
                s = A::bind_j(&inst, k % 3 == 0 ? nullptr : k % 3 == 1 ? buf[4] : buf[2] + 1);
                break;
            }
            default: s = A::bind_j_td(&inst, r.u8() & 1 ? buf[4] : nullptr); break;
        }
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (s != NGCRT_OK) {
            NGCRT_FUZZ_REQUIRE(std::memcmp(before, buf, sizeof buf) == 0);
            NGCRT_FUZZ_REQUIRE(A::batch(&inst) == batch);
        } else {
            NGCRT_FUZZ_REQUIRE(std::memcmp(before[4], buf[4], sizeof buf[4]) ==
                               0);  // a source is never written
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    reader r{data, size};
    if (r.u8() & 1)
        drive<float, ngcrt_rate_cell_f32, ngcrt_rate_buffers_f32>(r);
    else
        drive<double, ngcrt_rate_cell_f64, ngcrt_rate_buffers_f64>(r);
    return 0;
}
