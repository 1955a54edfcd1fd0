// Randomised cases against the independent reference: elementwise outputs bit for bit
// with the spec's float formula, L within 1e-5 relative of the double-accumulated sum.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

#include "support.hpp"

using ngcrt::Convention;
using ngcrt::SigmaShape;
using ngcrt_test::first_bit_difference;

namespace {

struct case_desc {
    ngcrt::shape shape;
    std::size_t max_batch, batch;
    SigmaShape sigma_shape;
    Convention convention;
    bool live_modulator, live_mask;
};

std::string describe(const case_desc& c) {
    std::ostringstream s;
    s << "shape(";
    for (std::size_t i = 0; i < c.shape.rank; ++i) s << (i ? "," : "") << c.shape.dims[i];
    s << ") batch " << c.batch << "/" << c.max_batch << " sigma " << ngcrt::to_string(c.sigma_shape) << " "
      << ngcrt::to_string(c.convention) << (c.live_modulator ? " modulator" : "")
      << (c.live_mask ? " mask" : "") << " kernel " << ngcrt::to_string(ngcrt::active_kernel());
    return s.str();
}

template <class T>
void check_close_L(T L, double ref) {
    // 1e-5 relative; an absolute floor for sums that cancel to ~0 cannot occur (t >= 0).
    CHECK(std::fabs(static_cast<double>(L) - ref) <= 1e-5 * std::fabs(ref) + 1e-30);
}

template <class T>
void run_case(ngcrt_test::rng& r, const case_desc& c, int steps) {
    INFO(describe(c));
    const std::size_t units = c.shape.size();
    const std::size_t ns = c.sigma_shape == SigmaShape::scalar ? 1 : units;
    ngcrt_test::owned_buffers<T> ob(c.max_batch * units, ns);
    ngcrt::GaussianErrorCellView<T> cell;
    REQUIRE(cell.init({c.shape, c.max_batch, c.sigma_shape, c.convention}, ob.buffers()) ==
            ngcrt::status::ok);
    REQUIRE(cell.batched_reset(c.batch) == ngcrt::status::ok);
    const std::vector<T> sigma = r.values<T>(ns, 0.25, 4.0, 0.0);
    REQUIRE(cell.set_Sigma(ngcrt::span<const T>(sigma.data(), sigma.size())) == ngcrt::status::ok);

    const std::size_t n = c.batch * units;
    for (int step = 0; step < steps; ++step) {
        INFO("step " << step);
        const std::vector<T> mu = r.values<T>(n, -3, 3), target = r.values<T>(n, -3, 3);
        std::vector<T> mod(n, T(1)), mask(n, T(1));
        std::copy(mu.begin(), mu.end(), cell.mu().begin());
        std::copy(target.begin(), target.end(), cell.target().begin());
        if (c.live_modulator) {
            mod = r.values<T>(n, -2, 2);
            std::copy(mod.begin(), mod.end(), cell.modulator().begin());
        }
        if (c.live_mask) {
            mask = r.binary_mask<T>(n);
            if (r.coin(0.2)) mask = r.values<T>(n, -1, 2);  // ngclearn does not insist on 0/1
            std::copy(mask.begin(), mask.end(), cell.mask().begin());
        }
        const auto ref = ngcrt_test::reference_step(mu, target, mod, mask, sigma, units, c.convention);
        REQUIRE(cell.advance_state(T(1)) == ngcrt::status::ok);
        REQUIRE(cell.dmu().size() == n);
        CHECK(first_bit_difference(cell.dmu().data(), ref.dmu.data(), n) == -1);
        CHECK(first_bit_difference(cell.dtarget().data(), ref.dtarget.data(), n) == -1);
        check_close_L(cell.L(), ref.L);
        for (T v : cell.dSigma()) CHECK(v == T(1));
        for (T v : std::as_const(cell).mask()) REQUIRE(v == T(1));  // eaten
        CHECK(ob.guards_intact());
    }
}

std::vector<ngcrt::shape> shapes() {
    using ngcrt::shape;
    return {shape::dense(1),
            shape::dense(3),
            shape::dense(31),
            shape::dense(32),
            shape::dense(33),
            shape::dense(64),
            shape::dense(100),
            shape::dense(1023),
            shape::dense(1025),
            shape::dense(2500),
            shape::feature_map(2, 2, 3),
            shape::feature_map(3, 5, 7),
            shape::feature_map(4, 4, 8),
            shape::feature_map(8, 8, 17)};
}

template <class T>
void random_sweep(std::uint64_t seed) {
    ngcrt_test::rng r(seed);
    for (const ngcrt::shape& sh : shapes()) {
        const std::size_t batch_cap = std::min<std::size_t>(4, ngcrt_test::max_elements / sh.size());
        if (batch_cap == 0) continue;  // too big for this target's RAM
        for (int variant = 0; variant < 4; ++variant) {
            case_desc c;
            c.shape = sh;
            c.max_batch = 1 + r.index(batch_cap);
            c.batch = 1 + r.index(c.max_batch);
            c.sigma_shape = (variant & 1) ? SigmaShape::per_unit : SigmaShape::scalar;
            c.convention = (variant & 2) ? Convention::ngclearn_3_2 : Convention::ngclearn_3_1;
            c.live_modulator = r.coin();
            c.live_mask = r.coin();
            run_case<T>(r, c, 2);
        }
    }
}

}  // namespace

TEMPLATE_TEST_CASE("random cases match the reference (2D and 4D, batches, Sigma forms, conventions)",
                   "[random]", float, double) {
    random_sweep<TestType>(42);
}

TEST_CASE("a large multi-block sum keeps L within 1e-5 of double", "[random]") {
    ngcrt_test::rng r(7);
    // 50021 x 4 elements: 196 blocks of 1024. Small targets: still several blocks.
    const std::size_t units =
        ngcrt_test::max_elements >= 4 * 50021 ? 50021 : ngcrt_test::max_elements / 4 - 67;
    REQUIRE(4 * units > 2 * 1024);  // at least three 1024-element blocks
    for (Convention conv : {Convention::ngclearn_3_1, Convention::ngclearn_3_2})
        for (SigmaShape ss : {SigmaShape::scalar, SigmaShape::per_unit})
            run_case<float>(r, {ngcrt::shape::dense(units), 4, 4, ss, conv, true, true}, 1);
}

TEST_CASE("fixed-capacity cells compute what the view computes", "[random]") {
    ngcrt_test::rng r(3);
    ngcrt::GaussianErrorCell<float, ngcrt::Units<4, 5, 6>, 3, Convention::ngclearn_3_2, SigmaShape::per_unit>
        cell;
    REQUIRE(cell.batched_reset(2) == ngcrt::status::ok);
    std::array<float, 120> sig;
    for (auto& s : sig) s = static_cast<float>(r.uniform(0.5, 2));
    REQUIRE(cell.set_Sigma(ngcrt::span<const float>(sig.data(), sig.size())) == ngcrt::status::ok);
    const std::size_t n = 240;
    REQUIRE(cell.mu().size() == n);
    const auto mu = r.values<float>(n, -1, 1), tg = r.values<float>(n, -1, 1), mod = r.values<float>(n, 0, 2);
    const std::vector<float> mask(n, 1.f);
    std::copy(mu.begin(), mu.end(), cell.mu().begin());
    std::copy(tg.begin(), tg.end(), cell.target().begin());
    std::copy(mod.begin(), mod.end(), cell.modulator().begin());
    const auto ref = ngcrt_test::reference_step(mu, tg, mod, mask, std::vector<float>(sig.begin(), sig.end()),
                                                120, Convention::ngclearn_3_2);
    REQUIRE(cell.advance_state(0.f) == ngcrt::status::ok);
    CHECK(first_bit_difference(cell.dmu().data(), ref.dmu.data(), n) == -1);
    CHECK(first_bit_difference(cell.dtarget().data(), ref.dtarget.data(), n) == -1);
    CHECK(std::fabs(cell.L() - ref.L) <= 1e-5 * std::fabs(ref.L));
    CHECK(cell.dSigma().size() == 120);
}
