// tests/fuzz/fuzz_c_synapse.cpp - libFuzzer target for the synapses' C API
// (ngcrt_dense_synapse_*, ngcrt_hebbian_synapse_*; include/ngcrt/ngcrt.h).
//
// The input decodes one float instance, dense or Hebbian: a configuration (sizes 0..9 and a
// huge one, unknown enum values, resist_scale and settings including NaN, infinities and
// negatives) over buffers carved out of a static arena (sometimes NULL, misaligned or
// overlapping), then a sequence of calls (step, evolve, reset, batched_reset, bind and
// unbind of inputs, pre, post and mask, set_settings, set_step_count, another kind's
// instance). Every status must be a known code, a rejected call must leave every byte of
// the arena as it was, and nothing may crash or trip a sanitizer. No heap.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fuzz_input.hpp"
#include "ngcrt/ngcrt.h"

namespace {

using namespace ngcrt_fuzz;

constexpr std::size_t arena_floats = 4096;
alignas(64) float arena[arena_floats];
alignas(64) float snapshot[arena_floats];
ngcrt_dense_synapse_f32 dense;
ngcrt_hebbian_synapse_f32 hebbian;

// A buffer of n floats somewhere in the arena: usually the next free place, sometimes NULL,
// misaligned or overlapping an earlier one.
float* carve(reader& r, std::size_t& next, std::size_t n) {
    const std::uint8_t how = r.u8();
    if (how % 16 == 1) return nullptr;
    if (how % 16 == 2) return reinterpret_cast<float*>(reinterpret_cast<char*>(arena + 8) + 1);
    if (how % 16 == 3 && next > 0) return arena + (next > n ? next - n : 0);
    if (next + n > arena_floats) return nullptr;
    float* p = arena + next;
    next += n;
    return p;
}

void save() { std::memcpy(snapshot, arena, sizeof arena); }
bool unchanged() { return std::memcmp(snapshot, arena, sizeof arena) == 0; }

// p may be misaligned on purpose (carve): written byte-wise, never through a float store.
void fill(reader& r, float* p, std::size_t n) {
    if (p == nullptr) return;
    auto* bytes = reinterpret_cast<unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) {
        const float v = value<float>(r);
        std::memcpy(bytes + i * sizeof v, &v, sizeof v);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    reader r{data, size};
    std::memset(arena, 0, sizeof arena);
    std::memset(&dense, 0, sizeof dense);
    std::memset(&hebbian, 0, sizeof hebbian);
    const bool is_dense = r.u8() % 2 == 0;
    ngcrt_dense_synapse_config cfg{};
    cfg.in = r.u8() % 10;
    cfg.out = r.u8() % 10;
    cfg.max_batch = r.u8() % 5;
    if (r.u8() == 255) cfg.in = SIZE_MAX / 2;
    const std::uint8_t e = r.u8();
    std::int32_t biases = e % 3, layout = (e / 3) % 3;
    std::memcpy(&cfg.biases, &biases, sizeof biases);
    std::memcpy(&cfg.layout, &layout, sizeof layout);
    const std::size_t in = cfg.in < 16 ? cfg.in : 0, out = cfg.out, batch = cfg.max_batch;
    std::size_t next = 0;
    float* x = carve(r, next, batch * in);
    float* y = carve(r, next, batch * out);
    float* w = carve(r, next, in * out);
    float* b = carve(r, next, out);
    fill(r, x, batch * in);
    fill(r, w, in * out);
    fill(r, b, out);
    int s = 0;
    if (is_dense) {
        const ngcrt_dense_synapse_buffers_f32 buf{x, y, w, b};
        save();
        s = ngcrt_dense_synapse_init_f32(&dense, &cfg, &buf, value<float>(r));
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (s != NGCRT_OK) {
            NGCRT_FUZZ_REQUIRE(unchanged());
            NGCRT_FUZZ_REQUIRE(ngcrt_dense_synapse_step_f32(&dense) == NGCRT_ERR_NOT_INITIALIZED);
            return 0;
        }
    } else {
        float* pre = carve(r, next, batch * in);
        float* post = carve(r, next, batch * out);
        float* dw = carve(r, next, in * out);
        float* db = carve(r, next, out);
        float* m = carve(r, next, in * out + out);
        float* v = carve(r, next, in * out + out);
        fill(r, pre, batch * in);
        fill(r, post, batch * out);
        const ngcrt_hebbian_synapse_buffers_f32 buf{x, y, w, b, pre, post, dw, db, m, v};
        ngcrt_hebbian_settings_f32 st;
        ngcrt_hebbian_settings_defaults_f32(&st);
        st.eta = value<float>(r);
        st.w_bound = value<float>(r);
        std::int32_t prior = r.u8() % 5;
        std::memcpy(&st.prior, &prior, sizeof prior);
        st.prior_lambda = value<float>(r);
        st.sign_value = value<float>(r);
        std::int32_t opt = r.u8() % 3;
        ngcrt_optimizer o;
        std::memcpy(&o, &opt, sizeof opt);
        save();
        s = ngcrt_hebbian_synapse_init_f32(&hebbian, &cfg, o, &buf, &st);
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (s != NGCRT_OK) {
            NGCRT_FUZZ_REQUIRE(unchanged());
            NGCRT_FUZZ_REQUIRE(ngcrt_hebbian_synapse_evolve_f32(&hebbian) == NGCRT_ERR_NOT_INITIALIZED);
            return 0;
        }
    }
    while (!r.empty()) {
        const std::uint8_t op = r.u8() % 9;
        save();
        switch (op) {
            case 0:
                s = is_dense ? ngcrt_dense_synapse_step_f32(&dense)
                             : ngcrt_hebbian_synapse_step_f32(&hebbian);
                if (s != NGCRT_OK) NGCRT_FUZZ_REQUIRE(unchanged());
                break;
            case 1:
                s = is_dense ? ngcrt_dense_synapse_reset_f32(&dense)
                             : ngcrt_hebbian_synapse_evolve_f32(&hebbian);
                break;
            case 2: {
                const std::size_t nb = r.u8() % 6;
                s = is_dense ? ngcrt_dense_synapse_batched_reset_f32(&dense, nb)
                             : ngcrt_hebbian_synapse_batched_reset_f32(&hebbian, nb);
                if (s != NGCRT_OK) NGCRT_FUZZ_REQUIRE(unchanged());
                break;
            }
            case 3: {
                const float* src = r.u8() % 4 != 0 ? arena + (r.u8() % 64) * 16 : nullptr;
                const std::size_t count = r.u8() % 40;
                s = is_dense ? ngcrt_dense_synapse_bind_inputs_f32(&dense, src, count)
                             : ngcrt_hebbian_synapse_bind_pre_f32(&hebbian, src, count);
                if (s != NGCRT_OK) NGCRT_FUZZ_REQUIRE(unchanged());
                break;
            }
            case 4: {
                const float* src = r.u8() % 2 ? arena + (r.u8() % 64) * 16 : nullptr;
                const std::size_t count = r.u8() % 90;
                s = is_dense ? ngcrt_dense_synapse_bind_mask_f32(&dense, src, count)
                             : ngcrt_hebbian_synapse_bind_post_f32(&hebbian, src, count);
                if (s != NGCRT_OK) NGCRT_FUZZ_REQUIRE(unchanged());
                break;
            }
            case 5:
                s = is_dense ? ngcrt_dense_synapse_set_resist_scale_f32(&dense, value<float>(r))
                             : ngcrt_hebbian_synapse_set_step_count_f32(&hebbian, value<float>(r));
                NGCRT_FUZZ_REQUIRE(unchanged());
                break;
            case 6:
                if (!is_dense) {
                    ngcrt_hebbian_settings_f32 st;
                    ngcrt_hebbian_settings_defaults_f32(&st);
                    st.eta = value<float>(r);
                    st.pre_wght = value<float>(r);
                    s = ngcrt_hebbian_synapse_set_settings_f32(&hebbian, &st);
                    NGCRT_FUZZ_REQUIRE(unchanged());
                }
                break;
            case 7:
                // An instance of the other kind.
                s = is_dense
                        ? ngcrt_hebbian_synapse_evolve_f32(
                              reinterpret_cast<ngcrt_hebbian_synapse_f32*>(&dense))
                        : ngcrt_dense_synapse_step_f32(reinterpret_cast<ngcrt_dense_synapse_f32*>(&hebbian));
                NGCRT_FUZZ_REQUIRE(s == NGCRT_ERR_INVALID_ARGUMENT);
                NGCRT_FUZZ_REQUIRE(unchanged());
                break;
            default: fill(r, x, batch * in); break;
        }
        NGCRT_FUZZ_REQUIRE(known_status(s));
    }
    return 0;
}
