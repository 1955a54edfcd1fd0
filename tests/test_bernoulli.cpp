// BernoulliErrorCell: the spec's regression vectors (values computed with correctly rounded
// exp/log: within 4 ulp, measured in ulps of the larger term where two logs cancel) and
// random cases against an independent long-double reference of the spec's formulas.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "family_tests.hpp"
#include "support.hpp"

using ngcrt::BernoulliInput;
using ngcrt::Convention;

namespace {

// Distance in ulps of `want`'s magnitude (`scale` when given: the larger term of a
// cancelling difference).
double ulps(float got, double want, double scale = 0) {
    const double m = std::fmax(std::fabs(want), std::fabs(scale));
    const double ulp = m == 0 ? std::ldexp(1.0, -149) : std::ldexp(1.0, std::ilogb(m) - 23);
    return std::fabs(static_cast<double>(got) - want) / ulp;
}

// The widest type whose exp/log the target's C library has: long double on x86-64 (x87),
// double where they are the same (Arm, RISC-V: there libstdc++'s long-double stubs would
// clash with picolibc's).
using wide = std::conditional_t<(sizeof(long double) > sizeof(double)), long double, double>;

// The spec's formulas in `wide` (an independent reference: the C library's exp/log, not
// ngcrt's functions); q is clipped in the cell's precision T first, as the cell does, and
// can be moved `shift` ulps (to measure how much one ulp of q, which the cell's own
// sigmoid may round differently, moves each output). dp_scale and dt_scale are the
// magnitudes of the terms each output is made of.
template <class T>
struct bernoulli_reference {
    wide dp, dtarget, t, lq_x, lomq_omx, lq, dp_scale, dt_scale;
};
template <class T>
bernoulli_reference<T> bernoulli_elem(T p, T x, T mod, T mask, bool logits, int shift = 0) {
    using R = wide;
    auto sigmoid = [](R v) { return R(1) / (R(1) + std::exp(-v)); };
    const R s = sigmoid(static_cast<R>(p));
    T q = logits ? static_cast<T>(s) : p;
    for (int k = 0; k < shift; ++k) q = std::nextafter(q, T(1));
    for (int k = 0; k > shift; --k) q = std::nextafter(q, T(0));
    q = q < T(1e-4) ? T(1e-4) : q > T(0.9999) ? T(0.9999) : q;
    const R Q = q, X = x, G = R(mod) * R(mask), lq = std::log(Q), lomq = std::log(R(1) - Q);
    bernoulli_reference<T> r;
    const R dsig = s * (R(1) - s);
    const R g = logits ? X - Q : (X / Q - (R(1) - X) / (R(1) - Q)) * dsig;
    r.dp = g * G;
    r.dtarget = (lq - lomq) * G;
    r.dp_scale = std::fabs(G) *
                 (logits ? std::fabs(X) + Q : (std::fabs(X / Q) + std::fabs((R(1) - X) / (R(1) - Q))) * dsig);
    r.dt_scale = std::fabs(G) * (std::fabs(lq) + std::fabs(lomq));
    r.lq_x = lq * X;
    r.lomq_omx = lomq * (R(1) - X);
    r.t = r.lq_x + r.lomq_omx;
    r.lq = lq;
    return r;
}

}  // namespace

TEST_CASE("bernoulli regression 1: ngclearn's unit test, probability input, 10 steps",
          "[bernoulli][regression]") {
    const double p[10] = {0.49671414,  -0.1382643, 0.64768857, 1.5230298,   -0.23415338,
                          -0.23413695, 1.5792128,  0.7674347,  -0.46947438, 0.54256004};
    // dp with correctly rounded exp/log (steps 4, 5 and 6 differ from ngclearn's XLA values
    // by 1, 2 and 4 ulp; ngclearn's own test uses atol 1e-3), and L.
    const double dp[10] = {-2.8193381,  -4976.9263, -2.1224928, -2939.0425, -1233.3917,
                           -0.24662948, -708.30066, 0.28213939, 3550.8477,  1.3651246};
    const double L[10] = {-0.6537378,     18.420382,  -1.9565812,  -18.42025,  4.60502,
                          -0.00010002159, -4.6051373, -0.26470187, -13.815461, -0.4408034};
    ngcrt::BernoulliErrorCell<float, ngcrt::Units<1>> cell;
    for (int t = 0; t < 10; ++t) {
        INFO("step " << t);
        const float x = static_cast<float>((t - 5) / 2.0);
        cell.p()[0] = static_cast<float>(p[t]);
        cell.target()[0] = x;
        REQUIRE(cell.advance_state(1.f) == ngcrt::status::ok);
        CHECK(ulps(cell.dp()[0], dp[t]) <= 4);
        CHECK(cell.dp()[0] == Approx(dp[t]).margin(1e-3));  // ngclearn's own tolerance
        // L = log(q) x + log(1-q)(1-x): two terms that can cancel; ulps of the larger one.
        const auto r = bernoulli_elem<float>(cell.p()[0], x, 1.f, 1.f, false);
        CHECK(ulps(cell.L(), L[t],
                   static_cast<double>(std::fmax(std::fabs(r.lq_x), std::fabs(r.lomq_omx)))) <= 4);
    }
}

TEST_CASE("bernoulli regression 2: probability input with the mask", "[bernoulli][regression]") {
    ngcrt::BernoulliErrorCell<float, ngcrt::Units<4>> cell;
    const float p[4] = {0.2f, 0.7f, 1.0f, 0.0f}, x[4] = {0, 1, 1, 0}, mask[4] = {1, 1, 1, 0};
    for (int i = 0; i < 4; ++i) {
        cell.p()[i] = p[i];
        cell.target()[i] = x[i];
        cell.mask()[i] = mask[i];
    }
    REQUIRE(cell.advance_state() == ngcrt::status::ok);
    const double dp[4] = {-0.30939573, 0.3167327, 0.1966316, -0.0};
    const double dtarget[4] = {-1.3862944, 0.84729785, 9.210074, -0.0};
    for (int i = 0; i < 4; ++i) {
        INFO("element " << i);
        CHECK(ulps(cell.dp()[i], dp[i]) <= 4);
        // dtarget = log(q) - log(1-q): ulps of the larger log
        const auto r = bernoulli_elem<float>(p[i], x[i], 1.f, 1.f, false);
        CHECK(ulps(cell.dtarget()[i], dtarget[i] * mask[i], static_cast<double>(std::fabs(r.lq)) * mask[i]) <=
              4);
        CHECK(std::as_const(cell).mask()[i] == 1.f);
    }
    CHECK(std::signbit(cell.dp()[3]));
    CHECK(ulps(cell.L(), -0.5800185) <= 4);
}

TEST_CASE("bernoulli regression 3: logit input, batch 2, modulator", "[bernoulli][regression]") {
    ngcrt::BernoulliErrorCell<float, ngcrt::Units<2>, 2, Convention::ngclearn_3_1, BernoulliInput::logits>
        cell;
    const float p[4] = {-2, 0.5f, 3, 12}, x[4] = {0, 1, 1, 1}, mod[4] = {1, 2, 1, 1};
    for (int i = 0; i < 4; ++i) {
        cell.p()[i] = p[i];
        cell.target()[i] = x[i];
        cell.modulator()[i] = mod[i];
    }
    REQUIRE(cell.advance_state() == ngcrt::status::ok);
    const double dp[4] = {-0.11920292, 0.7550813, 0.047425866, 0.000100016594};
    const double dtarget[4] = {-2, 1.0000002, 3.0000002, 9.210074};
    for (int i = 0; i < 4; ++i) {
        INFO("element " << i);
        CHECK(ulps(cell.dp()[i], dp[i]) <= 4);
        CHECK(ulps(cell.dtarget()[i], dtarget[i]) <= 4);
    }
    CHECK(ulps(cell.L(), -0.6496923) <= 4);
}

TEMPLATE_TEST_CASE("bernoulli random cases match a wider-precision reference", "[bernoulli][random]", float,
                   double) {
    using T = TestType;
    ngcrt_test::rng r(77);
    const double tol = sizeof(T) == 4 ? 1e-5 : 1e-12;
    for (int c = 0; c < 16; ++c) {
        const bool logits = c % 2 == 1, live = c >= 8;
        const std::size_t units = c % 4 == 0 ? 1 : 37 + 100 * static_cast<std::size_t>(c % 3),
                          batch = 1 + r.index(3);
        if (units * batch > ngcrt_test::max_elements) continue;
        INFO("case " << c << (logits ? " logits" : " probability") << (live ? " live" : "") << ", " << units
                     << " x " << batch);
        const std::size_t n = units * batch;
        ngcrt_test::owned_buffers<T> ob(n, 1);
        using view = ngcrt::BernoulliErrorCellView<T>;
        view cell;
        REQUIRE(cell.init(
                    {ngcrt::shape::dense(units), batch,
                     logits ? BernoulliInput::logits : BernoulliInput::probability, Convention::ngclearn_3_1},
                    ob.template buffers_for<view>()) == ngcrt::status::ok);
        const auto p = logits ? r.values<T>(n, -8, 8) : r.values<T>(n, -0.1, 1.1), x = r.binary_mask<T>(n);
        std::vector<T> mod(n, T(1)), mask(n, T(1));
        if (live) {
            mod = r.values<T>(n, -2, 2);
            mask = r.binary_mask<T>(n);
        }
        std::copy(p.begin(), p.end(), cell.p().begin());
        std::copy(x.begin(), x.end(), cell.target().begin());
        if (live) {
            std::copy(mod.begin(), mod.end(), cell.modulator().begin());
            std::copy(mask.begin(), mask.end(), cell.mask().begin());
        }
        REQUIRE(cell.advance_state() == ngcrt::status::ok);
        wide L = 0, scale = 0;
        int bad_dp = 0, bad_dt = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto ref = bernoulli_elem<T>(p[i], x[i], mod[i], mask[i], logits);
            L += ref.t;
            scale += std::fabs(ref.lq_x) + std::fabs(ref.lomq_omx);
            // allowed: tol of the terms' size, plus what 2 ulps of q move the output (logits)
            wide move_dp = 0, move_dt = 0;
            for (int k : {-2, 2}) {
                if (!logits) break;
                const auto m = bernoulli_elem<T>(p[i], x[i], mod[i], mask[i], logits, k);
                move_dp = std::fmax(move_dp, std::fabs(m.dp - ref.dp));
                move_dt = std::fmax(move_dt, std::fabs(m.dtarget - ref.dtarget));
            }
            bad_dp += std::fabs(cell.dp()[i] - ref.dp) > tol * ref.dp_scale + move_dp;
            bad_dt += std::fabs(cell.dtarget()[i] - ref.dtarget) > tol * ref.dt_scale + move_dt;
        }
        CHECK(bad_dp == 0);
        CHECK(bad_dt == 0);
        CHECK(std::fabs(cell.L() - L) <= tol * (scale + 1));
        for (T m : std::as_const(cell).mask()) CHECK(m == T(1));
        CHECK(ob.guards_intact());
    }
}

TEST_CASE("bernoulli: clipping keeps p <= 0 and p >= 1 finite, NaN propagates", "[bernoulli]") {
    ngcrt::BernoulliErrorCell<float, ngcrt::Units<4>> cell;
    const float p[4] = {-3.f, 0.f, 7.f, std::nanf("")}, x[4] = {1, 1, 0, 1};
    for (int i = 0; i < 4; ++i) {
        cell.p()[i] = p[i];
        cell.target()[i] = x[i];
    }
    REQUIRE(cell.advance_state() == ngcrt::status::ok);
    CHECK(std::isfinite(cell.dp()[0]));
    CHECK(cell.dp()[1] > 2000.f);  // about x / 1e-4 times sigmoid'(0) = 0.25
    CHECK(std::isfinite(cell.dp()[2]));
    CHECK(std::isnan(cell.dp()[3]));
    CHECK(std::isnan(cell.dtarget()[3]));
    CHECK(std::isnan(cell.L()));
}

NGCRT_FAMILY_TESTS(ngcrt::BernoulliErrorCellView, "BernoulliErrorCell")
