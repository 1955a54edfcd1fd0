// LeakyGaussianErrorCell (docs/semantics.md): the integrated error against the ODE's
// closed form (double reference), Euler's first order, varying dt, tau = 0 bitwise equal to
// GaussianErrorCell in every convention and Sigma form, bad input, the fixed-capacity type,
// help(); and the engine's rules through this cell (family_tests.hpp).
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "family_tests.hpp"
#include "support.hpp"

using ngcrt::Convention;
using ngcrt::Integrator;
using ngcrt::SigmaShape;

NGCRT_FAMILY_TESTS(ngcrt::LeakyGaussianErrorCellView, "LeakyGaussianErrorCell")

namespace {

// A reference at least as wide as double (long double where the C library has a wider one).
using wide = std::conditional_t<(sizeof(long double) > sizeof(double)), long double, double>;

template <class T>
T ulp_of(T v) {
    return std::nextafter(std::fabs(v), std::numeric_limits<T>::infinity()) - std::fabs(v);
}

// A leaky view over owned buffers: `units` units, batch 1, x = target - mu held at `x`.
template <class T>
struct held_input {
    ngcrt_test::owned_buffers<T> ob;
    ngcrt::LeakyGaussianErrorCellView<T> cell;
    held_input(std::size_t units, const std::vector<T>& x, T tau, Integrator integ) : ob(units, 1) {
        REQUIRE(cell.init({ngcrt::shape::dense(units), 1, SigmaShape::scalar, Convention::ngclearn_3_1},
                          ob.template buffers_for<ngcrt::LeakyGaussianErrorCellView<T>>()) ==
                ngcrt::status::ok);
        REQUIRE(cell.set_tau(tau) == ngcrt::status::ok);
        REQUIRE(cell.set_integrator(integ) == ngcrt::status::ok);
        for (std::size_t i = 0; i < units; ++i) {
            cell.mu()[i] = T(0);
            cell.target()[i] = x[i];
        }
    }
};

}  // namespace

TEMPLATE_TEST_CASE("leaky: from e = 0 with x held, the exponential integrator follows x (1 - exp(-t / tau))",
                   "[leaky]", float, double) {
    using T = TestType;
    // Inputs of several magnitudes and both signs, over 37 units (every kind of tail).
    std::vector<T> x;
    for (std::size_t i = 0; i < 37; ++i) x.push_back(T((i % 2 ? -1.0 : 1.0) * (0.1 + 0.37 * double(i))));
    for (const auto& [tau, dt] : {std::pair<T, T>{T(1), T(0.01)}, {T(0.05), T(0.001)}, {T(2), T(0.3)}}) {
        held_input<T> h(x.size(), x, tau, Integrator::exponential);
        double worst = 0;  // the largest error seen, in ulp of x per step
        for (int n = 1; n <= 1000; ++n) {
            REQUIRE(h.cell.advance_state(dt) == ngcrt::status::ok);
            const wide t = wide(n) * wide(dt);
            for (std::size_t i = 0; i < x.size(); ++i) {
                const wide want = wide(x[i]) * -std::expm1(-t / wide(tau));
                const double err = double(std::fabs(wide(h.cell.e()[i]) - want) / wide(ulp_of(x[i])));
                INFO("tau " << tau << ", dt " << dt << ", step " << n << ", unit " << i);
                CHECK(err <= 3.0 * n);  // a few ulp per step
                worst = std::max(worst, err / n);
            }
        }
        // The whole curve is far tighter than the bound: the recursion contracts its errors.
        CHECK(worst < 1.0);
    }
}

TEST_CASE("leaky: Euler converges to the closed form with first order in dt", "[leaky]") {
    // At t = 1 (tau = 0.5, x = 1): Euler's e_n = 1 - (1 - dt/tau)^n; its error halves when dt halves.
    const double tau = 0.5, x = 1.0;
    std::vector<double> err;
    for (int steps : {100, 200, 400, 800}) {
        const double dt = 1.0 / steps;
        held_input<double> h(1, {x}, tau, Integrator::euler);
        for (int n = 0; n < steps; ++n) REQUIRE(h.cell.advance_state(dt) == ngcrt::status::ok);
        err.push_back(std::fabs(h.cell.e()[0] - x * -std::expm1(-1.0 / tau)));
    }
    for (std::size_t k = 1; k < err.size(); ++k) {
        INFO("error " << err[k - 1] << " at dt, " << err[k] << " at dt / 2");
        CHECK(err[k - 1] / err[k] == Approx(2.0).epsilon(0.02));
    }
    // The exponential integrator is exact for a held input at any of those dt.
    held_input<double> h(1, {x}, tau, Integrator::exponential);
    for (int n = 0; n < 100; ++n) REQUIRE(h.cell.advance_state(0.01) == ngcrt::status::ok);
    CHECK(std::fabs(h.cell.e()[0] - x * -std::expm1(-1.0 / tau)) < 1e-14);
}

TEMPLATE_TEST_CASE("leaky: dt may change between steps (each step's a is its own)", "[leaky]", float,
                   double) {
    using T = TestType;
    const T tau = T(0.2);
    const std::vector<T> x{T(1.5), T(-0.75), T(3)};
    held_input<T> h(x.size(), x, tau, Integrator::exponential);
    const T dts[] = {T(0.001), T(0.013), T(0.5), T(0.002), T(0.05), T(0.001)};
    wide t = 0;
    for (int rep = 0; rep < 20; ++rep)
        for (T dt : dts) {
            REQUIRE(h.cell.advance_state(dt) == ngcrt::status::ok);
            t += wide(dt);
            for (std::size_t i = 0; i < x.size(); ++i) {
                const wide want = wide(x[i]) * -std::expm1(-t / wide(tau));
                CHECK(std::fabs(wide(h.cell.e()[i]) - want) <= wide(64) * wide(ulp_of(x[i])));
            }
        }
    // Piecewise-constant input: from e0, a step of dt gives x + (e0 - x) exp(-dt / tau).
    const T e0 = h.cell.e()[0];
    h.cell.target()[0] = T(-2);
    REQUIRE(h.cell.advance_state(T(0.07)) == ngcrt::status::ok);
    const wide want = wide(-2) + (wide(e0) + 2) * std::exp(-wide(0.07) / wide(tau));
    CHECK(std::fabs(wide(h.cell.e()[0]) - want) <= wide(8) * wide(ulp_of(T(2))));
    // Euler: a = dt / tau, each step its own dt (bitwise: e + (dt/tau) * (x - e)).
    held_input<T> eu(1, {T(1)}, T(0.3), Integrator::euler);  // dt / tau <= 2 for every dt above
    T e = T(0);
    for (T dt : dts) {
        REQUIRE(eu.cell.advance_state(dt) == ngcrt::status::ok);
        e = e + (dt / T(0.3)) * (T(1) - e);
        CHECK(ngcrt_test::bits(eu.cell.e()[0]) == ngcrt_test::bits(e));
    }
}

TEMPLATE_TEST_CASE("leaky: one step is e + a (x - e) with a = -expm1(-dt/tau), bit for bit", "[leaky]", float,
                   double) {
    using T = TestType;
    ngcrt_test::rng r(77);
    const std::size_t units = 45;
    const auto x0 = r.values<T>(units, -3, 3);
    held_input<T> h(units, x0, T(0.3), Integrator::exponential);
    REQUIRE(h.cell.advance_state(T(0.02)) == ngcrt::status::ok);
    const auto mu = r.values<T>(units, -3, 3), tg = r.values<T>(units, -3, 3);
    std::vector<T> e(h.cell.e().begin(), h.cell.e().end());
    std::copy(mu.begin(), mu.end(), h.cell.mu().begin());
    std::copy(tg.begin(), tg.end(), h.cell.target().begin());
    REQUIRE(h.cell.advance_state(T(0.045)) == ngcrt::status::ok);
    const T a = -ngcrt::math::expm1(-(T(0.045) / T(0.3)));
    T S = 0;
    for (std::size_t i = 0; i < units; ++i) {
        const T x = tg[i] - mu[i];
        const T next = e[i] + a * (x - e[i]);
        CHECK(ngcrt_test::bits(h.cell.e()[i]) == ngcrt_test::bits(next));
        CHECK(ngcrt_test::bits(h.cell.dmu()[i]) == ngcrt_test::bits(next * (T(1) / T(1))));
        CHECK(ngcrt_test::bits(h.cell.dtarget()[i]) == ngcrt_test::bits(-(next * T(1))));
        S += next * next;
    }
    // L = -S / 2 (Sigma = 1, ngclearn 3.1), S in the engine's fixed order: close here.
    CHECK(double(h.cell.L()) == Approx(-0.5 * double(S)).epsilon(1e-5));
}

namespace {

// tau = 0: the leaky cell and GaussianErrorCell, the same inputs, the same bits (every
// output; the state is x).
template <class T>
void tau_zero_case(std::size_t units, std::size_t batch, SigmaShape form, Convention conv, bool live,
                   Integrator integ, std::uint64_t seed) {
    using G = ngcrt::GaussianErrorCellView<T>;
    using Lk = ngcrt::LeakyGaussianErrorCellView<T>;
    const std::size_t n = units * batch, np = form == SigmaShape::per_unit ? units : 1;
    ngcrt_test::owned_buffers<T> og(n, np), ol(n, np);
    G g;
    Lk l;
    REQUIRE(g.init({ngcrt::shape::dense(units), batch, form, conv}, og.template buffers_for<G>()) ==
            ngcrt::status::ok);
    REQUIRE(l.init({ngcrt::shape::dense(units), batch, form, conv}, ol.template buffers_for<Lk>()) ==
            ngcrt::status::ok);
    REQUIRE(l.set_integrator(integ) == ngcrt::status::ok);
    CHECK(l.tau() == T(0));  // a view starts at tau = 0
    ngcrt_test::rng r(seed);
    const auto p = r.values<T>(np, 0.1, 3.0, 0.0);
    REQUIRE(g.set_parameter(ngcrt::span<const T>(p.data(), np)) == ngcrt::status::ok);
    REQUIRE(l.set_parameter(ngcrt::span<const T>(p.data(), np)) == ngcrt::status::ok);
    for (int step = 0; step < 2; ++step) {
        const auto x = r.values<T>(n, -3, 3, 0.05), y = r.values<T>(n, -3, 3, 0.05);
        std::copy(x.begin(), x.end(), g.mu().begin());
        std::copy(y.begin(), y.end(), g.target().begin());
        std::copy(x.begin(), x.end(), l.mu().begin());
        std::copy(y.begin(), y.end(), l.target().begin());
        if (live) {
            const auto mod = r.values<T>(n, -2, 2), mask = r.binary_mask<T>(n);
            std::copy(mod.begin(), mod.end(), g.modulator().begin());
            std::copy(mask.begin(), mask.end(), g.mask().begin());
            std::copy(mod.begin(), mod.end(), l.modulator().begin());
            std::copy(mask.begin(), mask.end(), l.mask().begin());
        }
        REQUIRE(g.advance_state() == ngcrt::status::ok);
        REQUIRE(l.advance_state(T(step == 0 ? 0.001 : 7.5)) == ngcrt::status::ok);  // any dt
        INFO("units " << units << ", batch " << batch << ", form " << int(form) << ", "
                      << ngcrt::to_string(conv) << (live ? ", live" : "") << ", " << ngcrt::to_string(integ)
                      << ", step " << step);
        CHECK(ngcrt_test::first_bit_difference(g.dmu().data(), l.dmu().data(), n) == -1);
        CHECK(ngcrt_test::first_bit_difference(g.dtarget().data(), l.dtarget().data(), n) == -1);
        CHECK(ngcrt_test::first_bit_difference(g.dSigma().data(), l.dSigma().data(), np) == -1);
        CHECK(ngcrt_test::bits(g.L()) == ngcrt_test::bits(l.L()));
        CHECK(ngcrt_test::first_bit_difference(std::as_const(g).mask().data(), std::as_const(l).mask().data(),
                                               n) == -1);
        for (std::size_t i = 0; i < n; ++i) {
            const T e = y[i] - x[i];
            if (ngcrt_test::bits(l.e()[i]) != ngcrt_test::bits(e)) {
                FAIL_CHECK("e[" << i << "] is not target - mu");
                break;
            }
        }
    }
}

}  // namespace

TEMPLATE_TEST_CASE("leaky: tau = 0 gives GaussianErrorCell's bits (every convention, Sigma form, kernel)",
                   "[leaky][tau0][all-kernels]", float, double) {
    using T = TestType;
    ngcrt_test::kernel_guard restore;
    std::uint64_t seed = 900;
    for (ngcrt::kernel k : ngcrt_test::executable_kernels()) {
        REQUIRE(ngcrt::force_kernel(k) == ngcrt::status::ok);
        for (std::size_t units : {1u, 7u, 32u, 65u, 1031u})
            for (std::size_t batch : {1u, 3u})
                for (SigmaShape form : {SigmaShape::scalar, SigmaShape::per_unit})
                    for (Convention conv :
                         {Convention::ngclearn_3_1, Convention::ngclearn_3_2, Convention::exact})
                        for (bool live : {false, true})
                            for (Integrator integ : {Integrator::exponential, Integrator::euler})
                                tau_zero_case<T>(units, batch, form, conv, live, integ, ++seed);
    }
}

TEST_CASE("leaky: the fixed-capacity type (constructor sigma and tau, template integrator)", "[leaky]") {
    ngcrt::LeakyGaussianErrorCell<float, ngcrt::Units<64>, 4> cell{2.f, 0.05f};
    static_assert(decltype(cell)::integrator_value == Integrator::exponential);
    CHECK(cell.tau() == 0.05f);
    CHECK(cell.integrator() == Integrator::exponential);
    CHECK(cell.Sigma()[0] == 2.f);
    CHECK(cell.e().size() == 64 * 4);
    for (float& v : cell.target()) v = 1.f;
    REQUIRE(cell.advance_state(0.01f) == ngcrt::status::ok);
    const float a = -ngcrt::math::expm1(-(0.01f / 0.05f));
    for (float e : cell.e()) CHECK(e == 0.f + a * (1.f - 0.f));
    // Copies are independent, state included.
    auto copy = cell;
    REQUIRE(copy.advance_state(0.01f) == ngcrt::status::ok);
    CHECK(copy.e()[0] != cell.e()[0]);
    REQUIRE(cell.advance_state(0.01f) == ngcrt::status::ok);
    CHECK(ngcrt_test::bits(copy.e()[0]) == ngcrt_test::bits(cell.e()[0]));
    // set_tau keeps the state; reset zeroes it.
    REQUIRE(cell.set_tau(0.f) == ngcrt::status::ok);
    CHECK(cell.e()[5] != 0.f);
    REQUIRE(cell.reset() == ngcrt::status::ok);
    for (float e : cell.e()) CHECK(e == 0.f);
    CHECK(cell.tau() == 0.f);  // kept by reset

    ngcrt::LeakyGaussianErrorCell<double, ngcrt::Units<3>, 1, Convention::ngclearn_3_1, SigmaShape::scalar,
                                  Integrator::euler>
        euler{1.0, 0.5};
    CHECK(euler.integrator() == Integrator::euler);
    CHECK(euler.advance_state(1.5) == ngcrt::status::invalid_time_step);  // dt / tau = 3 > 2
    CHECK(euler.advance_state(1.0) == ngcrt::status::ok);                 // = 2: allowed

    // A bad constructor tau: every step refuses until set_tau replaces it.
    ngcrt::LeakyGaussianErrorCell<float, ngcrt::Units<8>> bad{1.f, -1.f};
    CHECK(bad.advance_state(0.01f) == ngcrt::status::invalid_time_step);
    REQUIRE(bad.set_tau(0.1f) == ngcrt::status::ok);
    CHECK(bad.advance_state(0.01f) == ngcrt::status::ok);

    // Per-unit Sigma and the exact convention.
    ngcrt::LeakyGaussianErrorCell<float, ngcrt::Units<2>, 1, Convention::exact, SigmaShape::per_unit> pu{
        std::array<float, 2>{1.f, 4.f}, 0.1f};
    CHECK(pu.Sigma()[1] == 4.f);
    CHECK(pu.tau() == 0.1f);
    REQUIRE(pu.advance_state(0.1f) == ngcrt::status::ok);
}

TEST_CASE("leaky: a rejected step changes nothing and leaves the next step as it would have been",
          "[leaky][bad-input]") {
    using T = float;
    const std::vector<T> x{T(1), T(-2), T(0.5)};
    held_input<T> a(3, x, T(0.25), Integrator::euler), b(3, x, T(0.25), Integrator::euler);
    REQUIRE(a.cell.advance_state(T(0.1)) == ngcrt::status::ok);
    REQUIRE(b.cell.advance_state(T(0.1)) == ngcrt::status::ok);
    const std::vector<T> e1(a.cell.e().begin(), a.cell.e().end());
    CHECK(a.cell.advance_state(T(0.6)) == ngcrt::status::invalid_time_step);  // 2.4 > 2
    CHECK(a.cell.advance_state(std::numeric_limits<T>::quiet_NaN()) == ngcrt::status::invalid_time_step);
    CHECK(a.cell.set_tau(T(-0.25)) == ngcrt::status::invalid_time_step);
    CHECK(ngcrt_test::first_bit_difference(a.cell.e().data(), e1.data(), 3) == -1);
    REQUIRE(a.cell.advance_state(T(0.2)) == ngcrt::status::ok);
    REQUIRE(b.cell.advance_state(T(0.2)) == ngcrt::status::ok);
    CHECK(ngcrt_test::first_bit_difference(a.cell.e().data(), b.cell.e().data(), 3) == -1);
    CHECK(ngcrt_test::bits(a.cell.L()) == ngcrt_test::bits(b.cell.L()));
}

TEST_CASE("leaky: help() names the state and its hyperparameters", "[leaky][help]") {
    const auto& h = ngcrt::LeakyGaussianErrorCellView<float>::help();
    CHECK(h.cell_name == "LeakyGaussianErrorCell");
    const ngcrt::compartment_info* e = h.find(ngcrt::slot::state);
    REQUIRE(e != nullptr);
    CHECK(e->name == "e");
    CHECK(e->role == ngcrt::compartment_role::output);
    CHECK(h.hyperparameters.size() == 5);
    CHECK(h.hyperparameters[3].name == "tau");
    CHECK(h.hyperparameters[4].name == "integrator");
    CHECK(ngcrt::GaussianErrorCellView<float>::help().find(ngcrt::slot::state) == nullptr);
    char buf[4096];
    const std::size_t len = ngcrt::write_help_json(h, buf, sizeof buf);
    REQUIRE(len < sizeof buf);
    CHECK(std::string(buf).find("\"e\": \"Leaky error state") != std::string::npos);
}
