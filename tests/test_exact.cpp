// Convention::exact: every cell's true log-density and derivatives (docs/semantics.md),
// against an independent reference in the widest type the C library has, and against
// finite differences of L (double).
#include <catch2/catch.hpp>

#include <cmath>
#include <type_traits>
#include <utility>
#include <vector>

#include "support.hpp"

using ngcrt::BernoulliInput;
using ngcrt::Convention;
using ngcrt::SigmaShape;

namespace {

using wide = std::conditional_t<(sizeof(long double) > sizeof(double)), long double, double>;
constexpr wide log_2pi = 1.837877066409345483560659472811235279722794947275566825634L;

template <class T>
double tol() {
    return sizeof(T) == 4 ? 1e-4 : 1e-10;
}
// |got - want| within tol of the magnitude `scale` of the terms `want` is made of.
template <class T>
bool close(T got, wide want, wide scale) {
    return std::fabs(static_cast<wide>(got) - want) <= tol<T>() * (std::fabs(scale) + 1e-300L);
}

struct case_data {
    std::size_t units, batch;
    std::vector<double> x, y, mod, mask, param;
};

case_data make(std::size_t units, std::size_t batch, bool per_unit, std::uint64_t seed, double plo = 0.3,
               double phi = 3.0) {
    ngcrt_test::rng r(seed);
    case_data c{units, batch, {}, {}, {}, {}, {}};
    const std::size_t n = units * batch;
    for (std::size_t i = 0; i < n; ++i) {
        c.x.push_back(r.uniform(-2, 2));
        c.y.push_back(r.uniform(-2, 2));
        c.mod.push_back(r.uniform(0.5, 1.5));
        c.mask.push_back(r.coin(0.8) ? 1.0 : 0.0);
    }
    for (std::size_t j = 0; j < (per_unit ? units : 1); ++j) c.param.push_back(r.uniform(plo, phi));
    return c;
}

template <class View>
void load(View& cell, const case_data& c) {
    using T = typename View::value_type;
    const std::size_t n = c.units * c.batch;
    for (std::size_t i = 0; i < n; ++i) {
        cell.prediction()[i] = static_cast<T>(c.x[i]);
        cell.target()[i] = static_cast<T>(c.y[i]);
        cell.modulator()[i] = static_cast<T>(c.mod[i]);
        cell.mask()[i] = static_cast<T>(c.mask[i]);
    }
    if constexpr (View::has_parameter) {
        std::vector<T> p(c.param.begin(), c.param.end());
        REQUIRE(cell.set_parameter(ngcrt::span<const T>(p.data(), p.size())) == ngcrt::status::ok);
    }
}

// A view of `Cell` over owned buffers, in the exact convention.
template <class View>
struct exact_cell {
    ngcrt_test::owned_buffers<typename View::value_type> ob;
    View cell;
    exact_cell(const case_data& c, typename View::form_type form)
        : ob(c.units * c.batch, std::max<std::size_t>(c.param.size(), 1)) {
        REQUIRE(cell.init({ngcrt::shape::dense(c.units), c.batch, form, Convention::exact},
                          ob.template buffers_for<View>()) == ngcrt::status::ok);
        load(cell, c);
        REQUIRE(cell.advance_state() == ngcrt::status::ok);
    }
};

// L of the Gaussian exact convention, in `wide`: the true log-density, mask and modulator aside.
wide gaussian_L(const case_data& c, const std::vector<double>& sigma, bool per_unit) {
    wide L = 0;
    for (std::size_t i = 0; i < c.x.size(); ++i) {
        const wide s = sigma[per_unit ? i % c.units : 0], e = wide(c.y[i]) - wide(c.x[i]);
        L += -0.5L * e * e / s - 0.5L * (std::log(s) + log_2pi);
    }
    return L;
}

}  // namespace

TEMPLATE_TEST_CASE("exact Gaussian: the true log-density and derivatives", "[exact][gaussian]", float,
                   double) {
    using T = TestType;
    for (bool per_unit : {false, true}) {
        for (std::size_t units : {1u, 7u, 40u}) {
            INFO((per_unit ? "per-unit" : "scalar") << " Sigma, " << units << " units");
            case_data c = make(units, 3, per_unit, 11 + units);
            // the values the cell holds, in T
            for (double& v : c.x) v = static_cast<double>(static_cast<T>(v));
            for (double& v : c.y) v = static_cast<double>(static_cast<T>(v));
            for (double& v : c.param) v = static_cast<double>(static_cast<T>(v));
            exact_cell<ngcrt::GaussianErrorCellView<T>> g(
                c, per_unit ? SigmaShape::per_unit : SigmaShape::scalar);
            const auto& cell = g.cell;
            wide quad_scale = 0;
            for (std::size_t i = 0; i < c.x.size(); ++i) {
                const wide s = c.param[per_unit ? i % units : 0], e = wide(c.y[i]) - wide(c.x[i]);
                const wide r = e / s, want = r * wide(c.mod[i]) * wide(c.mask[i]);
                CHECK(close<T>(cell.dmu()[i], want, std::fabs(want) + std::fabs(r)));
                CHECK(ngcrt_test::bits(cell.dtarget()[i]) == ngcrt_test::bits(T(-cell.dmu()[i])));
                quad_scale += 0.5L * e * e / s + 0.5L * std::fabs(std::log(s) + log_2pi);
            }
            CHECK(close<T>(cell.L(), gaussian_L(c, c.param, per_unit), quad_scale));
            // dSigma: sum over the batch of e^2/(2 s^2) - 1/(2 s), per unit or over everything
            for (std::size_t j = 0; j < cell.dSigma().size(); ++j) {
                wide want = 0, scale = 0;
                for (std::size_t i = 0; i < c.x.size(); ++i) {
                    if (per_unit && i % units != j) continue;
                    const wide s = c.param[per_unit ? j : 0], e = wide(c.y[i]) - wide(c.x[i]);
                    want += e * e / (2 * s * s) - 1 / (2 * s);
                    scale += e * e / (2 * s * s) + 1 / (2 * s);
                }
                CHECK(close<T>(cell.dSigma()[j], want, scale));
            }
        }
    }
}

TEST_CASE("exact Gaussian: dSigma and dmu are L's derivatives (finite differences, double)",
          "[exact][gaussian]") {
    for (bool per_unit : {false, true}) {
        case_data c = make(5, 2, per_unit, 7);
        for (double& m : c.mod) m = 1;
        for (double& m : c.mask) m = 1;
        exact_cell<ngcrt::GaussianErrorCellView<double>> g(
            c, per_unit ? SigmaShape::per_unit : SigmaShape::scalar);
        const double h = 1e-6;
        for (std::size_t j = 0; j < c.param.size(); ++j) {
            auto up = c.param, down = c.param;
            up[j] += h;
            down[j] -= h;
            const double fd =
                static_cast<double>((gaussian_L(c, up, per_unit) - gaussian_L(c, down, per_unit)) / (2 * h));
            CHECK(g.cell.dSigma()[j] == Approx(fd).epsilon(1e-6));
        }
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            case_data up = c, down = c;
            up.x[i] += h;
            down.x[i] -= h;
            const double fd = static_cast<double>(
                (gaussian_L(up, c.param, per_unit) - gaussian_L(down, c.param, per_unit)) / (2 * h));
            CHECK(g.cell.dmu()[i] == Approx(fd).epsilon(1e-6));
        }
    }
}

TEST_CASE("exact Gaussian: a per-unit Sigma of one value is the scalar Sigma", "[exact][gaussian]") {
    case_data c = make(33, 2, false, 5);
    case_data cu = c;
    cu.param.assign(33, c.param[0]);
    exact_cell<ngcrt::GaussianErrorCellView<double>> scalar(c, SigmaShape::scalar),
        per_unit(cu, SigmaShape::per_unit);
    CHECK(per_unit.cell.L() == Approx(scalar.cell.L()).epsilon(1e-12));
    double sum = 0;
    for (double d : per_unit.cell.dSigma()) sum += d;
    CHECK(sum == Approx(scalar.cell.dSigma()[0]).epsilon(1e-12));  // d/ds of L(s I) = sum of the diagonal's
    for (std::size_t i = 0; i < 66; ++i)
        CHECK(per_unit.cell.dmu()[i] == Approx(scalar.cell.dmu()[i]).epsilon(1e-15));
}

namespace {
wide laplacian_L(const case_data& c, const std::vector<double>& b, bool per_unit) {
    wide L = 0;
    for (std::size_t i = 0; i < c.x.size(); ++i) {
        const wide s = b[per_unit ? i % c.units : 0], e = wide(c.y[i]) - wide(c.x[i]);
        L += -std::fabs(e) / s - std::log(2 * s);
    }
    return L;
}
}  // namespace

TEMPLATE_TEST_CASE("exact Laplacian: the true log-density and derivatives", "[exact][laplacian]", float,
                   double) {
    using T = TestType;
    for (bool per_unit : {false, true}) {
        case_data c = make(9, 3, per_unit, 23);
        for (double& v : c.x) v = static_cast<double>(static_cast<T>(v));
        for (double& v : c.y) v = static_cast<double>(static_cast<T>(v));
        for (double& v : c.param) v = static_cast<double>(static_cast<T>(v));
        exact_cell<ngcrt::LaplacianErrorCellView<T>> l(c,
                                                       per_unit ? SigmaShape::per_unit : SigmaShape::scalar);
        wide scale = 0;
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            const wide s = c.param[per_unit ? i % 9 : 0], e = wide(c.y[i]) - wide(c.x[i]);
            scale += std::fabs(e) / s + std::fabs(std::log(2 * s));
            const wide want = (e > 0 ? 1 : e < 0 ? -1 : 0) / s * wide(c.mod[i]) * wide(c.mask[i]);
            CHECK(close<T>(l.cell.dshift()[i], want, std::fabs(want)));
        }
        CHECK(close<T>(l.cell.L(), laplacian_L(c, c.param, per_unit), scale));
        // dScale: sum over the batch (and units, scalar) of |e|/b^2 - 1/b
        for (std::size_t j = 0; j < l.cell.dScale().size(); ++j) {
            wide want = 0, sc = 0;
            for (std::size_t i = 0; i < c.x.size(); ++i) {
                if (per_unit && i % 9 != j) continue;
                const wide s = c.param[per_unit ? j : 0], e = std::fabs(wide(c.y[i]) - wide(c.x[i]));
                want += e / (s * s) - 1 / s;
                sc += e / (s * s) + 1 / s;
            }
            CHECK(close<T>(l.cell.dScale()[j], want, sc));
        }
    }
}

TEST_CASE("exact Laplacian: dScale is L's derivative (finite differences, double)", "[exact][laplacian]") {
    for (bool per_unit : {false, true}) {
        case_data c = make(4, 3, per_unit, 31);
        exact_cell<ngcrt::LaplacianErrorCellView<double>> l(
            c, per_unit ? SigmaShape::per_unit : SigmaShape::scalar);
        const double h = 1e-6;
        for (std::size_t j = 0; j < c.param.size(); ++j) {
            auto up = c.param, down = c.param;
            up[j] += h;
            down[j] -= h;
            const double fd = static_cast<double>(
                (laplacian_L(c, up, per_unit) - laplacian_L(c, down, per_unit)) / (2 * h));
            CHECK(l.cell.dScale()[j] == Approx(fd).epsilon(1e-6));
        }
    }
}

TEST_CASE("exact Bernoulli: probability input has the true derivative (no sigmoid' factor)",
          "[exact][bernoulli]") {
    case_data c = make(6, 2, false, 41);
    for (double& v : c.x) v = 0.05 + 0.9 * std::fabs(v) / 2;  // probabilities inside the clip
    for (double& v : c.y) v = v > 0 ? 1 : 0;
    for (double& m : c.mod) m = 1;
    for (double& m : c.mask) m = 1;
    auto L = [&](const case_data& d) {
        wide s = 0;
        for (std::size_t i = 0; i < d.x.size(); ++i)
            s += std::log(wide(d.x[i])) * d.y[i] + std::log(1 - wide(d.x[i])) * (1 - d.y[i]);
        return s;
    };
    exact_cell<ngcrt::BernoulliErrorCellView<double>> b(c, BernoulliInput::probability);
    CHECK(b.cell.L() == Approx(static_cast<double>(L(c))).epsilon(1e-12));
    const double h = 1e-7;
    for (std::size_t i = 0; i < c.x.size(); ++i) {
        case_data up = c, down = c;
        up.x[i] += h;
        down.x[i] -= h;
        CHECK(b.cell.dp()[i] == Approx(static_cast<double>((L(up) - L(down)) / (2 * h))).epsilon(1e-6));
    }
    // logit input: the same as ngclearn's (already the true derivative there)
    exact_cell<ngcrt::BernoulliErrorCellView<double>> e(c, BernoulliInput::logits);
    ngcrt_test::owned_buffers<double> ob(12, 1);
    ngcrt::BernoulliErrorCellView<double> n;
    REQUIRE(n.init({ngcrt::shape::dense(6), 2, BernoulliInput::logits, Convention::ngclearn_3_1},
                   ob.buffers_for<ngcrt::BernoulliErrorCellView<double>>()) == ngcrt::status::ok);
    load(n, c);
    REQUIRE(n.advance_state() == ngcrt::status::ok);
    for (std::size_t i = 0; i < 12; ++i)
        CHECK(ngcrt_test::bits(e.cell.dp()[i]) == ngcrt_test::bits(n.dp()[i]));
    CHECK(ngcrt_test::bits(e.cell.L()) == ngcrt_test::bits(n.L()));
}

TEST_CASE("the exact convention rejects a bad parameter as the others do, and resets dSigma", "[exact]") {
    ngcrt::GaussianErrorCell<float, ngcrt::Units<4>, 2, Convention::exact> cell{2.f};
    CHECK(cell.set_Sigma(-1.f) == ngcrt::status::invalid_sigma);
    for (float& t : cell.target()) t = 1.f;
    REQUIRE(cell.advance_state() == ngcrt::status::ok);
    CHECK(cell.dSigma()[0] == Approx(8 * (1 / 8.0) - 8 / 4.0));  // S/(2 s^2) - n/(2 s), S = 8, s = 2
    CHECK(cell.L() == Approx(-0.5 * 8 / 2 - 8 * 0.5 * (std::log(2.0) + 1.8378770664093453)));
    REQUIRE(cell.reset() == ngcrt::status::ok);
    CHECK(cell.dSigma()[0] == 0.f);
    CHECK(cell.L() == 0.f);
}
