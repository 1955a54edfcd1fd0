// The public surface the core issue requires, compiled exactly as written there, plus
// compile-time properties (layout, alignment, static checks).
#include <catch2/catch.hpp>

#include <type_traits>

#include "family_tests.hpp"
#include "support.hpp"

TEST_CASE("the minimum public surface compiles and behaves as specified", "[api]") {
    ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 4> cell;  // sigma = 1, ngclearn 3.1.0 semantics
    REQUIRE(cell.batched_reset(3) == ngcrt::status::ok);
    float* m = cell.mu().data();
    std::size_t n = cell.mu().size();
    CHECK(n == 3 * 64);
    for (std::size_t i = 0; i < n; ++i) m[i] = -0.5f;
    CHECK(cell.target().size() == n);
    CHECK(cell.modulator().size() == n);
    CHECK(cell.mask().size() == n);
    cell.Sigma()[0] = 2.0f;                      // scalar Sigma is a 1-element view
    ngcrt::status s = cell.advance_state(1.0f);  // ngcrt::status::ok, or an error
    CHECK(s == ngcrt::status::ok);
    const float* d = cell.dmu().data();
    cell.dtarget();
    cell.dSigma();
    float L = cell.L();
    CHECK(d[0] == 0.25f);  // (0 - -0.5) * (1/2)
    CHECK(d[n - 1] == 0.25f);
    CHECK(L == -(0.25f * 192) * (1.f / 8.f));
}

TEST_CASE("a function can take any cell through the capacity-erased view", "[api]") {
    auto drive = [](ngcrt::GaussianErrorCellView<double>& c, double target) {
        for (double& t : c.target()) t = target;
        return c.advance_state(1.0);
    };
    ngcrt::GaussianErrorCell<double, ngcrt::Units<3>> small;
    ngcrt::GaussianErrorCell<double, ngcrt::Units<2, 2, 2>, 5, ngcrt::Convention::ngclearn_3_2> large{4.0};
    REQUIRE(drive(small, 1.0) == ngcrt::status::ok);
    REQUIRE(drive(large, 1.0) == ngcrt::status::ok);
    CHECK(small.dmu()[2] == 1.0);
    CHECK(large.dmu()[39] == 0.25);
    CHECK(large.L() == -40 * 0.5 / 4.0);
    CHECK(large.unit_shape().rank == 3);
    CHECK(large.unit_shape().dims[2] == 2);
    CHECK(large.convention() == ngcrt::Convention::ngclearn_3_2);
}

// Compartments are inline arrays, aligned for the widest SIMD register.
using cell64 = ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 1>;
static_assert(sizeof(cell64) >= 6 * 64 * sizeof(float) + 2 * sizeof(float));
static_assert(alignof(cell64) >= ngcrt::simd_alignment);
static_assert(cell64::n_units == 64 && cell64::capacity == 1 && cell64::sigma_size == 1);
static_assert(ngcrt::GaussianErrorCell<float, ngcrt::Units<4, 5, 6>, 2, ngcrt::Convention::ngclearn_3_1,
                                       ngcrt::SigmaShape::per_unit>::sigma_size == 120);
static_assert(ngcrt::Units<4, 5, 6>::size == 120 && ngcrt::Units<4, 5, 6>::rank == 3);
static_assert(!std::is_copy_constructible_v<ngcrt::GaussianErrorCellView<float>>);
static_assert(std::is_copy_constructible_v<cell64>);
static_assert(std::is_base_of_v<ngcrt::GaussianErrorCellView<float>, cell64>);
static_assert(std::is_nothrow_default_constructible_v<cell64>);

TEST_CASE("own compartments are aligned for SIMD", "[api]") {
    ngcrt::GaussianErrorCell<float, ngcrt::Units<3>, 3> c;
    auto aligned = [](const void* p) {
        return reinterpret_cast<std::uintptr_t>(p) % ngcrt::simd_alignment == 0;
    };
    CHECK(aligned(c.mu().data()));
    CHECK(aligned(c.target().data()));
    CHECK(aligned(c.modulator().data()));
    CHECK(aligned(c.mask().data()));
    CHECK(aligned(c.dmu().data()));
    CHECK(aligned(c.dtarget().data()));
}

TEST_CASE("status codes have names", "[api]") {
    CHECK(std::string(ngcrt::to_string(ngcrt::status::ok)) == "ok");
    CHECK(std::string(ngcrt::to_string(ngcrt::status::invalid_sigma)).find("Sigma") != std::string::npos);
    CHECK(static_cast<int>(ngcrt::status::invalid_batch_size) < 0);
    CHECK(std::string(ngcrt::to_string(static_cast<ngcrt::status>(-999))) == "unknown status");
}

TEST_CASE("the view tells its configuration", "[api]") {
    ngcrt::GaussianErrorCell<float, ngcrt::Units<3>, 1, ngcrt::Convention::ngclearn_3_2,
                             ngcrt::SigmaShape::per_unit>
        g;
    CHECK(g.sigma_shape() == ngcrt::SigmaShape::per_unit);
    CHECK(g.convention() == ngcrt::Convention::ngclearn_3_2);
    ngcrt::LaplacianErrorCell<float, ngcrt::Units<3>, 1, ngcrt::Convention::ngclearn_3_2> l;
    CHECK(l.sigma_shape() == ngcrt::SigmaShape::scalar);
    CHECK(l.convention() == ngcrt::Convention::ngclearn_3_2);  // as configured (one kernel for both)
    ngcrt::BernoulliErrorCell<double, ngcrt::Units<3>, 1, ngcrt::Convention::ngclearn_3_1,
                              ngcrt::BernoulliInput::logits>
        b;
    CHECK(b.form() == ngcrt::BernoulliInput::logits);
    CHECK(b.dparameter().empty());
}

// The engine's rules as every cell of the family has them (tests/family_tests.hpp).
NGCRT_FAMILY_TESTS(ngcrt::GaussianErrorCellView, "GaussianErrorCell")
