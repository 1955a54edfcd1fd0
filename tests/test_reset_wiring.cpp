// reset(), batched_reset(b) and wiring ("targeted" compartments).
#include <catch2/catch.hpp>

#include <initializer_list>
#include <utility>

#include "support.hpp"

using ngcrt::slot;
using ngcrt::status;

namespace {
using cell_t = ngcrt::GaussianErrorCell<float, ngcrt::Units<40>, 4>;

void fill_everything(cell_t& c, float v) {
    for (float& x : c.mu()) x = v;
    for (float& x : c.target()) x = -v;
    for (float& x : c.modulator()) x = 2 * v;
    for (float& x : c.mask()) x = 0.5f;
}

// 1, 0, 1, 0, ...
void span_fill_alternating(ngcrt::span<float> s) {
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = i % 2 == 0 ? 1.f : 0.f;
}

template <class S>
bool all_equal(const S& s, float v) {
    for (float x : s)
        if (ngcrt_test::bits(x) != ngcrt_test::bits(v)) return false;
    return true;
}
}  // namespace

TEST_CASE("a new cell is in ngclearn's initial state", "[reset]") {
    cell_t c{3.f};
    const cell_t& k = c;
    CHECK(c.batch_size() == 4);
    CHECK(c.max_batch() == 4);
    CHECK(c.units() == 40);
    CHECK(k.mu().size() == 160);
    CHECK(all_equal(k.mu(), 0.f));
    CHECK(all_equal(k.target(), 0.f));
    CHECK(all_equal(k.modulator(), 1.f));
    CHECK(all_equal(k.mask(), 1.f));
    CHECK(all_equal(k.dmu(), 0.f));
    CHECK(all_equal(k.dtarget(), 0.f));
    CHECK(all_equal(k.dSigma(), 0.f));
    CHECK(k.Sigma().size() == 1);
    CHECK(k.Sigma()[0] == 3.f);
    CHECK(k.L() == 0.f);
    for (slot in : {slot::prediction, slot::target, slot::parameter, slot::modulator, slot::mask})
        CHECK_FALSE(c.targeted(in));
}

TEST_CASE("batched_reset sets the batch size and restores every resettable compartment", "[reset]") {
    cell_t c;
    fill_everything(c, 1.5f);
    REQUIRE(c.set_Sigma(2.f) == status::ok);
    REQUIRE(c.advance_state(1.f) == status::ok);
    REQUIRE(c.L() != 0.f);
    REQUIRE(c.batched_reset(3) == status::ok);
    const cell_t& k = c;
    CHECK(c.batch_size() == 3);
    CHECK(k.mu().size() == 120);
    CHECK(k.dmu().size() == 120);
    CHECK(all_equal(k.mu(), 0.f));
    CHECK(all_equal(k.target(), 0.f));
    CHECK(all_equal(k.modulator(), 1.f));
    CHECK(all_equal(k.mask(), 1.f));
    CHECK(all_equal(k.dmu(), 0.f));
    CHECK(all_equal(k.dtarget(), 0.f));
    CHECK(all_equal(k.dSigma(), 0.f));
    CHECK(k.L() == 0.f);
    CHECK(k.Sigma()[0] == 2.f);  // Sigma is never reset

    // reset() is batched_reset(current batch size).
    fill_everything(c, 4.f);
    REQUIRE(c.advance_state(1.f) == status::ok);
    REQUIRE(c.reset() == status::ok);
    CHECK(c.batch_size() == 3);
    CHECK(all_equal(k.mu(), 0.f));
    CHECK(all_equal(k.modulator(), 1.f));
    CHECK(all_equal(k.dtarget(), 0.f));
    CHECK(k.L() == 0.f);
}

TEST_CASE("the mask gates one step only; the modulator persists", "[reset]") {
    cell_t c;
    REQUIRE(c.batched_reset(1) == status::ok);
    for (float& x : c.target()) x = 1.f;
    for (float& x : c.mask()) x = 0.f;
    for (float& x : c.modulator()) x = 3.f;
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(all_equal(std::as_const(c).dmu(), 0.f));   // masked
    CHECK(all_equal(std::as_const(c).mask(), 1.f));  // eaten
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(all_equal(std::as_const(c).dmu(), 3.f));  // modulator still applies
    CHECK(all_equal(std::as_const(c).modulator(), 3.f));
}

TEST_CASE("wired inputs are read in place, never written, never reset", "[wiring]") {
    cell_t c;
    REQUIRE(c.batched_reset(2) == status::ok);
    std::vector<float> mu(80, 0.25f), target(80, 1.f), mod(80, 2.f), mask(80, 0.f), sigma(1, 4.f);
    for (std::size_t i = 0; i < 80; i += 2) mask[i] = 1.f;
    // (ngclearn's names: bind_mu is bind(slot::prediction, ...), and so on.)
    REQUIRE(c.bind_mu({mu.data(), mu.size()}) == status::ok);
    REQUIRE(c.bind_target({target.data(), target.size()}) == status::ok);
    REQUIRE(c.bind_modulator({mod.data(), mod.size()}) == status::ok);
    REQUIRE(c.bind_mask({mask.data(), mask.size()}) == status::ok);
    REQUIRE(c.bind_Sigma({sigma.data(), 1}) == status::ok);
    for (slot in : {slot::prediction, slot::target, slot::parameter, slot::modulator, slot::mask})
        CHECK(c.targeted(in));
    CHECK((c.mu_targeted() && c.target_targeted() && c.modulator_targeted() && c.mask_targeted() &&
           c.Sigma_targeted()));
    // No writable storage while wired; reads see the source.
    CHECK(c.mu().empty());
    CHECK(c.mask().empty());
    CHECK(c.Sigma().empty());
    CHECK(std::as_const(c).mu().data() == mu.data());
    CHECK(c.set_Sigma(1.f) != status::ok);

    const auto before = std::make_tuple(mu, target, mod, mask, sigma);
    for (int step = 0; step < 3; ++step) {
        REQUIRE(c.advance_state(1.f) == status::ok);
        for (std::size_t i = 0; i < 80; ++i) {
            const float expect = i % 2 == 0 ? (0.75f * (1.f / 4.f)) * 2.f : 0.f;
            REQUIRE(c.dmu()[i] == expect);
        }
        CHECK(before == std::make_tuple(mu, target, mod, mask, sigma));  // wired mask not eaten
    }
    // The source changes; the cell sees it at the next step (zero copy).
    mu[0] = 1.f;
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(c.dmu()[0] == 0.f);

    REQUIRE(c.reset() == status::ok);
    CHECK(mu[0] == 1.f);
    CHECK(target == std::vector<float>(80, 1.f));
    CHECK(mod == std::vector<float>(80, 2.f));
    CHECK(all_equal(c.dmu(), 0.f));

    // A wired buffer must match the new batch size: size_mismatch, nothing changes.
    CHECK(c.batched_reset(3) == status::size_mismatch);
    CHECK(c.batch_size() == 2);

    // Unbinding restores the cell's own storage, which was left alone while wired.
    c.unbind_mu();
    c.unbind_target();
    c.unbind_modulator();
    c.unbind_mask();
    c.unbind_Sigma();
    for (slot in : {slot::prediction, slot::target, slot::parameter, slot::modulator, slot::mask})
        CHECK_FALSE(c.targeted(in));
    CHECK(std::as_const(c).mu().data() != mu.data());
    CHECK(all_equal(std::as_const(c).mu(), 0.f));
    CHECK(std::as_const(c).Sigma()[0] == 1.f);
    REQUIRE(c.batched_reset(3) == status::ok);
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(all_equal(c.dmu(), 0.f));
}

TEST_CASE("a wired Sigma is checked at every step", "[wiring]") {
    cell_t c;
    float sigma = 2.f;
    REQUIRE(c.bind(slot::parameter, {&sigma, 1}) == status::ok);
    REQUIRE(c.advance_state(1.f) == status::ok);
    sigma = -1.f;
    CHECK(c.advance_state(1.f) == status::invalid_sigma);
    CHECK(c.validate() == status::invalid_sigma);
    sigma = 0.5f;
    CHECK(c.advance_state(1.f) == status::ok);
}

TEST_CASE("write access to modulator/mask is what makes a step read them", "[flags]") {
    // The step skips a modulator/mask known to hold ones; any write access must be honoured.
    cell_t c;
    REQUIRE(c.batched_reset(1) == status::ok);
    for (float& x : c.target()) x = 1.f;
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(all_equal(c.dmu(), 1.f));
    c.modulator()[7] = 5.f;
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(c.dmu()[7] == 5.f);
    REQUIRE(c.advance_state(1.f) == status::ok);  // the modulator persists across steps
    CHECK(c.dmu()[7] == 5.f);
    c.mask()[3] = 0.f;
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(c.dmu()[3] == 0.f);
    REQUIRE(c.advance_state(1.f) == status::ok);  // eaten
    CHECK(c.dmu()[3] == 1.f);
    REQUIRE(c.reset() == status::ok);
    for (float& x : c.target()) x = 1.f;
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(c.dmu()[7] == 1.f);  // reset restored ones
}

TEST_CASE("copies are independent cells", "[api]") {
    cell_t a{2.f};
    REQUIRE(a.batched_reset(2) == status::ok);
    a.target()[0] = 1.f;
    a.modulator()[0] = 3.f;
    cell_t b = a;
    CHECK(std::as_const(b).mu().data() != std::as_const(a).mu().data());
    CHECK(b.batch_size() == 2);
    REQUIRE(b.advance_state(1.f) == status::ok);
    CHECK(b.dmu()[0] == 1.5f);
    CHECK(a.dmu()[0] == 0.f);  // a untouched
    a = b;
    CHECK(a.dmu()[0] == 1.5f);
    CHECK(std::as_const(a).dmu().data() != std::as_const(b).dmu().data());
}

TEST_CASE("steps and resets never touch the capacity beyond the active batch", "[guard]") {
    // The fixed cell's arrays hold MaxBatch samples; with batch 1 active, samples 2..4 are
    // a guard region: mark them, then step and reset.
    cell_t c;
    REQUIRE(c.batched_reset(1) == status::ok);
    float* regions[] = {c.mu().data(),
                        c.target().data(),
                        c.modulator().data(),
                        c.mask().data(),
                        const_cast<float*>(c.dmu().data()),
                        const_cast<float*>(c.dtarget().data())};
    for (float* p : regions)
        for (std::size_t i = 40; i < 160; ++i) p[i] = -77.f;
    for (float& x : c.target()) x = 2.f;
    for (float& x : c.mask()) x = 0.5f;
    for (float& x : c.modulator()) x = 3.f;
    for (int step = 0; step < 3; ++step) REQUIRE(c.advance_state(1.f) == status::ok);
    REQUIRE(c.reset() == status::ok);
    REQUIRE(c.advance_state(1.f) == status::ok);
    for (float* p : regions)
        for (std::size_t i = 40; i < 160; ++i) REQUIRE(p[i] == -77.f);
}

TEST_CASE("a copy is an independent cell: own storage, same values, state and wiring", "[reset][wiring]") {
    // Exact values: e = target - mu = 1, d = e * (1/2) = 0.5, dmu = (d * 2) * mask.
    cell_t a{2.f};
    REQUIRE(a.batched_reset(2) == status::ok);
    for (float& x : a.target()) x = 1.f;
    for (float& x : a.modulator()) x = 2.f;
    span_fill_alternating(a.mask());  // write access pending: the next step reads and eats it
    std::vector<float> wired_mu(80, 0.f);
    REQUIRE(a.bind(slot::prediction, {wired_mu.data(), wired_mu.size()}) == status::ok);

    const cell_t b = a;  // copy construction
    cell_t c{5.f};
    c = a;  // copy assignment over a cell of another state
    for (const cell_t* k : std::initializer_list<const cell_t*>{&b, &c}) {
        CHECK(k->batch_size() == 2);
        CHECK(k->targeted(slot::prediction));
        CHECK(std::as_const(*k).mu().data() == wired_mu.data());                       // the wiring follows
        CHECK(std::as_const(*k).target().data() != std::as_const(a).target().data());  // storage does not
        CHECK(k->Sigma()[0] == 2.f);
    }

    cell_t b2 = b;
    REQUIRE(b2.advance_state(1.f) == status::ok);
    REQUIRE(c.advance_state(1.f) == status::ok);
    for (cell_t* k : {&b2, &c}) {
        for (std::size_t i = 0; i < 80; ++i) REQUIRE(k->dmu()[i] == (i % 2 == 0 ? 1.f : 0.f));
        CHECK(k->L() == -80.f * (1.f / ((2.f * 2.f) * 2.f)));
        CHECK(all_equal(std::as_const(*k).mask(), 1.f));  // its own mask was eaten
    }
    // The original was not stepped through its copies: outputs still zeros, mask not eaten.
    CHECK(all_equal(a.dmu(), 0.f));
    CHECK(std::as_const(a).mask()[1] == 0.f);
    REQUIRE(a.advance_state(1.f) == status::ok);
    for (std::size_t i = 0; i < 80; ++i)
        REQUIRE(ngcrt_test::bits(a.dmu()[i]) == ngcrt_test::bits(c.dmu()[i]));
}
