// GaussianErrorCell with a full covariance (Convention::exact, SigmaShape::full;
// docs/semantics.md): against a float64 NumPy reference (tests/full/reference.inc, written
// by tests/full/make_reference.py), the scalar and per-unit forms against the full form on
// the matching diagonal matrix, finite differences of L for dSigma and dmu in double, bad
// Sigma inputs changing nothing, the fixed-capacity type, and the leaky cell's full form.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "support.hpp"

using ngcrt::Convention;
using ngcrt::SigmaShape;

namespace {

struct full_case {
    const char* name;
    std::size_t N, B;
    double cond;
    const double *sigma, *mu, *target, *mod, *mask;
    double L;
    const double *dmu, *dsigma;
};

#include "full/reference.inc"

template <class T>
double tol() {
    return sizeof(T) == 4 ? 1e-4 : 1e-10;
}

// max_i |got_i - want_i| / max_i |want_i|: the normwise relative error.
template <class T>
double rel_error(const T* got, const double* want, std::size_t n) {
    double err = 0, mag = 0;
    for (std::size_t i = 0; i < n; ++i) {
        err = std::max(err, std::fabs(static_cast<double>(got[i]) - want[i]));
        mag = std::max(mag, std::fabs(want[i]));
    }
    return err / mag;
}

// A full-covariance view over owned buffers, N units, B rows.
template <class T>
struct full_cell {
    using View = ngcrt::GaussianErrorCellView<T>;
    using Cell = ngcrt::cells::gaussian;
    std::size_t N, B;
    ngcrt_test::owned_buffers<T> ob;
    View cell;
    full_cell(std::size_t units, std::size_t batch, SigmaShape form = SigmaShape::full)
        : N(units), B(batch),
          ob(units * batch, Cell::parameter_count(form, units), Cell::workspace_count(form, units)) {
        REQUIRE(cell.init({ngcrt::shape::dense(N), B, form, Convention::exact},
                          ob.template buffers_for<View>()) == ngcrt::status::ok);
    }
    void inputs(const double* mu, const double* target, const double* mod = nullptr,
                const double* mask = nullptr) {
        for (std::size_t i = 0; i < N * B; ++i) {
            cell.mu()[i] = static_cast<T>(mu[i]);
            cell.target()[i] = static_cast<T>(target[i]);
            if (mod) cell.modulator()[i] = static_cast<T>(mod[i]);
            if (mask) cell.mask()[i] = static_cast<T>(mask[i]);
        }
    }
    ngcrt::status sigma(const double* s, std::size_t count) {
        std::vector<T> v(s, s + count);
        return cell.set_Sigma(ngcrt::span<const T>(v.data(), v.size()));
    }
};

}  // namespace

TEMPLATE_TEST_CASE("full covariance: L, dmu, dtarget and dSigma match the float64 reference", "[full]", float,
                   double) {
    using T = TestType;
    for (const full_case& c : full_cases) {
        INFO(c.name << (sizeof(T) == 4 ? " float" : " double"));
        full_cell<T> f(c.N, c.B);
        REQUIRE(f.sigma(c.sigma, c.N * c.N) == ngcrt::status::ok);
        f.inputs(c.mu, c.target, c.mod, c.mask);
        REQUIRE(f.cell.advance_state() == ngcrt::status::ok);
        CHECK(std::fabs(static_cast<double>(f.cell.L()) - c.L) / std::fabs(c.L) <= tol<T>());
        CHECK(rel_error(f.cell.dmu().data(), c.dmu, c.N * c.B) <= tol<T>());
        CHECK(rel_error(f.cell.dSigma().data(), c.dsigma, c.N * c.N) <= tol<T>());
        for (std::size_t i = 0; i < c.N * c.B; ++i)
            REQUIRE(ngcrt_test::bits(f.cell.dtarget()[i]) == ngcrt_test::bits(T(-f.cell.dmu()[i])));
        for (T m : std::as_const(f.cell).mask()) REQUIRE(m == T(1));  // eaten
        // A second step on the same inputs reuses the factor: the same bits.
        const T L = f.cell.L();
        f.inputs(c.mu, c.target, nullptr, c.mask);
        REQUIRE(f.cell.advance_state() == ngcrt::status::ok);
        CHECK(ngcrt_test::bits(f.cell.L()) == ngcrt_test::bits(L));
    }
}

TEMPLATE_TEST_CASE(
    "full covariance: the scalar and per-unit forms agree with the full form on a diagonal Sigma", "[full]",
    float, double) {
    using T = TestType;
    ngcrt_test::rng r(31);
    const std::size_t N = 19, B = 3;
    const auto mu = r.values<double>(N * B, -2, 2, 0), tg = r.values<double>(N * B, -2, 2, 0);
    const auto s = r.values<double>(N, 0.3, 3, 0);
    for (bool isotropic : {false, true}) {
        INFO((isotropic ? "scalar" : "per unit"));
        std::vector<double> diag(N * N, 0.0), per(N);
        for (std::size_t j = 0; j < N; ++j)
            diag[j * N + j] = per[j] = static_cast<double>(static_cast<T>(isotropic ? s[0] : s[j]));
        full_cell<T> full(N, B);
        full_cell<T> other(N, B, isotropic ? SigmaShape::scalar : SigmaShape::per_unit);
        REQUIRE(full.sigma(diag.data(), N * N) == ngcrt::status::ok);
        REQUIRE(other.sigma(per.data(), isotropic ? 1 : N) == ngcrt::status::ok);
        full.inputs(mu.data(), tg.data());
        other.inputs(mu.data(), tg.data());
        REQUIRE(full.cell.advance_state() == ngcrt::status::ok);
        REQUIRE(other.cell.advance_state() == ngcrt::status::ok);
        CHECK(static_cast<double>(full.cell.L()) ==
              Approx(static_cast<double>(other.cell.L())).epsilon(tol<T>()));
        std::vector<double> want(other.cell.dmu().begin(), other.cell.dmu().end());
        CHECK(rel_error(full.cell.dmu().data(), want.data(), N * B) <= tol<T>());
        // dSigma: the full form's diagonal is the per-unit derivative; the scalar one is
        // the derivative along Sigma = s I, the sum of the diagonal.
        double trace = 0;
        std::vector<double> d(N);
        for (std::size_t j = 0; j < N; ++j)
            trace += d[j] = static_cast<double>(full.cell.dSigma()[j * N + j]);
        if (isotropic) {
            CHECK(trace ==
                  Approx(static_cast<double>(other.cell.dSigma()[0])).epsilon(tol<T>()).margin(tol<T>()));
        } else {
            std::vector<double> w(other.cell.dSigma().begin(), other.cell.dSigma().end());
            CHECK(rel_error(d.data(), w.data(), N) <= tol<T>());
        }
    }
}

TEST_CASE("full covariance: dSigma and dmu are the finite differences of L (double)", "[full]") {
    const full_case& c = full_cases[1];  // N = 16, B = 3, condition number 1e3
    auto L_of = [&](const std::vector<double>& sigma, const std::vector<double>& mu) {
        full_cell<double> f(c.N, c.B);
        REQUIRE(f.sigma(sigma.data(), c.N * c.N) == ngcrt::status::ok);
        f.inputs(mu.data(), c.target);
        REQUIRE(f.cell.advance_state() == ngcrt::status::ok);
        return f.cell.L();
    };
    std::vector<double> sigma(c.sigma, c.sigma + c.N * c.N), mu(c.mu, c.mu + c.N * c.B);
    full_cell<double> f(c.N, c.B);
    REQUIRE(f.sigma(sigma.data(), c.N * c.N) == ngcrt::status::ok);
    f.inputs(mu.data(), c.target);
    REQUIRE(f.cell.advance_state() == ngcrt::status::ok);
    const double h = 1e-6;
    // dL/dmu_k = (Sigma^-1 e)_k (modulator and mask ones).
    for (std::size_t k : {0u, 7u, 16u, 47u}) {
        auto up = mu, down = mu;
        up[k] += h;
        down[k] -= h;
        const double fd = (L_of(sigma, up) - L_of(sigma, down)) / (2 * h);
        INFO("mu[" << k << "]");
        CHECK(fd == Approx(f.cell.dmu()[k]).epsilon(1e-6).margin(1e-8));
    }
    // Only the lower triangle is read, so A_ij (i > j) moves Sigma_ij and Sigma_ji together:
    // dL/dA_ij = 2 dSigma_ij off the diagonal, dSigma_ii on it.
    for (const auto& [i, j] :
         {std::pair<std::size_t, std::size_t>{0, 0}, {5, 5}, {15, 15}, {3, 1}, {15, 0}, {9, 8}}) {
        auto up = sigma, down = sigma;
        up[i * c.N + j] += h;
        down[i * c.N + j] -= h;
        const double fd = (L_of(up, mu) - L_of(down, mu)) / (2 * h);
        const double d = f.cell.dSigma()[i * c.N + j] * (i == j ? 1.0 : 2.0);
        INFO("Sigma[" << i << "][" << j << "]");
        CHECK(fd == Approx(d).epsilon(1e-5).margin(1e-7));
        CHECK(ngcrt_test::bits(f.cell.dSigma()[i * c.N + j]) ==
              ngcrt_test::bits(f.cell.dSigma()[j * c.N + i]));
    }
}

TEMPLATE_TEST_CASE(
    "full covariance: a Sigma that is not positive definite, NaN, infinite or of the wrong size changes "
    "nothing",
    "[full][bad-input]", float, double) {
    using T = TestType;
    const full_case& c = full_cases[0];  // N = 3
    const std::size_t N = c.N;
    full_cell<T> f(N, 1);
    REQUIRE(f.sigma(c.sigma, N * N) == ngcrt::status::ok);
    f.inputs(c.mu, c.target);
    REQUIRE(f.cell.advance_state() == ngcrt::status::ok);
    auto snapshot = [&] {
        std::vector<std::vector<T>> s;
        for (auto* v : f.ob.all()) s.push_back(*v);
        s.push_back(f.ob.Sigma);
        s.push_back(f.ob.dSigma);
        s.push_back(f.ob.workspace);
        return s;
    };
    const auto before = snapshot();
    const T L = f.cell.L();
    const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    std::vector<std::vector<T>> bad;
    bad.push_back({T(1), T(2), T(0), T(2), T(1), T(0), T(0), T(0), T(1)});  // eigenvalues 3, -1, 1
    bad.push_back({T(1), T(0), T(0), T(0), T(0), T(0), T(0), T(0), T(1)});  // singular
    bad.push_back({T(-1), T(0), T(0), T(0), T(1), T(0), T(0), T(0), T(1)});
    bad.push_back({T(1), T(0), T(0), nan, T(1), T(0), T(0), T(0), T(1)});  // NaN in the lower triangle
    bad.push_back({T(1), T(0), T(0), T(0), T(1), T(0), T(0), T(0), inf});
    bad.push_back({T(1), T(0), T(0), T(0), T(1), T(0), T(0), -inf, T(1)});
    for (const auto& b : bad) {
        CHECK(f.cell.set_Sigma(ngcrt::span<const T>(b.data(), b.size())) == ngcrt::status::invalid_sigma);
        // Written in place, refused by the next step.
        std::copy(b.begin(), b.end(), f.cell.Sigma().begin());
        CHECK(f.cell.validate() == ngcrt::status::invalid_sigma);
        CHECK(f.cell.advance_state() == ngcrt::status::invalid_sigma);
        std::copy(c.sigma, c.sigma + N * N, f.cell.Sigma().begin());
        for (std::size_t i = 0; i < N * N; ++i) f.ob.Sigma[i] = static_cast<T>(c.sigma[i]);
    }
    std::vector<T> wrong(N, T(1));
    CHECK(f.cell.set_Sigma(ngcrt::span<const T>(wrong.data(), N)) == ngcrt::status::size_mismatch);
    CHECK(f.cell.set_Sigma(T(0)) == ngcrt::status::invalid_sigma);
    // A wired Sigma is checked (factored) at every step.
    std::vector<T> wired = bad[0];
    REQUIRE(f.cell.bind(ngcrt::slot::parameter, ngcrt::span<const T>(wired.data(), N * N)) ==
            ngcrt::status::ok);
    CHECK(f.cell.advance_state() == ngcrt::status::invalid_sigma);
    f.cell.unbind(ngcrt::slot::parameter);
    CHECK(snapshot() == before);
    CHECK(ngcrt_test::bits(f.cell.L()) == ngcrt_test::bits(L));
    // The upper triangle is never read (LAPACK potrf's convention).
    std::vector<T> upper_nan(c.sigma, c.sigma + N * N);
    upper_nan[1] = nan;
    upper_nan[2] = -inf;
    REQUIRE(f.cell.set_Sigma(ngcrt::span<const T>(upper_nan.data(), N * N)) == ngcrt::status::ok);
    f.inputs(c.mu, c.target);
    REQUIRE(f.cell.advance_state() == ngcrt::status::ok);
    CHECK(ngcrt_test::bits(f.cell.L()) == ngcrt_test::bits(L));
    // Other configurations: a full Sigma outside the exact convention, or over a feature map.
    ngcrt::GaussianErrorCellView<T> v;
    CHECK(v.init({ngcrt::shape::dense(N), 1, SigmaShape::full, Convention::ngclearn_3_1},
                 f.ob.template buffers_for<ngcrt::GaussianErrorCellView<T>>()) ==
          ngcrt::status::invalid_argument);
    CHECK(v.init({ngcrt::shape::feature_map(1, 1, N), 1, SigmaShape::full, Convention::exact},
                 f.ob.template buffers_for<ngcrt::GaussianErrorCellView<T>>()) ==
          ngcrt::status::invalid_shape);
}

TEST_CASE("full covariance: the fixed-capacity cell starts at Sigma = I and keeps everything inside",
          "[full]") {
    using Cell = ngcrt::GaussianErrorCell<float, ngcrt::Units<16>, 4, Convention::exact, SigmaShape::full>;
    static_assert(Cell::sigma_size == 256);
    Cell cell{};
    REQUIRE(cell.Sigma().size() == 256);
    for (std::size_t i = 0; i < 16; ++i)
        for (std::size_t j = 0; j < 16; ++j)
            CHECK(std::as_const(cell).Sigma()[i * 16 + j] == (i == j ? 1.f : 0.f));
    for (float& t : cell.target()) t = 1.f;
    REQUIRE(cell.advance_state() == ngcrt::status::ok);
    // Sigma = I: r = e, L = -n/2 - B N/2 log(2 pi), dSigma = 0.5 (sum_b e e^T - B I).
    CHECK(cell.dmu()[5] == 1.f);
    CHECK(cell.L() == Approx(-32.0 - 4 * 8 * std::log(2 * 3.14159265358979323846)).epsilon(1e-6));
    CHECK(cell.dSigma()[0] == 0.f);  // 0.5 (4 - 4)
    CHECK(cell.dSigma()[1] == 2.f);  // 0.5 (4 - 0)
    // A scale: set_Sigma(v) is v I.
    REQUIRE(cell.set_Sigma(4.f) == ngcrt::status::ok);
    REQUIRE(cell.advance_state() == ngcrt::status::ok);
    CHECK(cell.dmu()[0] == 0.25f);
    // Copies carry the factor.
    Cell copy = cell;
    REQUIRE(copy.advance_state() == ngcrt::status::ok);
    CHECK(ngcrt_test::bits(copy.L()) == ngcrt_test::bits(cell.L()));
}

TEST_CASE("full covariance: the leaky cell's full form, tau = 0, is the Gaussian cell's bit for bit",
          "[full][leaky]") {
    const full_case& c = full_cases[1];
    using G = ngcrt::GaussianErrorCellView<float>;
    using Lk = ngcrt::LeakyGaussianErrorCellView<float>;
    const std::size_t N = c.N, B = c.B, nw = ngcrt::cells::gaussian::workspace_count(SigmaShape::full, N);
    ngcrt_test::owned_buffers<float> og(N * B, N * N, nw), ol(N * B, N * N, nw);
    G g;
    Lk l;
    REQUIRE(g.init({ngcrt::shape::dense(N), B, SigmaShape::full, Convention::exact}, og.buffers_for<G>()) ==
            ngcrt::status::ok);
    REQUIRE(l.init({ngcrt::shape::dense(N), B, SigmaShape::full, Convention::exact}, ol.buffers_for<Lk>()) ==
            ngcrt::status::ok);
    std::vector<float> s(c.sigma, c.sigma + N * N);
    REQUIRE(g.set_Sigma(ngcrt::span<const float>(s.data(), s.size())) == ngcrt::status::ok);
    REQUIRE(l.set_Sigma(ngcrt::span<const float>(s.data(), s.size())) == ngcrt::status::ok);
    for (std::size_t i = 0; i < N * B; ++i) {
        g.mu()[i] = l.mu()[i] = static_cast<float>(c.mu[i]);
        g.target()[i] = l.target()[i] = static_cast<float>(c.target[i]);
        g.modulator()[i] = l.modulator()[i] = static_cast<float>(c.mod[i]);
    }
    REQUIRE(g.advance_state() == ngcrt::status::ok);
    REQUIRE(l.advance_state(0.01f) == ngcrt::status::ok);
    CHECK(ngcrt_test::first_bit_difference(g.dmu().data(), l.dmu().data(), N * B) == -1);
    CHECK(ngcrt_test::first_bit_difference(g.dSigma().data(), l.dSigma().data(), N * N) == -1);
    CHECK(ngcrt_test::bits(g.L()) == ngcrt_test::bits(l.L()));
    // With tau > 0 the state moves by e + a (x - e), and the outputs are its precision-weighted error.
    REQUIRE(l.set_tau(0.05f) == ngcrt::status::ok);
    REQUIRE(l.reset() == ngcrt::status::ok);
    for (std::size_t i = 0; i < N * B; ++i) {
        l.mu()[i] = static_cast<float>(c.mu[i]);
        l.target()[i] = static_cast<float>(c.target[i]);
    }
    REQUIRE(l.advance_state(0.01f) == ngcrt::status::ok);
    const float a = -ngcrt::math::expm1(-(0.01f / 0.05f));
    for (std::size_t i = 0; i < N * B; ++i) {
        const float x = static_cast<float>(c.target[i]) - static_cast<float>(c.mu[i]);
        REQUIRE(ngcrt_test::bits(l.e()[i]) == ngcrt_test::bits(0.f + a * (x - 0.f)));
    }
}
