// Every bad input gets a status and leaves the state unchanged (bitwise, whole capacity).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "support.hpp"

using ngcrt::slot;
using ngcrt::status;

namespace {

constexpr float inf = std::numeric_limits<float>::infinity();
const float qnan = std::nanf("");
const float bad_sigmas[] = {0.f, -0.f, -1.f, -inf, inf, qnan, -qnan};

struct fixture {
    ngcrt_test::owned_buffers<float> ob{4 * 10, 10};
    ngcrt::GaussianErrorCellView<float> cell;
    fixture() {
        REQUIRE(cell.init({ngcrt::shape::dense(10), 4, ngcrt::SigmaShape::per_unit,
                           ngcrt::Convention::ngclearn_3_2},
                          ob.buffers(), 1.5f) == status::ok);
        REQUIRE(cell.batched_reset(2) == status::ok);
        ngcrt_test::rng r(1);
        for (float& x : cell.mu()) x = static_cast<float>(r.uniform(-1, 1));
        for (float& x : cell.target()) x = static_cast<float>(r.uniform(-1, 1));
        for (float& x : cell.modulator()) x = 2.f;
        REQUIRE(cell.advance_state(1.f) == status::ok);
        for (float& x : cell.mask()) x = 0.f;
    }
    struct snapshot {
        std::vector<std::vector<float>> data;
        std::size_t batch;
        float L;
        bool targeted[5];
        bool operator==(const snapshot& o) const {
            if (batch != o.batch || ngcrt_test::bits(L) != ngcrt_test::bits(o.L)) return false;
            for (int i = 0; i < 5; ++i)
                if (targeted[i] != o.targeted[i]) return false;
            for (std::size_t i = 0; i < data.size(); ++i)
                if (ngcrt_test::first_bit_difference(data[i].data(), o.data[i].data(), data[i].size()) != -1)
                    return false;
            return true;
        }
    };
    snapshot take() {
        snapshot s{{ob.mu, ob.target, ob.modulator, ob.mask, ob.Sigma, ob.dSigma, ob.dmu, ob.dtarget},
                   cell.batch_size(),
                   cell.L(),
                   {}};
        for (int i = 0; i < 5; ++i) s.targeted[i] = cell.targeted(static_cast<slot>(i));
        return s;
    }
};

}  // namespace

TEST_CASE("a non-positive or non-finite Sigma is rejected and changes nothing", "[bad-input]") {
    fixture f;
    for (float bad : bad_sigmas) {
        INFO("sigma " << bad);
        const auto before = f.take();
        CHECK(f.cell.set_Sigma(bad) == status::invalid_sigma);
        CHECK(f.take() == before);
        // Written through the Sigma() view: the next step rejects it before writing anything.
        std::vector<float> sig(10, 1.f);
        sig[7] = bad;
        CHECK(f.cell.set_Sigma(ngcrt::span<const float>(sig.data(), sig.size())) == status::invalid_sigma);
        CHECK(f.take() == before);
        const float saved = f.cell.Sigma()[7];
        f.cell.Sigma()[7] = bad;
        const auto with_bad_sigma = f.take();
        CHECK(f.cell.advance_state(1.f) == status::invalid_sigma);
        CHECK(f.cell.validate() == status::invalid_sigma);
        CHECK(f.take() == with_bad_sigma);
        f.cell.Sigma()[7] = saved;
        CHECK(f.cell.validate() == status::ok);
    }
    // Wrong number of values.
    std::vector<float> three(3, 1.f);
    CHECK(f.cell.set_Sigma(ngcrt::span<const float>(three.data(), 3)) == status::size_mismatch);
}

TEST_CASE("a fixed cell constructed with a bad sigma refuses to step", "[bad-input]") {
    for (float bad : bad_sigmas) {
        ngcrt::GaussianErrorCell<float, ngcrt::Units<8>> c{bad};
        CHECK(c.validate() == status::invalid_sigma);
        CHECK(c.advance_state(1.f) == status::invalid_sigma);
        CHECK(c.L() == 0.f);
        CHECK(c.dSigma()[0] == 0.f);  // untouched
        REQUIRE(c.set_Sigma(1.f) == status::ok);
        CHECK(c.advance_state(1.f) == status::ok);
    }
}

TEST_CASE("batch size 0 or above capacity is rejected and changes nothing", "[bad-input]") {
    fixture f;
    const auto before = f.take();
    for (std::size_t b : {std::size_t(0), std::size_t(5), std::size_t(1000), std::size_t(-1)}) {
        INFO("batch " << b);
        CHECK(f.cell.batched_reset(b) == status::invalid_batch_size);
        CHECK(f.take() == before);
    }
    ngcrt::GaussianErrorCell<double, ngcrt::Units<2, 3, 4>, 2> c;
    CHECK(c.batched_reset(3) == status::invalid_batch_size);
    CHECK(c.batch_size() == 2);
}

TEST_CASE("wiring a wrong buffer is rejected and changes nothing", "[bad-input]") {
    fixture f;
    std::vector<float> buf(100, 1.f);
    const auto before = f.take();
    for (slot in : {slot::prediction, slot::target, slot::modulator, slot::mask, slot::parameter}) {
        INFO("input " << static_cast<int>(in));
        CHECK(f.cell.bind(in, {buf.data(), 19}) == status::size_mismatch);
        CHECK(f.cell.bind(in, {buf.data(), 21}) == status::size_mismatch);
        CHECK(f.cell.bind(in, {nullptr, in == slot::parameter ? 10u : 20u}) == status::null_buffer);
        const float* odd = reinterpret_cast<const float*>(reinterpret_cast<const char*>(buf.data()) + 1);
        CHECK(f.cell.bind(in, {odd, in == slot::parameter ? 10u : 20u}) == status::misaligned_buffer);
        // Reading from this cell's own outputs would make the step overwrite its inputs.
        CHECK(f.cell.bind(in, {f.cell.dmu().data(), in == slot::parameter ? 10u : 20u}) ==
              status::overlapping_buffers);
        CHECK(f.take() == before);
    }
}

TEST_CASE("caller buffers are validated by init", "[bad-input]") {
    ngcrt_test::owned_buffers<float> ob(12, 1);
    const ngcrt::cell_config good{ngcrt::shape::dense(4), 3, ngcrt::SigmaShape::scalar,
                                  ngcrt::Convention::ngclearn_3_1};
    auto with = [&](auto mutate) {
        auto b = ob.buffers();
        mutate(b);
        ngcrt::GaussianErrorCellView<float> v;
        return v.init(good, b);
    };
    CHECK(with([](auto&) {}) == status::ok);
    CHECK(with([](auto& b) { b.dmu = {nullptr, 12}; }) == status::null_buffer);
    CHECK(with([](auto& b) { b.mask = {b.mask.data(), 11}; }) == status::size_mismatch);
    CHECK(with([](auto& b) { b.Sigma = {b.Sigma.data(), 2}; }) == status::size_mismatch);
    CHECK(with([](auto& b) { b.dtarget = b.dmu; }) == status::overlapping_buffers);
    CHECK(with([](auto& b) { b.dSigma = {b.target.data() + 11, 1}; }) == status::overlapping_buffers);
    CHECK(with([](auto& b) {
              b.mu = {reinterpret_cast<float*>(reinterpret_cast<char*>(b.mu.data()) + 2), 12};
          }) == status::misaligned_buffer);
    ngcrt::GaussianErrorCellView<float> v;
    CHECK(v.init({ngcrt::shape{2, {3, 4, 0}}, 1, ngcrt::SigmaShape::scalar, ngcrt::Convention::ngclearn_3_1},
                 ob.buffers()) == status::invalid_shape);
    CHECK(v.init({ngcrt::shape::feature_map(1, 0, 2), 1, ngcrt::SigmaShape::scalar,
                  ngcrt::Convention::ngclearn_3_1},
                 ob.buffers()) == status::invalid_shape);
    const std::size_t huge = std::size_t(1) << (sizeof(std::size_t) * 4);  // huge^2 overflows
    CHECK(v.init({ngcrt::shape::feature_map(huge, huge, 2), 1, ngcrt::SigmaShape::scalar,
                  ngcrt::Convention::ngclearn_3_1},
                 ob.buffers()) == status::invalid_shape);
    CHECK(v.init({ngcrt::shape::dense(std::size_t(-1) / 2), 3, ngcrt::SigmaShape::scalar,
                  ngcrt::Convention::ngclearn_3_1},
                 ob.buffers()) == status::size_mismatch);  // capacity overflows size_t
    CHECK(v.init({ngcrt::shape::dense(4), 0, ngcrt::SigmaShape::scalar, ngcrt::Convention::ngclearn_3_1},
                 ob.buffers()) == status::invalid_batch_size);
    CHECK(v.init(good, ob.buffers(), -2.f) == status::invalid_sigma);
    CHECK(v.init(good, ob.buffers(), qnan) == status::invalid_sigma);
    // A view that never initialised refuses everything.
    CHECK_FALSE(v.initialized());
    CHECK(v.advance_state(1.f) == status::not_initialized);
    CHECK(v.reset() == status::not_initialized);
    CHECK(v.batched_reset(1) == status::not_initialized);
    CHECK(v.set_Sigma(1.f) == status::not_initialized);
    CHECK(v.bind(slot::prediction, {ob.mu.data(), 4}) == status::not_initialized);
    CHECK(v.mu().empty());
    CHECK(v.dmu().empty());
    CHECK(ob.guards_intact());
}

TEST_CASE("NaN and Inf inside the inputs propagate per IEEE-754, never a crash", "[bad-input]") {
    ngcrt::GaussianErrorCell<float, ngcrt::Units<5>> c;
    c.mu()[0] = qnan;
    c.target()[1] = inf;
    c.modulator()[2] = inf;
    c.target()[2] = 1.f;
    c.mask()[3] = qnan;
    c.target()[3] = 1.f;
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(std::isnan(c.dmu()[0]));
    CHECK(c.dmu()[1] == inf);
    CHECK(c.dtarget()[1] == -inf);
    CHECK(c.dmu()[2] == inf);
    CHECK(std::isnan(c.dmu()[3]));
    CHECK(c.dmu()[4] == 0.f);
    CHECK(std::isnan(c.L()));
    CHECK(std::as_const(c).mask()[3] == 1.f);  // the spec's mask is 1 everywhere afterwards
}
