// The spec's three regression vectors (facts from ngclearn's own test and tutorial).
#include <catch2/catch.hpp>

#include <cmath>

#include "support.hpp"

using ngcrt::Convention;

TEMPLATE_TEST_CASE("regression 1: ngclearn's unit test, n_units=1, 10 steps", "[regression]", float, double) {
    using T = TestType;
    const double mu[10] = {0.49671414,  -0.1382643, 0.64768857, 1.5230298,   -0.23415338,
                           -0.23413695, 1.5792128,  0.7674347,  -0.46947438, 0.54256004};
    const double dmu[10] = {-2.996714, -1.8617357, -2.1476886, -2.5230298, -0.2658466,
                            0.234137,  -1.0792128, 0.2325653,  1.9694743,  1.4574399};
    const double L[10] = {-4.4901476, -1.73303,   -2.3062832, -3.1828396, -0.0353372,
                          -0.0274101, -0.5823501, -0.0270433, -1.9394145, -1.0620655};
    // With sigma = 1 the two conventions must agree, to the bit.
    ngcrt::GaussianErrorCell<T, ngcrt::Units<1>, 1, Convention::ngclearn_3_1> c31;
    ngcrt::GaussianErrorCell<T, ngcrt::Units<1>, 1, Convention::ngclearn_3_2> c32;
    for (int t = 0; t < 10; ++t) {
        INFO("step " << t);
        c31.mu()[0] = c32.mu()[0] = static_cast<T>(mu[t]);
        c31.target()[0] = c32.target()[0] = static_cast<T>((t - 5) / 2.0);
        REQUIRE(c31.advance_state(T(1)) == ngcrt::status::ok);
        REQUIRE(c32.advance_state(T(1)) == ngcrt::status::ok);
        CHECK(c31.dmu()[0] == Approx(dmu[t]).margin(1e-5));  // ngclearn's atol
        CHECK(c31.L() == Approx(L[t]).margin(1e-5));
        CHECK(c31.dtarget()[0] == -c31.dmu()[0]);
        CHECK(c31.dSigma()[0] == T(1));
        CHECK(ngcrt_test::bits(c31.dmu()[0]) == ngcrt_test::bits(c32.dmu()[0]));
        CHECK(ngcrt_test::bits(c31.L()) == ngcrt_test::bits(c32.L()));
    }
}

template <class Cell>
static void run_tutorial(Cell& cell, double expect_dmu_scale, double expect_L) {
    using T = typename Cell::value_type;
    for (int step = 0; step < 5; ++step) {
        INFO("step " << step);
        const T mu[3] = {-1, 1, 1}, target[3] = {1, -1, 1};
        for (int i = 0; i < 3; ++i) {
            cell.mu()[i] = mu[i];
            cell.target()[i] = target[i];
        }
        REQUIRE(cell.advance_state(T(1)) == ngcrt::status::ok);
        const T dmu[3] = {T(2 * expect_dmu_scale), T(-2 * expect_dmu_scale), T(0)};
        for (int i = 0; i < 3; ++i) {
            CHECK(cell.dmu()[i] == dmu[i]);
            CHECK(cell.dtarget()[i] == -dmu[i]);
        }
        // e == 0 gives dmu == +0 and dtarget == -0 (bitwise -dmu).
        CHECK_FALSE(std::signbit(cell.dmu()[2]));
        CHECK(std::signbit(cell.dtarget()[2]));
        CHECK(cell.L() == T(expect_L));
    }
}

TEMPLATE_TEST_CASE("regression 2: ngclearn's error-cell tutorial, sigma = 1", "[regression]", float, double) {
    ngcrt::GaussianErrorCell<TestType, ngcrt::Units<3>, 1, Convention::ngclearn_3_1> c31;
    ngcrt::GaussianErrorCell<TestType, ngcrt::Units<3>, 1, Convention::ngclearn_3_2> c32;
    run_tutorial(c31, 1.0, -4.0);
    run_tutorial(c32, 1.0, -4.0);
}

TEMPLATE_TEST_CASE("regression 3: the tutorial with sigma = 2", "[regression]", float, double) {
    ngcrt::GaussianErrorCell<TestType, ngcrt::Units<3>, 1, Convention::ngclearn_3_1> c31{TestType(2)};
    ngcrt::GaussianErrorCell<TestType, ngcrt::Units<3>, 1, Convention::ngclearn_3_2> c32{TestType(2)};
    run_tutorial(c31, 0.5, -1.0);  // 3.1: L treats Sigma as a standard deviation
    run_tutorial(c32, 0.5, -2.0);  // 3.2: L treats Sigma as a variance
    // Per-unit Sigma of all 2s is the same cell.
    ngcrt::GaussianErrorCell<TestType, ngcrt::Units<3>, 1, Convention::ngclearn_3_1,
                             ngcrt::SigmaShape::per_unit>
        p31{TestType(2)};
    ngcrt::GaussianErrorCell<TestType, ngcrt::Units<3>, 1, Convention::ngclearn_3_2,
                             ngcrt::SigmaShape::per_unit>
        p32{std::array<TestType, 3>{2, 2, 2}};
    run_tutorial(p31, 0.5, -1.0);
    run_tutorial(p32, 0.5, -2.0);
}
