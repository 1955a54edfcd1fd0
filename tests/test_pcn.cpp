// The predictive-coding network (docs/spec/pcn.md, include/ngcrt/pcn.hpp): the spec's check
// vector; goldens of tests/pcn/pcn_reference.py (tests/pcn/make_pcn_golden.py) bit for bit
// with B, sizes, T and the optimizer varied, and against its float64 run; the digits
// fingerprint (3 training batches, the same bits on every kernel and target); the quirks
// (the top error of step 1 is the label, e1 is 0 after step 1); bad input changes nothing.
// Run once per kernel (CTest).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <ngcrt/pcn.hpp>

using ngcrt::Layers;
using ngcrt::Optimizer;
using ngcrt::PCN;
using ngcrt::PCNSettings;
using ngcrt::PCNView;
using ngcrt::span;
using ngcrt::status;

namespace {

struct pcn_case {
    const char* name;
    std::size_t sizes[9];
    std::size_t count, batch, steps;
    bool adam;
    float eta;
    const std::uint32_t *x, *lab, *W, *b, *y1, *y2, *ymu2, *y3, *efe, *W2, *b2;
    const double *efe64, *Wb64;
};

#include "pcn/pcn_golden.inc"

float float_of(std::uint32_t u) {
    float v;
    std::memcpy(&v, &u, sizeof v);
    return v;
}
std::uint32_t bits_of(float v) {
    std::uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    return u;
}
std::vector<float> floats(const std::uint32_t* u, std::size_t n) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = float_of(u[i]);
    return v;
}
// The first index where the bits differ, or n.
std::size_t first_difference(span<const float> got, const std::uint32_t* want, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (bits_of(got[i]) != want[i]) return i;
    return n;
}
std::uint64_t fnv(std::uint64_t h, span<const float> v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
        h ^= bits_of(v[i]);
        h *= 0x100000001b3ull;
    }
    return h;
}

// A 64-byte aligned arena for the views (the largest golden case needs far less).
constexpr std::size_t arena_capacity = 1 << 14;
alignas(64) float arena_a[arena_capacity];
alignas(64) float arena_b[arena_capacity];

// A view over `arena` for a golden case, its weights and biases loaded.
status load(PCNView<float>& net, float* arena, const pcn_case& c) {
    const ngcrt::pcn_config cfg{{c.sizes, c.count}, c.batch, c.adam ? Optimizer::adam : Optimizer::sgd};
    REQUIRE(ngcrt::pcn_arena_size<float>(c.sizes, c.count, c.batch, cfg.optimizer) <= arena_capacity);
    PCNSettings<float> s;
    s.steps = c.steps;
    s.eta = c.eta;
    if (const status st = net.init(cfg, {arena, arena_capacity}, s); st != status::ok) return st;
    std::size_t w = 0, b = 0;
    for (std::size_t l = 1; l < c.count; ++l) {
        const span<float> W = net.weights(l), B = net.biases(l);
        for (std::size_t i = 0; i < W.size(); ++i) W[i] = float_of(c.W[w++]);
        for (std::size_t i = 0; i < B.size(); ++i) B[i] = float_of(c.b[b++]);
    }
    return status::ok;
}

}  // namespace

TEST_CASE("pcn: the spec's check vector (3-2-2-2, B = 2, T = 20, Adam)", "[pcn]") {
    static PCN<float, Layers<3, 2, 2, 2>, 2> net;
    REQUIRE(net.init_status() == status::ok);
    const float W1[] = {0.1f, -0.2f, 0.3f, 0.25f, -0.15f, 0.05f}, W2[] = {0.2f, -0.1f, 0.05f, 0.3f},
                W3[] = {0.25f, -0.3f, -0.2f, 0.15f};
    const float* W[] = {W1, W2, W3};
    for (std::size_t l = 1; l <= 3; ++l)
        for (std::size_t i = 0; i < net.weights(l).size(); ++i) net.weights(l)[i] = W[l - 1][i];
    const float x[] = {0.2f, 0.5f, 0.9f, 1.f, 0.f, 0.3f}, lab[] = {1.f, 0.f, 0.f, 1.f};
    float y[4] = {}, efe = 0.f;
    REQUIRE(net.process(x, lab, 2, true, y, &efe) == status::ok);
    auto near = [](float got, double want) {
        return std::fabs(got - want) <= 1e-6 * std::fabs(want) + 1e-12;
    };
    const double y1[] = {0.027574569, -0.080536455, 0.028592996, -0.081218235};
    for (int i = 0; i < 4; ++i) CHECK(near(y[i], y1[i]));
    CHECK(near(efe, -1.0535535));
    const double W3a[] = {0.25099999, -0.29900002, -0.19900002, 0.15099999},
                 b3a[] = {0.0009999933, 0.0009999934};
    for (int i = 0; i < 4; ++i) CHECK(near(net.weights(3)[i], W3a[i]));
    for (int i = 0; i < 2; ++i) CHECK(near(net.biases(3)[i], b3a[i]));
    CHECK(net.step_count() == 1.f);
    REQUIRE(net.process(x, lab, 2, true, y, &efe) == status::ok);
    const double y2[] = {0.029614797, -0.07840721, 0.030613659, -0.07908604};
    for (int i = 0; i < 4; ++i) CHECK(near(y[i], y2[i]));
    CHECK(near(efe, -1.0491654));
}

TEST_CASE("pcn: quirks: after step 1 e1 is exactly 0 and the top error is the label's drive", "[pcn]") {
    static PCN<float, Layers<3, 2, 2, 2>, 2> net;
    const float W1[] = {0.1f, -0.2f, 0.3f, 0.25f, -0.15f, 0.05f};
    for (std::size_t i = 0; i < 6; ++i) net.weights(1)[i] = W1[i];
    for (std::size_t i = 0; i < 4; ++i) net.weights(2)[i] = net.weights(3)[i] = 0.1f * float(i + 1);
    PCNSettings<float> s;
    s.steps = 1;
    REQUIRE(net.set_settings(s) == status::ok);
    const float x[] = {0.2f, 0.5f, 0.9f, 1.f, 0.f, 0.3f}, lab[] = {1.f, 0.f, 0.f, 1.f};
    float y[4] = {};
    REQUIRE(net.process(x, lab, 2, true, y) == status::ok);
    for (float v : net.error_cell(1).dmu()) CHECK(bits_of(v) == 0u);
    // z1 did not move in step 1 (e2 and e1 were 0): the prediction of layer 1 is the projection's.
    bool any = false;
    for (float v : net.error_cell(2).dmu()) any = any || v != 0.f;
    CHECK(any);
}

TEST_CASE("pcn: goldens of the NumPy reference, bit for bit; float64 within 1e-4", "[pcn]") {
    for (const pcn_case* c : pcn_cases) {
        INFO(c->name);
        static PCNView<float> net;
        REQUIRE(load(net, arena_a, *c) == status::ok);
        const std::size_t nx = c->batch * c->sizes[0], ny = c->batch * c->sizes[c->count - 1];
        const std::vector<float> x = floats(c->x, nx), lab = floats(c->lab, ny);
        std::vector<float> y(ny), ymu(ny);
        float efe[2] = {};
        REQUIRE(net.process({x.data(), nx}, {lab.data(), ny}, c->batch, true, {y.data(), ny}, &efe[0]) ==
                status::ok);
        CHECK(first_difference({y.data(), ny}, c->y1, ny) == ny);
        REQUIRE(net.process({x.data(), nx}, {lab.data(), ny}, c->batch, true, {y.data(), ny}, &efe[1],
                            {ymu.data(), ny}) == status::ok);
        CHECK(first_difference({y.data(), ny}, c->y2, ny) == ny);
        CHECK(first_difference({ymu.data(), ny}, c->ymu2, ny) == ny);
        CHECK(first_difference({efe, 2}, c->efe, 2) == 2);
        std::size_t w = 0, b = 0, k = 0;
        double worst = 0, scale = 1;
        for (std::size_t l = 1; l < c->count; ++l) {
            const span<const float> W = net.weights(l);
            CHECK(first_difference(W, c->W2 + w, W.size()) == W.size());
            for (std::size_t i = 0; i < W.size(); ++i, ++k) {
                worst = std::fmax(worst, std::fabs(W[i] - c->Wb64[k]));
                scale = std::fmax(scale, std::fabs(c->Wb64[k]));
            }
            w += W.size();
        }
        for (std::size_t l = 1; l < c->count; ++l) {
            const span<const float> B = net.biases(l);
            CHECK(first_difference(B, c->b2 + b, B.size()) == B.size());
            for (std::size_t i = 0; i < B.size(); ++i, ++k)
                worst = std::fmax(worst, std::fabs(B[i] - c->Wb64[k]));
            b += B.size();
        }
        CHECK(worst <= 1e-4 * scale);
        for (int i = 0; i < 2; ++i)
            CHECK(std::fabs(efe[i] - c->efe64[i]) <= 1e-4 * std::fmax(1.0, std::fabs(c->efe64[i])));
        // The projection alone (infer), batched and one row at a time: the same bits.
        REQUIRE(net.infer({x.data(), nx}, c->batch, {y.data(), ny}) == status::ok);
        CHECK(first_difference({y.data(), ny}, c->y3, ny) == ny);
        const std::size_t n0 = c->sizes[0], nL = c->sizes[c->count - 1];
        for (std::size_t r = 0; r < c->batch; ++r) {
            REQUIRE(net.infer({x.data() + r * n0, n0}, 1, {y.data(), nL}) == status::ok);
            CHECK(first_difference({y.data(), nL}, c->y3 + r * nL, nL) == nL);
        }
        // Without adapt: y_inf as infer's, nothing learned, EFE and y_mu 0.
        float e = 1.f;
        REQUIRE(net.process({x.data(), nx}, {lab.data(), ny}, c->batch, false, {y.data(), ny}, &e,
                            {ymu.data(), ny}) == status::ok);
        CHECK(first_difference({y.data(), ny}, c->y3, ny) == ny);
        CHECK(e == 0.f);
        CHECK(first_difference(net.weights(1), c->W2, net.weights(1).size()) == net.weights(1).size());
    }
}

TEST_CASE("pcn: PCNInference over const weights gives infer's bits", "[pcn]") {
    for (const pcn_case* c : pcn_cases) {
        INFO(c->name);
        const std::size_t L = c->count - 1;
        std::size_t nw = 0, nb = 0;
        for (std::size_t l = 1; l <= L; ++l) {
            nw += c->sizes[l - 1] * c->sizes[l];
            nb += c->sizes[l];
        }
        const std::vector<float> W = floats(c->W2, nw), b = floats(c->b2, nb);
        span<const float> ws[8], bs[8];
        std::size_t w = 0, k = 0;
        for (std::size_t l = 1; l <= L; ++l) {
            ws[l - 1] = {W.data() + w, c->sizes[l - 1] * c->sizes[l]};
            bs[l - 1] = {b.data() + k, c->sizes[l]};
            w += ws[l - 1].size();
            k += bs[l - 1].size();
        }
        static ngcrt::PCNInferenceView<float> net;
        REQUIRE(ngcrt::pcn_inference_arena_size<float>(c->sizes, c->count, c->batch) <= arena_capacity);
        REQUIRE(net.init({c->sizes, c->count}, c->batch, ws, bs, {arena_a, arena_capacity}) == status::ok);
        const std::size_t nx = c->batch * c->sizes[0], ny = c->batch * c->sizes[L];
        const std::vector<float> x = floats(c->x, nx);
        std::vector<float> y(ny);
        REQUIRE(net.infer({x.data(), nx}, c->batch, {y.data(), ny}) == status::ok);
        CHECK(first_difference({y.data(), ny}, c->y3, ny) == ny);
        CHECK(net.infer({x.data(), nx}, c->batch + 1, {y.data(), ny}) == status::invalid_batch_size);
        CHECK(net.infer({x.data(), nx - 1}, c->batch, {y.data(), ny}) == status::size_mismatch);
        bs[0] = {b.data(), c->sizes[1] - 1};
        static ngcrt::PCNInferenceView<float> bad;
        CHECK(bad.init({c->sizes, c->count}, c->batch, ws, bs, {arena_b, arena_capacity}) ==
              status::size_mismatch);
        CHECK_FALSE(bad.initialized());
    }
    // The fixed form over static const arrays (a firmware's flash).
    static const float W1[] = {0.1f, -0.2f, 0.3f, 0.25f, -0.15f, 0.05f}, W2[] = {0.2f, -0.1f, 0.05f, 0.3f},
                       W3[] = {0.25f, -0.3f, -0.2f, 0.15f}, b1[] = {0.f, 0.f}, b2[] = {0.f, 0.f},
                       b3[] = {0.f, 0.f};
    static ngcrt::PCNInference<float, Layers<3, 2, 2, 2>, 2> flash{{W1, W2, W3}, {b1, b2, b3}};
    REQUIRE(flash.init_status() == status::ok);
    const float x[] = {0.2f, 0.5f, 0.9f, 1.f, 0.f, 0.3f};
    float y[4] = {};
    REQUIRE(flash.infer(x, 2, y) == status::ok);
    const double want[] = {0.027574569, -0.080536455, 0.028592996, -0.081218235};
    for (int i = 0; i < 4; ++i) CHECK(std::fabs(y[i] - want[i]) <= 1e-6 * std::fabs(want[i]));
}

TEST_CASE("pcn: the digits model's fingerprint after 3 training batches (same bits on every target)",
          "[pcn]") {
    static PCN<float, Layers<64, 64, 64, 10>, 10> net;
    REQUIRE(net.init_status() == status::ok);
    std::size_t k = 0;
    for (std::size_t l = 1; l <= 3; ++l)
        for (float& w : net.weights(l)) w = float_of(digits_W[k++]);
    static float x[30 * 64], lab[30 * 10], y[10 * 10];
    for (std::size_t i = 0; i < 30 * 64; ++i) x[i] = float(digits_pixels[i]) / 16.f;
    for (std::size_t r = 0; r < 30; ++r) lab[r * 10 + digits_classes[r]] = 1.f;
    for (std::size_t batch = 0; batch < 3; ++batch) {
        float efe = 0;
        REQUIRE(net.process({x + batch * 640, 640}, {lab + batch * 100, 100}, 10, true, y, &efe) ==
                status::ok);
        CHECK(bits_of(efe) == digits_efe[batch]);
    }
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (std::size_t l = 1; l <= 3; ++l) h = fnv(h, net.weights(l));
    for (std::size_t l = 1; l <= 3; ++l) h = fnv(h, net.biases(l));
    CHECK(h == digits_fingerprint);
}

TEST_CASE("pcn: bad input returns a status and changes nothing", "[pcn][bad_input]") {
    const pcn_case& c = *pcn_cases[0];
    static PCNView<float> net, twin;
    REQUIRE(load(net, arena_a, c) == status::ok);
    REQUIRE(load(twin, arena_b, c) == status::ok);
    const std::size_t nx = c.batch * c.sizes[0], ny = c.batch * c.sizes[c.count - 1];
    const std::vector<float> x = floats(c.x, nx), lab = floats(c.lab, ny);
    std::vector<float> y(ny);
    // a first good call on both, so that the state is not the initial one
    REQUIRE(net.process({x.data(), nx}, {lab.data(), ny}, c.batch, true, {y.data(), ny}) == status::ok);
    REQUIRE(twin.process({x.data(), nx}, {lab.data(), ny}, c.batch, true, {y.data(), ny}) == status::ok);

    PCNSettings<float> bad;
    const PCNSettings<float> before = net.settings();
    bad.steps = 0;
    CHECK(net.set_settings(bad) == status::invalid_argument);
    for (float v : {0.f, -1.f, NAN, INFINITY}) {
        bad = before;
        bad.eta = v;
        CHECK(net.set_settings(bad) == status::invalid_argument);
        bad = before;
        bad.tau = v;
        CHECK(net.set_settings(bad) == status::invalid_argument);
        bad = before;
        bad.dt = v;
        CHECK(net.set_settings(bad) == status::invalid_argument);
    }
    CHECK(net.settings().steps == before.steps);
    CHECK(net.settings().eta == before.eta);
    CHECK(net.process({x.data(), nx}, {lab.data(), ny}, 0, true, {y.data(), ny}) ==
          status::invalid_batch_size);
    CHECK(net.process({x.data(), nx}, {lab.data(), ny}, c.batch + 1, true, {y.data(), ny}) ==
          status::invalid_batch_size);
    CHECK(net.process({nullptr, 0}, {lab.data(), ny}, c.batch, true, {y.data(), ny}) == status::null_buffer);
    CHECK(net.process({x.data(), nx - 1}, {lab.data(), ny}, c.batch, true, {y.data(), ny}) ==
          status::size_mismatch);
    CHECK(net.process({x.data(), nx}, {lab.data(), ny - 1}, c.batch, true, {y.data(), ny}) ==
          status::size_mismatch);
    CHECK(net.process({x.data(), nx}, {lab.data(), ny}, c.batch, true, {y.data(), ny - 1}) ==
          status::size_mismatch);
    CHECK(net.process({x.data(), nx}, {lab.data(), ny}, c.batch, true,
                      {const_cast<float*>(lab.data()), ny}) == status::overlapping_buffers);
    CHECK(net.infer({x.data(), nx}, 0, {y.data(), ny}) == status::invalid_batch_size);
    CHECK(net.infer({x.data(), nx}, c.batch, {nullptr, 0}) == status::null_buffer);
    // the same behaviour as the twin, which saw no bad input
    std::vector<float> y2(ny);
    float e1 = 0, e2 = 0;
    REQUIRE(net.process({x.data(), nx}, {lab.data(), ny}, c.batch, true, {y.data(), ny}, &e1) == status::ok);
    REQUIRE(twin.process({x.data(), nx}, {lab.data(), ny}, c.batch, true, {y2.data(), ny}, &e2) ==
            status::ok);
    CHECK(bits_of(e1) == bits_of(e2));
    for (std::size_t i = 0; i < ny; ++i) CHECK(bits_of(y[i]) == bits_of(y2[i]));
    for (std::size_t l = 1; l < c.count; ++l)
        for (std::size_t i = 0; i < net.weights(l).size(); ++i)
            CHECK(bits_of(net.weights(l)[i]) == bits_of(twin.weights(l)[i]));

    // init: bad sizes, optimizer, settings, arena; the view stays as it was
    const std::size_t two[] = {3, 2}, zero[] = {3, 0, 2}, nine[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    static PCNView<float> other;
    CHECK(other.init({{two, 2}, 1, Optimizer::adam}, {arena_b, arena_capacity}) == status::invalid_shape);
    CHECK(other.init({{zero, 3}, 1, Optimizer::adam}, {arena_b, arena_capacity}) == status::invalid_shape);
    CHECK(other.init({{nine, 10}, 1, Optimizer::adam}, {arena_b, arena_capacity}) == status::invalid_shape);
    CHECK(other.init({{c.sizes, c.count}, 0, Optimizer::adam}, {arena_b, arena_capacity}) ==
          status::invalid_batch_size);
    CHECK(other.init({{c.sizes, c.count}, 1, static_cast<Optimizer>(7)}, {arena_b, arena_capacity}) ==
          status::invalid_argument);
    bad = PCNSettings<float>{};
    bad.steps = 0;
    CHECK(other.init({{c.sizes, c.count}, 1, Optimizer::adam}, {arena_b, arena_capacity}, bad) ==
          status::invalid_argument);
    CHECK(other.init({{c.sizes, c.count}, 1, Optimizer::adam}, {nullptr, 0}) == status::null_buffer);
    CHECK(other.init({{c.sizes, c.count}, 1, Optimizer::adam}, {arena_b + 1, arena_capacity - 1}) ==
          status::misaligned_buffer);
    CHECK(other.init({{c.sizes, c.count}, 1, Optimizer::adam}, {arena_b, 16}) == status::size_mismatch);
    const std::size_t huge[] = {std::size_t(1) << (sizeof(std::size_t) * 8 - 2), 2, 2};
    CHECK(ngcrt::pcn_arena_size<float>(huge, 3, 1, Optimizer::adam) == 0);
    CHECK(other.init({{huge, 3}, 1, Optimizer::adam}, {arena_b, arena_capacity}) == status::size_mismatch);
    CHECK_FALSE(other.initialized());
    CHECK(other.process({x.data(), nx}, {lab.data(), ny}, 1, true, {y.data(), ny}) ==
          status::not_initialized);
}
