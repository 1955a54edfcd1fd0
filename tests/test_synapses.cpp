// DenseSynapse, StaticSynapse and HebbianSynapse (docs/spec/synapses.md), run once per kernel:
// the spec's regression vectors bit for bit; the products and evolve() (SGD, Adam, several
// steps) against fingerprints of the NumPy reference (tests/conformance/synapse_golden.inc,
// from tests/rate/rate_reference.py; [conformance]: the cross targets run these too); the
// transposed product against the forward product of a copy of W^T; pow(beta, t) and the
// square root against exact values; every bad input refused with nothing changed; reset,
// wiring and the three ownership forms.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include <ngcrt/ngcrt.hpp>

#include "math/ieee_sqrt.hpp"  // the software square root, tested against the hardware's
#include "support.hpp"

namespace {

using ngcrt::status;
using ngcrt_test::bits;

float f32(std::uint32_t b) {
    float v;
    std::memcpy(&v, &b, sizeof v);
    return v;
}
template <class T>
std::vector<std::uint64_t> bits_of(ngcrt::span<const T> s) {
    std::vector<std::uint64_t> out;
    for (T v : s) out.push_back(static_cast<std::uint64_t>(bits(v)));
    return out;
}
template <class T>
std::vector<std::uint64_t> bits_of(const std::vector<T>& v) {
    return bits_of(ngcrt::span<const T>(v.data(), v.size()));
}

// FNV-1a over each element's bits (tests/conformance/make_synapse_golden.py).
template <class T>
std::uint64_t fingerprint(ngcrt::span<const T> v) {
    std::uint64_t h = 0xCBF29CE484222325u;
    for (T x : v) h = (h ^ static_cast<std::uint64_t>(bits(x))) * 0x100000001B3u;
    return h;
}
template <class T>
std::uint64_t fingerprint(const std::vector<T>& v) {
    return fingerprint(ngcrt::span<const T>(v.data(), v.size()));
}

// The generator of make_synapse_golden.py (xorshift64*; exact values).
struct gen {
    std::uint64_t x;
    explicit gen(std::uint64_t seed) : x(seed ? seed : 1) {}
    std::uint64_t next() {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        return x * 0x2545F4914F6CDD1DULL;
    }
    double value(int e = 0) {
        const std::uint64_t r = next();
        const int s = static_cast<int>((r >> 8) % 5) - 2;
        return static_cast<double>(static_cast<std::int64_t>(r >> 40) - (1 << 23)) *
               std::ldexp(1.0, e - 23 + s);
    }
    template <class T>
    std::vector<T> values(std::size_t n, int e = 0) {
        std::vector<T> v(n);
        for (T& x : v) x = static_cast<T>(value(e));
        return v;
    }
    template <class T>
    std::vector<T> mask(std::size_t n) {
        std::vector<T> v(n);
        for (T& m : v) {
            const std::uint64_t r = next();
            m = (r >> 20) % 4 == 0 ? T(0) : static_cast<T>(0.5 + static_cast<double>(r >> 40) * 0x1p-24);
        }
        return v;
    }
};

struct product_case {
    std::size_t in, out, batch;
    bool transposed, masked, biases;
    double resist_scale;
    std::uint64_t f32, f64;
};
struct evolve_golden {
    int index;
    std::uint64_t f32[6], f64[6];  // weights, biases, dWeights, dBiases, m, v
};
struct pow_golden {
    std::uint32_t t, beta1_f32, beta2_f32;
    std::uint64_t beta1_f64, beta2_f64;
};
#include "conformance/synapse_golden.inc"

// A dense synapse over vectors (the view, every option).
template <class T>
struct dense_fixture {
    std::vector<T> inputs, outputs, weights, biases, mask;
    ngcrt::DenseSynapseView<T> view;
    dense_fixture(std::size_t in, std::size_t out, std::size_t batch, bool has_biases,
                  ngcrt::WeightLayout layout = ngcrt::WeightLayout::normal, T rs = T(1))
        : inputs(in * batch), outputs(out * batch), weights(in * out), biases(out), mask(in * out) {
        const ngcrt::dense_synapse_config cfg{in, out, batch,
                                              has_biases ? ngcrt::Biases::row : ngcrt::Biases::none, layout};
        REQUIRE(view.init(cfg, {inputs, outputs, weights, biases}, rs) == status::ok);
    }
};

// ---- the spec's regression vectors --------------------------------------------------------

TEST_CASE("synapses.md vector 1: Adam with the PCN's sign, two steps", "[synapse][regression]") {
    ngcrt::HebbianSettings<float> h;
    h.eta = 1e-3f;
    h.w_bound = 0.f;
    h.sign_value = -1.f;
    ngcrt::HebbianSynapse<float, ngcrt::Units<1>, ngcrt::Units<1>, 1, ngcrt::Optimizer::adam> W{h};
    REQUIRE(W.initialized());
    W.weights()[0] = 0.5f;
    W.pre()[0] = 1.f;
    W.post()[0] = 0.75f;
    REQUIRE(W.evolve() == status::ok);
    CHECK(bits(W.dWeights()[0]) == 0xbf400000u);
    CHECK(bits(W.first_moments()[0]) == 0xbd99999au);
    CHECK(bits(W.second_moments()[0]) == 0x3a1374bdu);
    CHECK(bits(W.weights()[0]) == 0x3f004189u);
    CHECK(W.step_count() == 1.f);
    REQUIRE(W.evolve() == status::ok);
    CHECK(bits(W.first_moments()[0]) == 0xbe11eb86u);
    CHECK(bits(W.second_moments()[0]) == 0x3a9361ddu);
    CHECK(bits(W.weights()[0]) == 0x3f008312u);
    // The bias corrections of the two steps.
    float c1 = 0, c2 = 0;
    ngcrt::detail::adam_corrections(1.f, c1, c2);
    CHECK(bits(c1) == 0x3dccccd0u);
    CHECK(bits(c2) == 0x3a831200u);
    CHECK(bits(ngcrt::detail::adam_power(f32(0x3f666666), 2.f)) == 0x3f4f5c28u);
    CHECK(bits(ngcrt::detail::adam_power(f32(0x3f7fbe77), 2.f)) == 0x3f7f7cffu);
}

TEST_CASE("synapses.md vector 2: SGD", "[synapse][regression]") {
    ngcrt::HebbianSettings<float> h;
    h.eta = 1e-3f;
    h.w_bound = 0.f;
    h.sign_value = -1.f;
    ngcrt::HebbianSynapse<float, ngcrt::Units<1>, ngcrt::Units<1>> W{h};
    W.weights()[0] = 0.5f;
    W.pre()[0] = 1.f;
    W.post()[0] = 0.75f;
    REQUIRE(W.evolve() == status::ok);
    CHECK(bits(W.weights()[0]) == 0x3f003127u);
    CHECK(W.step_count() == 1.f);  // SGD counts too (nothing reads it)
}

TEST_CASE("synapses.md vector 3: the order of the sum, forward and transposed", "[synapse][regression]") {
    dense_fixture<float> d(3, 2, 1, true);
    const float w[] = {16777216.f, 0.5f, 1.f, 0.25f, -16777216.f, 0.125f};
    std::copy(std::begin(w), std::end(w), d.weights.begin());
    d.view.biases()[0] = 0.f;
    d.view.biases()[1] = -1.f;
    for (float& x : d.view.inputs()) x = 1.f;
    REQUIRE(d.view.advance_state() == status::ok);
    CHECK(d.view.outputs()[0] == 0.f);
    CHECK(d.view.outputs()[1] == -0.125f);
    // e @ W^T along a row of W, in increasing column order: [[1, 1, 1]] @ [[2^24, 1, -2^24]]^T = 0.
    const float row[] = {16777216.f, 1.f, -16777216.f};
    std::vector<float> e{1.f, 1.f, 1.f}, y(1);
    ngcrt::DenseSynapseView<float> fb;
    REQUIRE(fb.init({3, 1, 1, ngcrt::Biases::none, ngcrt::WeightLayout::transposed},
                    {e, y, ngcrt::span<const float>(row, 3), {}}) == status::ok);
    REQUIRE(fb.bind_inputs(ngcrt::span<const float>(e.data(), 3)) == status::ok);
    REQUIRE(fb.advance_state() == status::ok);
    CHECK(fb.outputs()[0] == 0.f);
}

template <class View>
void hebbian_vector(View& h, bool learned_bias) {
    const float pre[] = {1, 2, 3, 4}, post[] = {0.5f, -1, 0.25f, 2}, w[] = {0.5f, -0.5f, 0, 0.25f};
    std::copy(std::begin(w), std::end(w), h.weights().begin());
    if (learned_bias) {
        h.biases()[0] = 0.1f;
        h.biases()[1] = 0.2f;
    }
    std::copy(std::begin(pre), std::end(pre), h.pre().begin());
    std::copy(std::begin(post), std::end(post), h.post().begin());
    REQUIRE(h.evolve() == status::ok);
}

TEST_CASE("synapses.md vector 4: Hebbian evolve, every step", "[synapse][regression]") {
    ngcrt::HebbianSettings<float> s;
    s.eta = 0.5f;
    s.w_bound = 1.f;
    s.prior = ngcrt::WeightPrior::l2;
    s.prior_lambda = 0.1f;
    ngcrt::HebbianSynapse<float, ngcrt::Units<2>, ngcrt::Units<2>, 2> h{s, ngcrt::Biases::row};
    hebbian_vector(h, true);
    CHECK(bits_of(h.dWeights()) ==
          std::vector<std::uint64_t>{0x3f133333, 0x40233333, 0x40000000, 0x408f3333});
    CHECK(h.dBiases()[0] == 0.75f);
    CHECK(h.dBiases()[1] == 1.f);
    CHECK(bits_of(ngcrt::span<const float>(h.weights())) ==
          std::vector<std::uint64_t>{0x3e59999a, 0xbf800000, 0xbf800000, 0xbf800000});
    CHECK(bits_of(ngcrt::span<const float>(h.biases())) ==
          std::vector<std::uint64_t>{0xbe8ccccd, 0xbe99999a});
}

TEST_CASE("synapses.md vector 5: the PCN's settings", "[synapse][regression]") {
    ngcrt::HebbianSettings<float> s;
    s.eta = 0.1f;
    s.w_bound = 0.f;
    s.sign_value = -1.f;
    ngcrt::HebbianSynapse<float, ngcrt::Units<2>, ngcrt::Units<2>, 2> h{s, ngcrt::Biases::row};
    hebbian_vector(h, true);
    const float dw[] = {-1.25f, -5.f, -2.f, -6.f};
    for (int i = 0; i < 4; ++i) CHECK(h.dWeights()[i] == dw[i]);
    CHECK(h.dBiases()[0] == -0.75f);
    CHECK(h.dBiases()[1] == -1.f);
    CHECK(bits_of(ngcrt::span<const float>(h.weights())) ==
          std::vector<std::uint64_t>{0x3f200000, 0x00000000, 0x3e4ccccd, 0x3f59999a});
    CHECK(bits_of(ngcrt::span<const float>(h.biases())) ==
          std::vector<std::uint64_t>{0x3e333334, 0x3e99999a});
}

TEST_CASE("synapse rules beyond the vectors (the reference's --check)", "[synapse][regression]") {
    SECTION("no biases: Adam steps the weights only, the biases stay the scalar 0") {
        ngcrt::HebbianSettings<float> s;
        s.eta = 0.5f;
        ngcrt::HebbianSynapse<float, ngcrt::Units<2>, ngcrt::Units<2>, 2, ngcrt::Optimizer::adam> h{s};
        hebbian_vector(h, false);
        CHECK(h.biases().empty());
        CHECK(h.first_moments().size() == 4);
        CHECK(h.dBiases().size() == 2);
        CHECK(h.dBiases()[0] == 0.75f);
    }
    SECTION("a default synapse (eta 0) never learns") {
        ngcrt::HebbianSynapse<float, ngcrt::Units<2>, ngcrt::Units<2>, 2> h;
        hebbian_vector(h, false);
        const float w[] = {0.5f, -0.5f, 0, 0.25f};
        for (int i = 0; i < 4; ++i) CHECK(bits(h.weights()[i]) == bits(w[i]));
    }
    SECTION("is_nonnegative clips to [0, w_bound]") {
        ngcrt::HebbianSettings<float> s;
        s.eta = 1.f;
        s.w_bound = 0.3f;
        s.is_nonnegative = true;
        ngcrt::HebbianSynapse<float, ngcrt::Units<2>, ngcrt::Units<2>, 2> h{s};
        const float pre[] = {1, 2, 3, 4}, post[] = {-0.5f, 1, -0.25f, -2}, w[] = {0.5f, -0.5f, 0.2f, 0.25f};
        std::copy(std::begin(w), std::end(w), h.weights().begin());
        std::copy(std::begin(pre), std::end(pre), h.pre().begin());
        std::copy(std::begin(post), std::end(post), h.post().begin());
        REQUIRE(h.evolve() == status::ok);
        for (float v : h.weights()) {
            CHECK(v >= 0.f);
            CHECK(v <= 0.3f);
        }
    }
    SECTION("prior names") {
        const std::pair<const char*, ngcrt::WeightPrior> names[] = {
            {"Gaussian", ngcrt::WeightPrior::l2},
            {"ridge", ngcrt::WeightPrior::l2},
            {"l2", ngcrt::WeightPrior::l2},
            {"LAPLACIAN", ngcrt::WeightPrior::l1},
            {"lasso", ngcrt::WeightPrior::l1},
            {"l1", ngcrt::WeightPrior::l1},
            {"elastic_net", ngcrt::WeightPrior::elastic_net},
            {"l1l2", ngcrt::WeightPrior::elastic_net},
            {"constant", ngcrt::WeightPrior::none},
            {nullptr, ngcrt::WeightPrior::none}};
        for (const auto& [name, kind] : names) {
            ngcrt::WeightPrior p = ngcrt::WeightPrior::elastic_net == kind ? ngcrt::WeightPrior::none
                                                                           : ngcrt::WeightPrior::elastic_net;
            CHECK(ngcrt::weight_prior_from_name(name, p) == status::ok);
            CHECK(p == kind);
        }
        ngcrt::WeightPrior p = ngcrt::WeightPrior::l1;
        CHECK(ngcrt::weight_prior_from_name("L2", p) == status::invalid_argument);  // ngclearn: silently none
        CHECK(ngcrt::weight_prior_from_name("Ridge", p) == status::invalid_argument);
        CHECK(ngcrt::weight_prior_from_name("student-t", p) == status::invalid_argument);
        CHECK(p == ngcrt::WeightPrior::l1);
    }
    SECTION("optimizer names: nag refused") {
        ngcrt::Optimizer o = ngcrt::Optimizer::sgd;
        CHECK(ngcrt::optimizer_from_name("adam", o) == status::ok);
        CHECK(o == ngcrt::Optimizer::adam);
        CHECK(ngcrt::optimizer_from_name("sgd", o) == status::ok);
        CHECK(o == ngcrt::Optimizer::sgd);
        CHECK(ngcrt::optimizer_from_name("nag", o) == status::invalid_argument);
        CHECK(ngcrt::optimizer_from_name("Adam", o) == status::invalid_argument);
        CHECK(ngcrt::optimizer_from_name(nullptr, o) == status::invalid_argument);
        CHECK(o == ngcrt::Optimizer::sgd);
    }
    SECTION("w_decay > 0 replaces the prior by (l2, w_decay)") {
        ngcrt::HebbianSettings<float> a, b;
        a.eta = b.eta = 0.5f;
        a.prior = ngcrt::WeightPrior::l1;
        a.prior_lambda = 0.3f;
        a.w_decay = 0.2f;
        b.prior = ngcrt::WeightPrior::l2;
        b.prior_lambda = 0.2f;
        ngcrt::HebbianSynapse<float, ngcrt::Units<2>, ngcrt::Units<2>, 2> ha{a}, hb{b};
        hebbian_vector(ha, false);
        hebbian_vector(hb, false);
        CHECK(bits_of(ha.dWeights()) == bits_of(hb.dWeights()));
    }
    SECTION("the elastic net's k = float32(1 - l1_ratio) from double") {
        ngcrt::HebbianSettings<float> s;
        s.eta = 0.5f;
        s.w_bound = 0.f;
        s.prior = ngcrt::WeightPrior::elastic_net;
        s.prior_lambda = 0.2f;
        s.l1_ratio = 0.3;
        ngcrt::HebbianSynapse<float, ngcrt::Units<2>, ngcrt::Units<2>, 2> h{s};
        hebbian_vector(h, false);
        const float w[] = {0.5f, -0.5f, 0, 0.25f}, hebb[] = {1.25f, 5.f, 2.f, 6.f};
        const float k = static_cast<float>(1.0 - 0.3);
        for (int i = 0; i < 4; ++i) {
            const float sg = w[i] > 0 ? 1.f : w[i] < 0 ? -1.f : w[i];
            const float r = (((-sg) * 0.3f) - ((w[i] * k) * 0.5f)) * 0.2f;
            CHECK(bits(h.dWeights()[i]) == bits(hebb[i] + r));
        }
    }
}

// ---- the products against the reference ---------------------------------------------------

template <class T>
void check_product(const product_case& c, std::size_t index) {
    gen g(0x5EED0000u + index);
    const std::vector<T> x = g.values<T>(c.batch * c.in), w = g.values<T>(c.in * c.out, -2);
    const std::vector<T> m = c.masked ? g.mask<T>(c.in * c.out) : std::vector<T>{};
    const std::vector<T> b = c.biases ? g.values<T>(c.out) : std::vector<T>{};
    INFO("in " << c.in << " out " << c.out << " batch " << c.batch << (c.transposed ? " transposed" : "")
               << (c.masked ? " masked" : "") << (c.biases ? " biases" : "") << " resist_scale "
               << c.resist_scale << " " << (sizeof(T) == 4 ? "float" : "double") << " on "
               << ngcrt::to_string(ngcrt::active_kernel()));
    dense_fixture<T> d(c.in, c.out, c.batch, c.biases,
                       c.transposed ? ngcrt::WeightLayout::transposed : ngcrt::WeightLayout::normal,
                       static_cast<T>(c.resist_scale));
    std::copy(w.begin(), w.end(), d.weights.begin());
    std::copy(x.begin(), x.end(), d.view.inputs().begin());
    std::copy(b.begin(), b.end(), d.view.biases().begin());
    if (c.masked) REQUIRE(d.view.bind_mask(ngcrt::span<const T>(m.data(), m.size())) == status::ok);
    REQUIRE(d.view.advance_state() == status::ok);
    CHECK(fingerprint(d.view.outputs()) == (sizeof(T) == 4 ? c.f32 : c.f64));
}

TEST_CASE("products equal the reference's bits (every size, layout, mask, bias, scale)",
          "[synapse][conformance]") {
    REQUIRE(sizeof(product_cases) / sizeof(product_cases[0]) == 150);
    for (std::size_t i = 0; i < sizeof(product_cases) / sizeof(product_cases[0]); ++i) {
        check_product<float>(product_cases[i], i);
        check_product<double>(product_cases[i], i);
    }
}

template <class T>
void transposed_equals_forward_of_copy(std::size_t in, std::size_t out, std::size_t batch, bool masked) {
    gen g(in * 1000 + out * 10 + batch);
    // Stored W^T is (out, in); the copy is W = (in, out).
    const std::vector<T> stored = g.values<T>(in * out), x = g.values<T>(batch * in);
    const std::vector<T> m = g.mask<T>(in * out);
    std::vector<T> copy(in * out), mcopy(in * out);
    for (std::size_t i = 0; i < in; ++i)
        for (std::size_t o = 0; o < out; ++o) {
            copy[i * out + o] = stored[o * in + i];
            mcopy[i * out + o] = m[o * in + i];
        }
    std::vector<T> xa = x, xb = x, ya(batch * out), yb(batch * out);
    ngcrt::DenseSynapseView<T> a, b;
    REQUIRE(a.init({in, out, batch, ngcrt::Biases::none, ngcrt::WeightLayout::transposed},
                   {xa, ya, stored, {}}) == status::ok);
    REQUIRE(b.init({in, out, batch}, {xb, yb, copy, {}}) == status::ok);
    if (masked) {
        REQUIRE(a.bind_mask(ngcrt::span<const T>(m.data(), m.size())) == status::ok);
        REQUIRE(b.bind_mask(ngcrt::span<const T>(mcopy.data(), mcopy.size())) == status::ok);
    }
    REQUIRE(a.advance_state() == status::ok);
    REQUIRE(b.advance_state() == status::ok);
    INFO("in " << in << " out " << out << " batch " << batch << (masked ? " masked" : ""));
    CHECK(ngcrt_test::first_bit_difference(ya.data(), yb.data(), ya.size()) == -1);
}

TEST_CASE("the transposed product equals the forward product of a copy of W^T, bit for bit",
          "[synapse][conformance]") {
    for (std::size_t in : {1, 3, 4, 5, 16, 17, 33, 64, 100})
        for (std::size_t out : {1, 2, 3, 16, 17, 64, 100})
            for (std::size_t batch : {1, 2, 5, 7}) {
                transposed_equals_forward_of_copy<float>(in, out, batch, false);
                transposed_equals_forward_of_copy<float>(in, out, batch, (in + out) % 2 == 0);
                transposed_equals_forward_of_copy<double>(in, out, batch, batch == 2);
            }
}

// ---- evolve against the reference --------------------------------------------------------------

struct evolve_case {
    std::size_t in, out, batch;
    ngcrt::Optimizer optimizer;
    bool biases, masked;
    int steps;
};
// make_synapse_golden.py's EVOLVE_CASES, and their settings.
const evolve_case evolve_cases[] = {{3, 17, 2, ngcrt::Optimizer::sgd, false, false, 3},
                                    {17, 3, 5, ngcrt::Optimizer::adam, true, false, 5},
                                    {64, 17, 5, ngcrt::Optimizer::adam, true, true, 4},
                                    {3, 3, 1, ngcrt::Optimizer::sgd, true, false, 3},
                                    {100, 64, 2, ngcrt::Optimizer::adam, false, false, 3},
                                    {1, 1, 1, ngcrt::Optimizer::adam, true, false, 200}};
template <class T>
ngcrt::HebbianSettings<T> evolve_settings(int index) {
    ngcrt::HebbianSettings<T> s;
    switch (index) {
        case 0:
            s.eta = T(0.125);
            s.w_bound = T(1);
            s.prior = ngcrt::WeightPrior::l2;
            s.prior_lambda = T(0.01);
            break;
        case 1:
            s.eta = T(1e-3);
            s.w_bound = T(0);
            s.sign_value = T(-1);
            break;
        case 2:
            s.eta = T(0.01);
            s.w_bound = T(2);
            s.is_nonnegative = true;
            s.prior = ngcrt::WeightPrior::l1;
            s.prior_lambda = T(0.05);
            break;
        case 3:
            s.eta = T(0.5);
            s.w_bound = T(0);
            s.prior = ngcrt::WeightPrior::elastic_net;
            s.prior_lambda = T(0.2);
            s.l1_ratio = 0.3;
            s.pre_wght = T(0.5);
            s.post_wght = T(2);
            break;
        case 4:
            s.eta = T(2e-3);
            s.w_bound = T(0.5);
            s.w_decay = T(0.02);
            s.sign_value = T(-1);
            break;
        default:
            s.eta = T(1e-3);
            s.w_bound = T(0);
            break;
    }
    return s;
}

// A HebbianSynapseView over vectors.
template <class T>
struct hebbian_fixture {
    std::vector<T> inputs, outputs, weights, biases, pre, post, dw, db, m, v;
    ngcrt::HebbianSynapseView<T> view;
    hebbian_fixture(const evolve_case& c, const ngcrt::HebbianSettings<T>& s, bool keep_dw = true)
        : inputs(c.in * c.batch), outputs(c.out * c.batch), weights(c.in * c.out), biases(c.out),
          pre(c.in * c.batch), post(c.out * c.batch), dw(c.in * c.out), db(c.out), m(c.in * c.out + c.out),
          v(c.in * c.out + c.out) {
        const ngcrt::hebbian_synapse_config cfg{
            c.in, c.out, c.batch, c.biases ? ngcrt::Biases::row : ngcrt::Biases::none, c.optimizer};
        REQUIRE(view.init(cfg,
                          {inputs, outputs, weights, biases, pre, post,
                           keep_dw ? ngcrt::span<T>(dw) : ngcrt::span<T>{}, db, m, v},
                          s) == status::ok);
    }
};

template <class T>
std::vector<std::uint64_t> run_evolve_case(int index, std::vector<T>* mask_storage = nullptr,
                                           bool keep_dw = true) {
    const evolve_case& c = evolve_cases[index];
    gen g(0xE70E0000u + static_cast<std::uint64_t>(index));
    const std::vector<T> w = g.values<T>(c.in * c.out, -1);
    const std::vector<T> b = c.biases ? g.values<T>(c.out, -2) : std::vector<T>{};
    std::vector<T> local_mask = c.masked ? g.mask<T>(c.in * c.out) : std::vector<T>{};
    std::vector<T>& mask = mask_storage != nullptr ? *mask_storage : local_mask;
    if (mask_storage != nullptr) mask = local_mask;
    hebbian_fixture<T> h(c, evolve_settings<T>(index), keep_dw);
    REQUIRE(h.view.keeps_dWeights() == keep_dw);
    std::copy(w.begin(), w.end(), h.view.weights().begin());
    std::copy(b.begin(), b.end(), h.view.biases().begin());
    if (c.masked) REQUIRE(h.view.bind_mask(ngcrt::span<const T>(mask.data(), mask.size())) == status::ok);
    for (int step = 0; step < c.steps; ++step) {
        const std::vector<T> pre = g.values<T>(c.batch * c.in), post = g.values<T>(c.batch * c.out, -1);
        std::copy(pre.begin(), pre.end(), h.view.pre().begin());
        std::copy(post.begin(), post.end(), h.view.post().begin());
        REQUIRE(h.view.evolve() == status::ok);
    }
    return {fingerprint(ngcrt::span<const T>(h.view.weights())),
            fingerprint(ngcrt::span<const T>(h.view.biases())),
            fingerprint(h.view.dWeights()),
            fingerprint(h.view.dBiases()),
            fingerprint(ngcrt::span<const T>(h.view.first_moments())),
            fingerprint(ngcrt::span<const T>(h.view.second_moments()))};
}

TEST_CASE("a Hebbian update with SGD and Adam equals the reference's bits over several steps",
          "[synapse][conformance][hebbian]") {
    for (const evolve_golden& e : evolve_goldens) {
        INFO("evolve case " << e.index << " on " << ngcrt::to_string(ngcrt::active_kernel()));
        const std::vector<std::uint64_t> f = run_evolve_case<float>(e.index);
        const std::vector<std::uint64_t> d = run_evolve_case<double>(e.index);
        const char* names[] = {"weights", "biases", "dWeights", "dBiases", "m", "v"};
        for (int i = 0; i < 6; ++i) {
            INFO(names[i]);
            CHECK(f[static_cast<std::size_t>(i)] == e.f32[i]);
            CHECK(d[static_cast<std::size_t>(i)] == e.f64[i]);
        }
        // Without a kept dW (evolve segment by segment): the same weights, biases, db and moments.
        const std::vector<std::uint64_t> g = run_evolve_case<float>(e.index, nullptr, false);
        const std::vector<std::uint64_t> gd = run_evolve_case<double>(e.index, nullptr, false);
        for (int i : {0, 1, 3, 4, 5}) {
            INFO(names[i] << " (dWeights not kept)");
            CHECK(g[static_cast<std::size_t>(i)] == e.f32[i]);
            CHECK(gd[static_cast<std::size_t>(i)] == e.f64[i]);
        }
    }
}

TEST_CASE("pow(beta, t) is the exactly rounded power (Adam's betas, t to 20000)", "[synapse][conformance]") {
    const float b1 = f32(0x3f666666), b2 = f32(0x3f7fbe77);
    for (const pow_golden& p : pow_goldens) {
        INFO("t = " << p.t);
        const float t = static_cast<float>(p.t);
        CHECK(bits(ngcrt::detail::adam_power(b1, t)) == p.beta1_f32);
        CHECK(bits(ngcrt::detail::adam_power(b2, t)) == p.beta2_f32);
        CHECK(bits(ngcrt::detail::adam_power(0.9, static_cast<double>(p.t))) == p.beta1_f64);
        CHECK(bits(ngcrt::detail::adam_power(0.999, static_cast<double>(p.t))) == p.beta2_f64);
    }
    CHECK(ngcrt::detail::adam_power(b1, 0.f) == 1.f);
    CHECK(ngcrt::detail::adam_power(b2, 16777216.f) == 0.f);  // the float counter's ceiling
}

TEST_CASE("the square root is IEEE's, in the library and in software", "[synapse]") {
    std::mt19937_64 r(7);
    const int n = ngcrt_test::max_elements < 1000000 ? 20000 : 200000;  // bare metal: fewer
    for (int i = 0; i < n; ++i) {
        const std::uint32_t u = static_cast<std::uint32_t>(r()) & 0x7fffffffu;  // positive, any exponent
        const float x = f32(u);
        if (std::isnan(x)) continue;
        const float want = std::sqrt(x);
        REQUIRE(bits(ngcrt::detail::ieee_sqrt(x)) == bits(want));
        REQUIRE(bits(ngcrt::detail::software_sqrt(x)) == bits(want));
        std::uint64_t ud = r() & 0x7fffffffffffffffULL;
        double xd;
        std::memcpy(&xd, &ud, sizeof xd);
        if (std::isnan(xd)) continue;
        REQUIRE(bits(ngcrt::detail::ieee_sqrt(xd)) == bits(std::sqrt(xd)));
        REQUIRE(bits(ngcrt::detail::software_sqrt(xd)) == bits(std::sqrt(xd)));
    }
    for (float x :
         {0.f, -0.f, std::numeric_limits<float>::infinity(), std::numeric_limits<float>::denorm_min(),
          std::numeric_limits<float>::max(), 1.f, 2.f, 0.5625f}) {
        CHECK(bits(ngcrt::detail::software_sqrt(x)) == bits(std::sqrt(x)));
    }
    CHECK(std::isnan(ngcrt::detail::software_sqrt(-1.f)));
    CHECK(std::isnan(ngcrt::detail::software_sqrt(-1.0)));
}

// ---- ownership forms, reset, wiring ---------------------------------------------------------

// Weights in read-only storage: forward and transposed products with no copy of them.
static const float flash_weights[3 * 4] = {0.5f,  -1.f, 0.25f, 2.f,  1.5f,   0.f,
                                           -0.5f, 1.f,  3.f,   -2.f, 0.125f, 4.f};

TEST_CASE("StaticSynapse over a static const array: forward and transposed", "[synapse]") {
    ngcrt::StaticSynapse<float, ngcrt::Units<3>, ngcrt::Units<4>, 2, ngcrt::WeightStorage::caller> fwd{
        flash_weights};
    ngcrt::StaticSynapse<float, ngcrt::Units<4>, ngcrt::Units<3>, 2, ngcrt::WeightStorage::caller> back{
        flash_weights, ngcrt::WeightLayout::transposed};
    REQUIRE(fwd.initialized());
    REQUIRE(back.initialized());
    CHECK(fwd.weights_read_only());
    CHECK(std::as_const(fwd).weights().data() == flash_weights);  // read in place: no copy
    CHECK(ngcrt::span<float>(fwd.weights()).empty());
    const float x[] = {1.f, 2.f, -1.f, 0.5f, 0.25f, 4.f};
    std::copy(std::begin(x), std::end(x), fwd.inputs().begin());
    REQUIRE(fwd.advance_state() == status::ok);
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t o = 0; o < 4; ++o) {
            float acc = 0.f;
            for (std::size_t i = 0; i < 3; ++i) acc = acc + x[b * 3 + i] * flash_weights[i * 4 + o];
            CHECK(bits(fwd.outputs()[b * 4 + o]) == bits(acc));
        }
    const float e[] = {1.f, -1.f, 0.5f, 2.f, 0.f, 1.f, 1.f, -0.25f};
    std::copy(std::begin(e), std::end(e), back.inputs().begin());
    REQUIRE(back.advance_state() == status::ok);
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t i = 0; i < 3; ++i) {
            float acc = 0.f;
            for (std::size_t o = 0; o < 4; ++o) acc = acc + e[b * 4 + o] * flash_weights[i * 4 + o];
            CHECK(bits(back.outputs()[b * 3 + i]) == bits(acc));
        }
    // A span of the wrong size: not initialised, every call says so.
    ngcrt::StaticSynapse<float, ngcrt::Units<3>, ngcrt::Units<4>, 1, ngcrt::WeightStorage::caller> bad{
        ngcrt::span<const float>(flash_weights, 11)};
    CHECK_FALSE(bad.initialized());
    CHECK(bad.advance_state() == status::not_initialized);
}

TEST_CASE("a feedback synapse over a HebbianSynapse's weights follows its learning", "[synapse]") {
    ngcrt::HebbianSettings<float> s;
    s.eta = 0.1f;
    s.w_bound = 0.f;
    ngcrt::HebbianSynapse<float, ngcrt::Units<5>, ngcrt::Units<3>, 2> W{s};
    ngcrt::StaticSynapse<float, ngcrt::Units<3>, ngcrt::Units<5>, 2, ngcrt::WeightStorage::caller> E{
        W.weights(), ngcrt::WeightLayout::transposed};
    gen g(3);
    const auto w = g.values<float>(15);
    std::copy(w.begin(), w.end(), W.weights().begin());
    for (float& v : W.pre()) v = static_cast<float>(g.value());
    for (float& v : W.post()) v = static_cast<float>(g.value());
    REQUIRE(W.evolve() == status::ok);
    for (float& v : E.inputs()) v = static_cast<float>(g.value());
    REQUIRE(E.advance_state() == status::ok);
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t i = 0; i < 5; ++i) {
            float acc = 0.f;
            for (std::size_t o = 0; o < 3; ++o) acc = acc + E.inputs()[b * 3 + o] * W.weights()[i * 3 + o];
            CHECK(bits(E.outputs()[b * 5 + i]) == bits(acc));
        }
}

TEST_CASE("fixed-capacity synapses equal their views bit for bit", "[synapse]") {
    ngcrt::HebbianSettings<float> s = evolve_settings<float>(2);
    const evolve_case& c = evolve_cases[2];
    std::vector<float> mask;
    const std::vector<std::uint64_t> view_bits = run_evolve_case<float>(2, &mask);
    ngcrt::HebbianSynapse<float, ngcrt::Units<64>, ngcrt::Units<17>, 5, ngcrt::Optimizer::adam> h{
        s, ngcrt::Biases::row};
    gen g(0xE70E0002u);
    const auto w = g.values<float>(c.in * c.out, -1);
    const auto b = g.values<float>(c.out, -2);
    (void)g.mask<float>(c.in * c.out);
    std::copy(w.begin(), w.end(), h.weights().begin());
    std::copy(b.begin(), b.end(), h.biases().begin());
    REQUIRE(h.bind_mask(ngcrt::span<const float>(mask.data(), mask.size())) == status::ok);
    for (int step = 0; step < c.steps; ++step) {
        const auto pre = g.values<float>(c.batch * c.in), post = g.values<float>(c.batch * c.out, -1);
        std::copy(pre.begin(), pre.end(), h.pre().begin());
        std::copy(post.begin(), post.end(), h.post().begin());
        REQUIRE(h.evolve() == status::ok);
    }
    CHECK(fingerprint(ngcrt::span<const float>(h.weights())) == view_bits[0]);
    CHECK(fingerprint(ngcrt::span<const float>(h.biases())) == view_bits[1]);
    CHECK(fingerprint(ngcrt::span<const float>(h.first_moments())) == view_bits[4]);
    CHECK(fingerprint(ngcrt::span<const float>(h.second_moments())) == view_bits[5]);
}

TEST_CASE("reset keeps the weights, biases, mask and Adam's state; wiring reads in place", "[synapse]") {
    const evolve_case& c = evolve_cases[1];
    const ngcrt::HebbianSettings<float> s = evolve_settings<float>(1);
    hebbian_fixture<float> a(c, s), b(c, s);
    gen g(11);
    const auto w = g.values<float>(c.in * c.out);
    std::copy(w.begin(), w.end(), a.view.weights().begin());
    std::copy(w.begin(), w.end(), b.view.weights().begin());
    std::vector<float> pre_source(c.batch * c.in), post_source(c.batch * c.out);
    REQUIRE(b.view.bind_pre(ngcrt::span<const float>(pre_source.data(), pre_source.size())) == status::ok);
    REQUIRE(b.view.bind_post(ngcrt::span<const float>(post_source.data(), post_source.size())) == status::ok);
    CHECK(b.view.pre().empty());
    CHECK(b.view.pre_targeted());
    for (int step = 0; step < 4; ++step) {
        for (float& v : pre_source) v = static_cast<float>(g.value());
        for (float& v : post_source) v = static_cast<float>(g.value());
        std::copy(pre_source.begin(), pre_source.end(), a.view.pre().begin());
        std::copy(post_source.begin(), post_source.end(), a.view.post().begin());
        REQUIRE(a.view.evolve() == status::ok);
        REQUIRE(b.view.evolve() == status::ok);
        if (step == 1) {
            REQUIRE(b.view.reset() == status::ok);  // wired pre/post are not reset
            CHECK(b.view.dWeights()[0] == 0.f);
            CHECK(b.view.step_count() == 2.f);
            CHECK(a.view.pre()[0] != 0.f);
            REQUIRE(a.view.reset() == status::ok);  // a's own pre/post become zeros
            CHECK(a.view.pre()[0] == 0.f);
        }
    }
    CHECK(bits_of(ngcrt::span<const float>(a.view.weights())) ==
          bits_of(ngcrt::span<const float>(b.view.weights())));
    CHECK(bits_of(ngcrt::span<const float>(a.view.first_moments())) ==
          bits_of(ngcrt::span<const float>(b.view.first_moments())));
    CHECK(a.view.step_count() == 4.f);
    // The dense part: bind_inputs reads in place, equal to writing inputs().
    std::vector<float> src(c.batch * c.in);
    for (float& v : src) v = static_cast<float>(g.value());
    std::copy(src.begin(), src.end(), a.view.inputs().begin());
    REQUIRE(b.view.bind_inputs(ngcrt::span<const float>(src.data(), src.size())) == status::ok);
    REQUIRE(a.view.advance_state() == status::ok);
    REQUIRE(b.view.advance_state() == status::ok);
    CHECK(bits_of(a.view.outputs()) == bits_of(b.view.outputs()));
    b.view.unbind_inputs();
    CHECK(b.view.inputs().size() == c.batch * c.in);
}

TEST_CASE("batched_reset changes the active batch", "[synapse]") {
    dense_fixture<float> d(4, 3, 5, false);
    for (float& w : d.weights) w = 1.f;
    REQUIRE(d.view.batched_reset(2) == status::ok);
    CHECK(d.view.inputs().size() == 8);
    CHECK(d.view.outputs().size() == 6);
    for (float& x : d.view.inputs()) x = 1.f;
    REQUIRE(d.view.advance_state() == status::ok);
    for (float y : d.view.outputs()) CHECK(y == 4.f);
    CHECK(d.outputs[6] == 0.f);  // the third row is not computed
}

TEST_CASE("a scaled product without biases adds ngclearn's scalar 0 (-0 becomes +0)", "[synapse]") {
    dense_fixture<float> d(1, 2, 1, false, ngcrt::WeightLayout::normal, -1.f);
    d.weights[0] = 0.f;
    d.weights[1] = 0x1p-100f;
    d.view.inputs()[0] = 0x1p-100f;  // 2^-200 * -1 underflows to -0
    REQUIRE(d.view.advance_state() == status::ok);
    CHECK(bits(d.view.outputs()[0]) == 0u);
    CHECK(bits(d.view.outputs()[1]) == 0u);
}

// ---- bad input ------------------------------------------------------------------------------

TEST_CASE("bad input to a DenseSynapseView is refused and changes nothing", "[synapse][bad_input]") {
    // One pool, so that overlapping spans are legal pointers: inputs [0, 6), outputs [6, 10),
    // weights [10, 16), biases [16, 18).
    std::vector<float> pool(20, 7.f);
    float* const p = pool.data();
    ngcrt::span<float> x(p, 6), y(p + 6, 4), b(p + 16, 2);
    ngcrt::span<const float> w(p + 10, 6);
    const std::vector<float> snapshot = pool;
    ngcrt::DenseSynapseView<float> v;
    using cfg = ngcrt::dense_synapse_config;
    const ngcrt::dense_synapse_buffers<float> ok{x, y, w, b};
    CHECK(v.init(cfg{0, 2, 2}, ok) == status::invalid_shape);
    CHECK(v.init(cfg{3, 0, 2}, ok) == status::invalid_shape);
    CHECK(v.init(cfg{3, 2, 0}, ok) == status::invalid_batch_size);
    CHECK(v.init(cfg{3, 2, 3}, ok) == status::size_mismatch);  // inputs too short for 3 rows
    CHECK(v.init(cfg{std::numeric_limits<std::size_t>::max() / 2, 4, 1}, ok) == status::size_mismatch);
    CHECK(v.init(cfg{3, 2, 2, static_cast<ngcrt::Biases>(7)}, ok) == status::invalid_argument);
    CHECK(v.init(cfg{3, 2, 2, ngcrt::Biases::none, static_cast<ngcrt::WeightLayout>(9)}, ok) ==
          status::invalid_argument);
    CHECK(v.init(cfg{3, 2, 2, ngcrt::Biases::row}, {x, y, w, {}}) == status::null_buffer);
    CHECK(v.init(cfg{3, 2, 2}, {x, {}, w, {}}) == status::null_buffer);
    CHECK(v.init(cfg{3, 2, 2}, {x, y, ngcrt::span<const float>(p + 10, 5), {}}) == status::size_mismatch);
    CHECK(v.init(cfg{3, 2, 2},
                 {x,
                  y,
                  ngcrt::span<const float>(
                      reinterpret_cast<const float*>(reinterpret_cast<const char*>(p + 10) + 1), 6),
                  {}}) == status::misaligned_buffer);
    CHECK(v.init(cfg{3, 2, 2}, {x, ngcrt::span<float>(p + 2, 4), w, {}}) == status::overlapping_buffers);
    CHECK(v.init(cfg{3, 2, 2, ngcrt::Biases::row}, {x, y, w, ngcrt::span<float>(p + 14, 2)}) ==
          status::overlapping_buffers);
    CHECK(v.init(cfg{3, 2, 2}, ok, std::numeric_limits<float>::quiet_NaN()) == status::invalid_argument);
    CHECK(v.init(cfg{3, 2, 2}, ok, std::numeric_limits<float>::infinity()) == status::invalid_argument);
    CHECK_FALSE(v.initialized());
    CHECK(v.advance_state() == status::not_initialized);
    CHECK(v.reset() == status::not_initialized);
    CHECK(v.bind_inputs(ngcrt::span<const float>(p, 6)) == status::not_initialized);
    CHECK(v.set_resist_scale(2.f) == status::not_initialized);
    CHECK(pool == snapshot);

    REQUIRE(v.init(cfg{3, 2, 2, ngcrt::Biases::row}, ok) == status::ok);
    for (float& i : v.inputs()) i = 1.f;
    const std::vector<float> inited = pool;
    std::vector<float> src(6, 1.f), mask(6, 1.f);
    CHECK(v.batched_reset(0) == status::invalid_batch_size);
    CHECK(v.batched_reset(3) == status::invalid_batch_size);
    CHECK(v.bind_inputs(ngcrt::span<const float>(src.data(), 5)) == status::size_mismatch);
    CHECK(v.bind_inputs(ngcrt::span<const float>(nullptr, 6)) == status::null_buffer);
    CHECK(v.bind_inputs(ngcrt::span<const float>(p + 4, 6)) == status::overlapping_buffers);  // outputs
    CHECK(v.bind_mask(ngcrt::span<const float>(mask.data(), 5)) == status::size_mismatch);
    CHECK(v.bind_mask(ngcrt::span<const float>(p + 14, 6)) == status::overlapping_buffers);  // biases
    CHECK(v.set_resist_scale(-std::numeric_limits<float>::infinity()) == status::invalid_argument);
    CHECK(v.resist_scale() == 1.f);
    CHECK_FALSE(v.inputs_targeted());
    CHECK(v.mask().empty());
    CHECK(pool == inited);
    // A wired input of the wrong size for the new batch: reset refused.
    REQUIRE(v.bind_inputs(ngcrt::span<const float>(src.data(), 6)) == status::ok);
    CHECK(v.batched_reset(1) == status::size_mismatch);
    CHECK(v.batch_size() == 2);
    // The read-only weights may be read by another synapse or be the mask's neighbour: a bound
    // mask over the (read-only) weights is allowed.
    CHECK(v.bind_mask(w) == status::ok);
}

TEST_CASE("bad input to a HebbianSynapseView is refused and changes nothing", "[synapse][bad_input]") {
    const evolve_case c{3, 2, 2, ngcrt::Optimizer::adam, true, false, 1};
    ngcrt::HebbianSettings<float> good;
    good.eta = 0.1f;
    hebbian_fixture<float> h(c, good);
    for (float& w : h.view.weights()) w = 0.5f;
    for (float& p : h.view.pre()) p = 1.f;
    for (float& p : h.view.post()) p = 1.f;
    const auto state = [&] {
        return std::vector<std::vector<float>>{h.weights, h.biases, h.dw, h.db, h.m, h.v, h.pre, h.post};
    };
    const auto before = state();
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    auto refused = [&](auto change) {
        ngcrt::HebbianSettings<float> s = good;
        change(s);
        return h.view.set_settings(s) == status::invalid_argument;
    };
    CHECK(refused([&](auto& s) { s.eta = -1e-3f; }));
    CHECK(refused([&](auto& s) { s.eta = nan; }));
    CHECK(refused([&](auto& s) { s.eta = inf; }));
    CHECK(refused([&](auto& s) { s.w_bound = -1.f; }));
    CHECK(refused([&](auto& s) { s.w_bound = inf; }));
    CHECK(refused([&](auto& s) { s.prior_lambda = nan; }));
    CHECK(refused([&](auto& s) { s.l1_ratio = std::numeric_limits<double>::infinity(); }));
    CHECK(refused([&](auto& s) { s.w_decay = nan; }));
    CHECK(refused([&](auto& s) { s.sign_value = inf; }));
    CHECK(refused([&](auto& s) { s.pre_wght = nan; }));
    CHECK(refused([&](auto& s) { s.post_wght = -inf; }));
    CHECK(refused([&](auto& s) { s.resist_scale = nan; }));
    CHECK(refused([&](auto& s) { s.prior = static_cast<ngcrt::WeightPrior>(9); }));
    CHECK(h.view.settings().eta == 0.1f);
    CHECK(h.view.set_step_count(-1.f) == status::invalid_argument);
    CHECK(h.view.set_step_count(1.5f) == status::invalid_argument);
    CHECK(h.view.step_count() == 0.f);
    CHECK(h.view.bind_pre(ngcrt::span<const float>(h.dw.data(), 6)) == status::overlapping_buffers);
    CHECK(h.view.bind_post(ngcrt::span<const float>(h.m.data(), 4)) == status::overlapping_buffers);
    CHECK(h.view.bind_pre(ngcrt::span<const float>(h.inputs.data(), 5)) == status::size_mismatch);
    CHECK(state() == before);

    // init: an unknown optimizer, short moments, overlapping buffers, refused settings.
    ngcrt::HebbianSynapseView<float> v;
    auto& f = h;
    ngcrt::hebbian_synapse_buffers<float> buf{f.inputs, f.outputs, f.weights, f.biases, f.pre,
                                              f.post,   f.dw,      f.db,      f.m,      f.v};
    ngcrt::hebbian_synapse_config cfg{3, 2, 2, ngcrt::Biases::row, static_cast<ngcrt::Optimizer>(2)};
    CHECK(v.init(cfg, buf, good) == status::invalid_argument);
    cfg.optimizer = ngcrt::Optimizer::adam;
    auto short_m = buf;
    short_m.first_moments = ngcrt::span<float>(f.m.data(), 7);
    CHECK(v.init(cfg, short_m, good) == status::size_mismatch);
    auto overlap = buf;
    overlap.dBiases = ngcrt::span<float>(f.dw.data() + 4, 2);
    CHECK(v.init(cfg, overlap, good) == status::overlapping_buffers);
    ngcrt::HebbianSettings<float> bad = good;
    bad.eta = -1.f;
    CHECK(v.init(cfg, buf, bad) == status::invalid_argument);
    CHECK_FALSE(v.initialized());
    CHECK(v.evolve() == status::not_initialized);
    CHECK(state() == before);

    // A fixed synapse constructed with refused settings: defaults, and evolve() says so.
    ngcrt::HebbianSettings<float> nan_eta;
    nan_eta.eta = nan;
    ngcrt::HebbianSynapse<float, ngcrt::Units<2>, ngcrt::Units<2>> fixed{nan_eta};
    REQUIRE(fixed.initialized());
    CHECK(fixed.evolve() == status::invalid_argument);
    CHECK(fixed.advance_state() == status::invalid_argument);
    CHECK(fixed.settings().eta == 0.f);
    CHECK(fixed.set_settings(good) == status::ok);
    CHECK(fixed.evolve() == status::ok);
}

TEST_CASE("inputs, pre and post may be wired only (no buffer of their own)", "[synapse]") {
    std::vector<float> y(4), w(6, 0.5f), x(6, 1.f), dw(6), db(2), pre(6, 1.f), post(4, 1.f);
    ngcrt::DenseSynapseView<float> d;
    REQUIRE(d.init({3, 2, 2}, {{}, y, w, {}}) == status::ok);
    CHECK(d.inputs().empty());
    CHECK(d.advance_state() == status::null_buffer);
    CHECK(d.reset() == status::ok);
    REQUIRE(d.bind_inputs(ngcrt::span<const float>(x.data(), x.size())) == status::ok);
    REQUIRE(d.advance_state() == status::ok);
    for (float v : d.outputs()) CHECK(v == 1.5f);

    ngcrt::HebbianSettings<float> s;
    s.eta = 0.25f;
    s.w_bound = 0.f;
    std::vector<float> hy(4), hw(6, 0.5f);
    ngcrt::HebbianSynapseView<float> h;
    REQUIRE(h.init({3, 2, 2}, {{}, hy, hw, {}, {}, {}, {}, db, {}, {}}, s) == status::ok);
    CHECK_FALSE(h.keeps_dWeights());
    CHECK(h.dWeights().empty());
    CHECK(h.evolve() == status::null_buffer);
    CHECK(hw[0] == 0.5f);
    REQUIRE(h.bind_pre(ngcrt::span<const float>(pre.data(), pre.size())) == status::ok);
    CHECK(h.evolve() == status::null_buffer);
    REQUIRE(h.bind_post(ngcrt::span<const float>(post.data(), post.size())) == status::ok);
    REQUIRE(h.evolve() == status::ok);
    for (float v : hw) CHECK(v == 0.5f - 2.f * 0.25f);  // dW = 2 (two batch rows of 1 * 1)
    CHECK(h.dBiases()[0] == 2.f);
}

// A 64-64-64-10 network learning with Adam at batch 10 (issue 25) on a 128 KiB Cortex-M4F:
// the synapses' state is their weights, biases, Adam's moments, dBiases and outputs; with
// dWeights not kept and inputs, pre and post wired to the neurons' buffers that is all the
// RAM they take: 28428 floats (111 KiB), carved here out of one arena.
TEST_CASE("a 64-64-64-10 Adam network's synapses need 111 KiB without dWeights", "[synapse]") {
    using layer64 =
        ngcrt::HebbianSynapse<float, ngcrt::Units<64>, ngcrt::Units<64>, 10, ngcrt::Optimizer::adam,
                              ngcrt::WeightStorage::inside, ngcrt::UpdateStorage::not_kept>;
    using kept64 =
        ngcrt::HebbianSynapse<float, ngcrt::Units<64>, ngcrt::Units<64>, 10, ngcrt::Optimizer::adam>;
    // dWeights' 64 * 64 floats less the padding after the empty member left in its place.
    CHECK(sizeof(kept64) - sizeof(layer64) + ngcrt::simd_alignment >= 64 * 64 * sizeof(float));
    const std::size_t shapes[3][2] = {{64, 64}, {64, 64}, {64, 10}};
    const std::size_t batch = 10;
    std::size_t need = 0;
    for (const auto& sh : shapes) need += 3 * (sh[0] * sh[1] + sh[1]) + sh[1] + batch * sh[1];
    CHECK(need == 28428);
    CHECK(need * sizeof(float) <= 111 * 1024 + 64);
    std::vector<float> arena(need), activity(batch * 64, 0.5f);
    float* p = arena.data();
    auto take = [&p](std::size_t n) {
        ngcrt::span<float> s(p, n);
        p += n;
        return s;
    };
    ngcrt::HebbianSettings<float> s;
    s.eta = 1e-3f;
    s.w_bound = 0.f;
    ngcrt::HebbianSynapseView<float> layers[3];
    for (int l = 0; l < 3; ++l) {
        const std::size_t in = shapes[l][0], out = shapes[l][1];
        ngcrt::hebbian_synapse_buffers<float> b{};
        b.outputs = take(batch * out);
        b.weights = take(in * out);
        b.biases = take(out);
        b.dBiases = take(out);
        b.first_moments = take(in * out + out);
        b.second_moments = take(in * out + out);
        REQUIRE(layers[l].init({in, out, batch, ngcrt::Biases::row, ngcrt::Optimizer::adam}, b, s) ==
                status::ok);
        REQUIRE(layers[l].bind_inputs(ngcrt::span<const float>(activity.data(), batch * in)) == status::ok);
        REQUIRE(layers[l].bind_pre(ngcrt::span<const float>(activity.data(), batch * in)) == status::ok);
        REQUIRE(layers[l].bind_post(ngcrt::span<const float>(activity.data(), batch * out)) == status::ok);
        REQUIRE(layers[l].advance_state() == status::ok);
        REQUIRE(layers[l].evolve() == status::ok);
        // Adam's first step moves by about eta against dW > 0 (9.99987e-4: the float32 correction).
        CHECK(layers[l].weights()[0] < -0.999e-3f);
        CHECK(layers[l].weights()[0] > -1.001e-3f);
    }
    CHECK(p == arena.data() + arena.size());
}

TEST_CASE("help() describes the synapses in ngclearn's structure", "[synapse]") {
    char buf[2048];
    const std::size_t n = ngcrt::write_help_json(ngcrt::DenseSynapseView<float>::help(), buf, sizeof buf);
    REQUIRE(n < sizeof buf);
    const std::string s(buf);
    CHECK(s.find("\"DenseSynapse\"") != std::string::npos);
    CHECK(s.find("\"inputs\"") != std::string::npos);
    CHECK(s.find("\"resist_scale\"") != std::string::npos);
    const std::size_t m = ngcrt::write_help_json(ngcrt::HebbianSynapseView<double>::help(), buf, sizeof buf);
    REQUIRE(m < sizeof buf);
    const std::string t(buf);
    CHECK(t.find("\"HebbianSynapse\"") != std::string::npos);
    CHECK(t.find("\"dWeights\"") != std::string::npos);
    CHECK(t.find("\"optim_type\"") != std::string::npos);
}

}  // namespace
