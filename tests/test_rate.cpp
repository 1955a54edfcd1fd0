// RateCell (docs/spec/rate-cell.md): the spec's regression vectors bit for bit; goldens from
// tests/rate/rate_reference.py (tests/rate/make_rate_golden.py) for every activation x prior x
// integrator, float32 bits and float64 within a stated tolerance; ngclearn's name-to-method
// table; every kernel the same bits; bad input changes nothing; reset, wiring, write-back;
// the accuracy of ngcrt's tanh, sin and cos on a sample. Run once per kernel (CTest).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <ngcrt/ngcrt.hpp>

using ngcrt::Activation;
using ngcrt::Convention;
using ngcrt::Prior;
using ngcrt::RateIntegration;
using ngcrt::status;

namespace {

std::uint32_t bits_of(float v) {
    std::uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    return u;
}
float float_of(std::uint32_t u) {
    float v;
    std::memcpy(&v, &u, sizeof v);
    return v;
}

struct rate_golden {
    Activation act;
    Prior prior;
    RateIntegration method;
    bool stateless, soft;
    Convention conv;
    bool has_bits;
    std::uint64_t fingerprint;  // of z, zF, j (float32)
    double z[16], zF[16];       // float64 reference: row 0's and row 1's first 8
};
// Written by tests/rate/make_rate_golden.py for a NaN or infinite reference value; the
// current goldens have none (clang's -Wunused-const-variable).
[[maybe_unused]] constexpr double nan64 = std::numeric_limits<double>::quiet_NaN();
[[maybe_unused]] constexpr double inf64 = std::numeric_limits<double>::infinity();
constexpr std::size_t golden_units = 19, golden_rows = 2, golden_steps = 3;
constexpr std::size_t golden_prefix[16] = {0, 1, 2, 3, 4, 5, 6, 7, 19, 20, 21, 22, 23, 24, 25, 26};

#include "rate/rate_golden.inc"

// FNV-1a, one 64-bit word per element (its bits, zero-extended; any NaN as 0x7fc00000).
std::uint64_t fingerprint(std::uint64_t h, const float* v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t word = std::isnan(v[i]) ? 0x7FC00000u : bits_of(v[i]);
        h = (h ^ word) * 0x100000001B3u;
    }
    return h;
}

// A view over vectors: `units` x `rows`.
template <class T>
struct rate_fixture {
    std::vector<T> j, j_td, z, zF;
    ngcrt::RateCellView<T> cell;
    rate_fixture(std::size_t units, std::size_t rows, const ngcrt::RateSettings<T>& s,
                 ngcrt::shape shp = ngcrt::shape{})
        : j(units * rows), j_td(units * rows), z(units * rows), zF(units * rows) {
        if (shp.dims[0] == 0) shp = ngcrt::shape::dense(units);
        REQUIRE(cell.init(shp, rows, rows, s,
                          ngcrt::RateBuffers<T>{j.data(), j_td.data(), z.data(), zF.data(), j.size()}) ==
                status::ok);
    }
};

template <class T>
ngcrt::RateSettings<T> golden_settings(const rate_golden& g) {
    ngcrt::RateSettings<T> s;
    s.tau_m = g.stateless ? T(0) : T(10);
    s.prior = g.prior;
    s.gamma = T(0.3);
    s.act_fx = g.act;
    s.output_scale = T(0.75);
    s.threshold = g.soft ? ngcrt::Threshold::soft_threshold : ngcrt::Threshold::none;
    s.threshold_lambda = T(0.1);
    s.integration = g.method;
    s.resist_scale = g.act == Activation::sine ? T(0.01) : T(1.5);  // (make_rate_golden.py's resist_of)
    s.convention = g.conv;
    return s;
}

template <class T>
void run_golden(rate_fixture<T>& f) {
    for (std::size_t i = 0; i < golden_units * golden_rows; ++i) {
        f.cell.j()[i] = T(float_of(rate_input_j[i]));
        f.cell.j_td()[i] = T(float_of(rate_input_j_td[i]));
        f.cell.z()[i] = T(float_of(rate_input_z[i]));
    }
    for (std::size_t s = 0; s < golden_steps; ++s) REQUIRE(f.cell.advance_state(T(0.5)) == status::ok);
}

std::string describe(const rate_golden& g) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s %s %s%s%s %s", ngcrt::to_string(g.act), ngcrt::to_string(g.prior),
                  ngcrt::to_string(g.method), g.stateless ? " stateless" : "",
                  g.soft ? " soft_threshold" : "", ngcrt::to_string(g.conv));
    return buf;
}

// |got - want| <= tol max(1, |want|), NaN matching NaN, inf matching inf.
bool close(double got, double want, double tol) {
    if (std::isnan(want) || std::isnan(got)) return std::isnan(want) && std::isnan(got);
    if (std::isinf(want) || std::isinf(got)) return got == want;
    return std::fabs(got - want) <= tol * std::fmax(1.0, std::fabs(want));
}

// The tolerances the goldens hold: a float cell against the float64 reference over 3 steps,
// and a double cell (ngcrt's exp etc. against NumPy's, within an ulp or two each).
constexpr double float_tolerance = 2e-5;
constexpr double double_tolerance = 1e-13;

// The math sample: smaller on a bare-metal board under qemu.
#ifdef NGCRT_TEST_MAX_ELEMENTS
constexpr int math_samples = 20000;
#else
constexpr int math_samples = 200000;
#endif

template <class T>
T run_one(const ngcrt::RateSettings<T>& s, T z, T j, T j_td, T dt) {
    rate_fixture<T> f(1, 1, s);
    f.cell.z()[0] = z;
    f.cell.j()[0] = j;
    f.cell.j_td()[0] = j_td;
    REQUIRE(f.cell.advance_state(dt) == status::ok);
    return f.cell.z()[0];
}

}  // namespace

TEST_CASE("rate: the spec's vector 1 (ngclearn's unit test, identity, Euler, tau_m = 50), bit for bit",
          "[rate]") {
    ngcrt::RateCell<float, ngcrt::Units<1>> c{[] {
        ngcrt::RateSettings<float> s;
        s.tau_m = 50.f;
        return s;
    }()};
    REQUIRE(c.init_status() == status::ok);
    const std::uint32_t want[10] = {0x3ca3d70a, 0x3d23d70a, 0x3d75c28f, 0x3da3d70a, 0x3dcccccc,
                                    0x3df5c28e, 0x3e0f5c28, 0x3e23d709, 0x3e3851ea, 0x3e4ccccb};
    c.j()[0] = 1.f;
    for (std::uint32_t w : want) {
        REQUIRE(c.advance_state(1.f) == status::ok);
        CHECK(bits_of(c.z()[0]) == w);
        CHECK(c.j()[0] == 1.f);  // jm = j * 1 * 1 written back
    }
}

TEST_CASE("rate: the spec's vector 2 (one sigmoid step), bit for bit", "[rate]") {
    ngcrt::RateSettings<float> s;
    s.tau_m = 25.f;
    s.act_fx = Activation::sigmoid;
    rate_fixture<float> f(1, 1, s);
    f.cell.z()[0] = float_of(0x3e99999a);
    f.cell.j()[0] = 0.2f;
    f.cell.j_td()[0] = -0.05f;
    REQUIRE(f.cell.advance_state(1.f) == status::ok);
    CHECK(bits_of(f.cell.j()[0]) == 0x3d4842a0u);  // jm
    CHECK(bits_of(f.cell.z()[0]) == 0x3e9993cau);
    CHECK(bits_of(f.cell.zF()[0]) == 0x3f130df4u);
}

TEST_CASE("rate: the spec's vector 3 (integrators by ngclearn's names, priors, threshold, stateless)",
          "[rate]") {
    struct row {
        const char* name;
        Prior prior;
        bool soft, stateless;
        std::uint32_t want;
    };
    const row rows[] = {{"euler", Prior::gaussian, false, false, 0x3f4ed917},
                        {"rk4", Prior::gaussian, false, false, 0x3f4ed917},
                        {"ralston", Prior::gaussian, false, false, 0x3f4ed917},
                        {"euler", Prior::laplacian, false, false, 0x3f4e147b},
                        {"euler", Prior::cauchy, false, false, 0x3f4e2c75},
                        {"midpoint", Prior::gaussian, false, false, 0x3f4ed528},
                        {"heun", Prior::gaussian, false, false, 0x3f4ed52d},
                        {"euler", Prior::gaussian, true, false, 0x3f0ed917},
                        {"euler", Prior::gaussian, false, true, 0x3ecccccd}};
    for (const row& r : rows) {
        ngcrt::RateSettings<float> s;
        s.tau_m = r.stateless ? 0.f : 10.f;
        s.prior = r.prior;
        s.gamma = 0.3f;
        s.integration = ngcrt::integrator_from_name(r.name);
        s.threshold = r.soft ? ngcrt::Threshold::soft_threshold : ngcrt::Threshold::none;
        s.threshold_lambda = 0.25f;
        INFO(r.name << " prior " << ngcrt::to_string(r.prior));
        CHECK(bits_of(run_one<float>(s, 0.8f, 0.5f, -0.1f, 0.5f)) == r.want);
    }
}

TEST_CASE("rate: ngclearn's integrator names run what ngclearn runs", "[rate]") {
    CHECK(ngcrt::integrator_from_name("euler") == RateIntegration::euler);
    CHECK(ngcrt::integrator_from_name("rk1") == RateIntegration::euler);
    CHECK(ngcrt::integrator_from_name("nonsense") == RateIntegration::euler);
    CHECK(ngcrt::integrator_from_name(nullptr) == RateIntegration::euler);
    CHECK(ngcrt::integrator_from_name("midpoint") == RateIntegration::midpoint);
    CHECK(ngcrt::integrator_from_name("rk2") == RateIntegration::midpoint);
    CHECK(ngcrt::integrator_from_name("heun") == RateIntegration::rk4);
    CHECK(ngcrt::integrator_from_name("rk2_heun") == RateIntegration::rk4);
    CHECK(ngcrt::integrator_from_name("ralston") == RateIntegration::euler);
    CHECK(ngcrt::integrator_from_name("rk2_ralston") == RateIntegration::euler);
    CHECK(ngcrt::integrator_from_name("rk4") == RateIntegration::euler);
    CHECK(ngcrt::integrator_name_unrecognized("rk1"));
    CHECK(ngcrt::integrator_name_unrecognized("nonsense"));
    CHECK_FALSE(ngcrt::integrator_name_unrecognized("rk4"));
    Activation a = Activation::identity;
    CHECK(ngcrt::activation_from_name("softplus", a) == status::ok);
    CHECK(a == Activation::softplus);
    CHECK(ngcrt::activation_from_name("my_heaviside_step", a) == status::ok);
    CHECK(a == Activation::heaviside);
    CHECK(ngcrt::activation_from_name("swish", a) == status::invalid_argument);
    CHECK(a == Activation::heaviside);  // unchanged
    CHECK(ngcrt::prior_from_name("student-t") == Prior::gaussian);
    CHECK(ngcrt::prior_from_name("cauchy") == Prior::cauchy);
    CHECK(ngcrt::threshold_from_name("cauchy_threshold") == ngcrt::Threshold::cauchy_threshold);
    CHECK(ngcrt::threshold_from_name("hard") == ngcrt::Threshold::none);
}

TEST_CASE("rate: goldens for every activation x prior x integrator (float32 bits, float64 within tolerance)",
          "[rate][golden]") {
    std::size_t bit_cases = 0;
    for (const rate_golden& g : rate_goldens) {
        INFO(describe(g));
        rate_fixture<float> f(golden_units, golden_rows, golden_settings<float>(g));
        run_golden(f);
        if (g.has_bits) {
            std::uint64_t h = 0xCBF29CE484222325u;
            h = fingerprint(h, f.z.data(), f.z.size());
            h = fingerprint(h, f.zF.data(), f.zF.size());
            h = fingerprint(h, f.j.data(), f.j.size());
            CHECK(h == g.fingerprint);
            ++bit_cases;
        }
        rate_fixture<double> d(golden_units, golden_rows, golden_settings<double>(g));
        run_golden(d);
        for (std::size_t k = 0; k < 16; ++k) {
            const std::size_t i = golden_prefix[k];
            INFO("element " << i << ": float z " << f.z[i] << " zF " << f.zF[i] << ", double z " << d.z[i]
                            << " zF " << d.zF[i] << ", reference z " << g.z[k] << " zF " << g.zF[k]);
            CHECK(close(f.z[i], g.z[k], float_tolerance));
            CHECK(close(f.zF[i], g.zF[k], float_tolerance));
            CHECK(close(d.z[i], g.z[k], double_tolerance));
            CHECK(close(d.zF[i], g.zF[k], double_tolerance));
        }
    }
    CHECK(bit_cases > 150);
}

TEST_CASE("rate: every kernel gives the scalar kernel's bits (tanh, telu, sine included)",
          "[rate][kernels][all-kernels]") {
    // The scalar kernel's bits where it is compiled (host builds); a firmware or cross build has
    // one kernel, which the goldens hold.
    const ngcrt::kernel pinned = ngcrt::active_kernel();
    const ngcrt::kernel base =
        ngcrt::kernel_available(ngcrt::kernel::scalar) ? ngcrt::kernel::scalar : pinned;
    for (const rate_golden& g : rate_goldens) {
        INFO(describe(g));
        REQUIRE(ngcrt::force_kernel(base) == status::ok);
        rate_fixture<float> ref(golden_units, golden_rows, golden_settings<float>(g));
        run_golden(ref);
        rate_fixture<double> ref64(golden_units, golden_rows, golden_settings<double>(g));
        run_golden(ref64);
        for (ngcrt::kernel k : ngcrt::all_kernels) {
            if (!ngcrt::kernel_available(k) || k == base) continue;
            INFO("kernel " << ngcrt::to_string(k));
            REQUIRE(ngcrt::force_kernel(k) == status::ok);
            rate_fixture<float> f(golden_units, golden_rows, golden_settings<float>(g));
            run_golden(f);
            rate_fixture<double> d(golden_units, golden_rows, golden_settings<double>(g));
            run_golden(d);
            const std::uint64_t h0 = 0xCBF29CE484222325u;
            CHECK(fingerprint(fingerprint(fingerprint(h0, f.z.data(), f.z.size()), f.zF.data(), f.zF.size()),
                              f.j.data(), f.j.size()) ==
                  fingerprint(
                      fingerprint(fingerprint(h0, ref.z.data(), ref.z.size()), ref.zF.data(), ref.zF.size()),
                      ref.j.data(), ref.j.size()));
            bool same64 = true;
            for (std::size_t i = 0; i < d.z.size(); ++i) {
                const std::pair<double, double> pairs[3] = {
                    {d.z[i], ref64.z[i]}, {d.zF[i], ref64.zF[i]}, {d.j[i], ref64.j[i]}};
                for (const auto& [a, b] : pairs) {
                    std::uint64_t ua, ub;
                    std::memcpy(&ua, &a, 8);
                    std::memcpy(&ub, &b, 8);
                    if (ua != ub && !(std::isnan(a) && std::isnan(b))) same64 = false;
                }
            }
            CHECK(same64);
        }
    }
    REQUIRE(ngcrt::force_kernel(pinned) == status::ok);
}

TEST_CASE("rate: the table's edges (ngclearn's NaN edges kept, Convention::exact's corrections)", "[rate]") {
    auto step = [](Activation a, Convention c, float z) {
        ngcrt::RateSettings<float> s;
        s.tau_m = 10.f;
        s.act_fx = a;
        s.convention = c;
        rate_fixture<float> f(1, 1, s);
        f.cell.z()[0] = z;
        f.cell.j()[0] = 1.f;
        REQUIRE(f.cell.advance_state(1.f) == status::ok);
        return std::pair<float, float>{f.cell.j()[0], f.cell.zF()[0]};  // jm = dfx(z), fx(z')
    };
    const float inf = std::numeric_limits<float>::infinity();
    CHECK(std::isnan(step(Activation::identity, Convention::ngclearn_3_1, inf).first));  // (inf * 0) + 1
    CHECK(step(Activation::identity, Convention::exact, inf).first == 1.f);
    CHECK(std::isnan(step(Activation::elu, Convention::ngclearn_3_1, 89.f).first));
    CHECK(std::isnan(step(Activation::elu, Convention::ngclearn_3_1, 89.f).second));
    CHECK(step(Activation::elu, Convention::exact, 89.f).first == 1.f);
    CHECK(step(Activation::elu, Convention::exact, 89.f).second == 89.f + 0.1f);  // z' = 89 + 1 / tau_m
    CHECK(std::isnan(step(Activation::silu, Convention::ngclearn_3_1, -89.f).first));
    CHECK(std::isfinite(step(Activation::silu, Convention::ngclearn_3_2, -89.f).first));
    CHECK(std::isfinite(step(Activation::gelu, Convention::exact, -89.f).first));
    CHECK(step(Activation::relu, Convention::ngclearn_3_1, 0.f).first == 1.f);
    CHECK(step(Activation::relu6, Convention::ngclearn_3_1, 6.f).first == 1.f);
    CHECK(bits_of(step(Activation::lrelu, Convention::ngclearn_3_1, -1.f).first) == 0x3c23d70au);
    // sine: 30 cos(30 z), softplus: s(z); against the double formulas within 2 ulp-ish.
    const float zs = 0.3f;
    CHECK(std::fabs(step(Activation::sine, Convention::ngclearn_3_1, zs).first - 30.0 * std::cos(30.0 * zs)) <
          1e-5);
    CHECK(std::fabs(step(Activation::softplus, Convention::ngclearn_3_1, zs).first -
                    1.0 / (1.0 + std::exp(-zs))) < 3e-7);
}

TEST_CASE("rate: softmax and bkwta work on a row", "[rate]") {
    ngcrt::RateSettings<float> s;
    s.tau_m = 0.f;
    s.act_fx = Activation::softmax;
    rate_fixture<float> f(3, 2, s);
    const float in[6] = {1.f, 2.f, 3.f, -1.f, 0.f, 1.f};
    for (int i = 0; i < 6; ++i) f.cell.j()[i] = in[i];
    REQUIRE(f.cell.advance_state(1.f) == status::ok);
    for (int r = 0; r < 2; ++r) {
        const double e0 = std::exp(-2.0), e1 = std::exp(-1.0), sum = e0 + e1 + 1.0;
        CHECK(std::fabs(f.zF[3 * r + 0] - e0 / sum) < 1e-7);
        CHECK(std::fabs(f.zF[3 * r + 2] - 1.0 / sum) < 1e-7);
    }
    s.act_fx = Activation::bkwta;
    rate_fixture<float> b(8, 1, s);
    const float x[8] = {3, 1, 4, 1, 5, 9, 2, 6};
    for (int i = 0; i < 8; ++i) b.cell.j()[i] = x[i];
    REQUIRE(b.cell.advance_state(1.f) == status::ok);
    const float want[8] = {1, 0, 1, 0, 1, 1, 0, 1};
    for (int i = 0; i < 8; ++i) CHECK(b.zF[i] == want[i]);
    // Fewer than 5 units per row: refused.
    ngcrt::RateCellView<float> v;
    std::vector<float> m(16);
    CHECK(v.init(ngcrt::shape::dense(4), 1, 1, s, {m.data(), m.data() + 4, m.data() + 8, m.data() + 12, 4}) ==
          status::invalid_argument);
}

TEST_CASE("rate: bad input returns a status and changes nothing", "[rate][bad_input]") {
    ngcrt::RateSettings<float> s;
    s.tau_m = 10.f;
    s.act_fx = Activation::sigmoid;
    rate_fixture<float> f(5, 2, s);
    for (std::size_t i = 0; i < 10; ++i) {
        f.cell.j()[i] = 0.1f * float(i);
        f.cell.z()[i] = -0.2f * float(i);
    }
    const auto snapshot = [&] { return std::vector<float>{f.j.begin(), f.j.end()}; };
    const std::vector<float> j0 = snapshot(), z0(f.z.begin(), f.z.end());
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    for (float dt : {0.f, -1.f, nan, inf}) CHECK(f.cell.advance_state(dt) == status::invalid_time_step);
    CHECK(f.cell.batched_reset(0) == status::invalid_batch_size);
    CHECK(f.cell.batched_reset(3) == status::invalid_batch_size);
    CHECK(f.cell.bind_j(f.z.data() + 1) == status::overlapping_buffers);
    // init with bad settings leaves the initialised view as it was.
    auto bad = s;
    for (float t : {nan, inf, -inf}) {
        bad = s;
        bad.tau_m = t;
        CHECK(f.cell.init(ngcrt::shape::dense(5), 2, 2, bad,
                          {f.j.data(), f.j_td.data(), f.z.data(), f.zF.data(), 10}) ==
              status::invalid_time_step);
    }
    bad = s;
    bad.threshold = ngcrt::Threshold::cauchy_threshold;
    CHECK(f.cell.init(ngcrt::shape::dense(5), 2, 2, bad,
                      {f.j.data(), f.j_td.data(), f.z.data(), f.zF.data(), 10}) == status::invalid_argument);
    bad = s;
    bad.gamma = nan;
    CHECK(f.cell.init(ngcrt::shape::dense(5), 2, 2, bad,
                      {f.j.data(), f.j_td.data(), f.z.data(), f.zF.data(), 10}) == status::invalid_argument);
    bad = s;
    bad.act_fx = static_cast<Activation>(99);
    CHECK(f.cell.init(ngcrt::shape::dense(5), 2, 2, bad,
                      {f.j.data(), f.j_td.data(), f.z.data(), f.zF.data(), 10}) == status::invalid_argument);
    bad = s;
    bad.act_fx = Activation::softmax;
    bad.convention = Convention::ngclearn_3_2;
    CHECK(f.cell.init(ngcrt::shape::dense(5), 2, 2, bad,
                      {f.j.data(), f.j_td.data(), f.z.data(), f.zF.data(), 10}) == status::invalid_argument);
    CHECK(f.cell.init(ngcrt::shape::dense(5), 2, 2, s,
                      {f.j.data(), f.j_td.data(), f.z.data(), f.zF.data(), 9}) == status::size_mismatch);
    CHECK(f.cell.init(ngcrt::shape::dense(5), 2, 2, s,
                      {f.j.data(), f.j.data(), f.z.data(), f.zF.data(), 10}) == status::overlapping_buffers);
    CHECK(f.cell.init(ngcrt::shape::dense(5), 2, 2, s,
                      {nullptr, f.j_td.data(), f.z.data(), f.zF.data(), 10}) == status::null_buffer);
    CHECK(f.cell.init(ngcrt::shape::dense(5), 3, 2, s,
                      {f.j.data(), f.j_td.data(), f.z.data(), f.zF.data(), 10}) ==
          status::invalid_batch_size);
    CHECK(f.cell.init(ngcrt::shape::dense(0), 1, 1, s,
                      {f.j.data(), f.j_td.data(), f.z.data(), f.zF.data(), 10}) == status::invalid_shape);
    CHECK(f.cell.settings().act_fx == Activation::sigmoid);
    CHECK(f.cell.batch_size() == 2);
    CHECK(std::memcmp(j0.data(), f.j.data(), 40) == 0);
    CHECK(std::memcmp(z0.data(), f.z.data(), 40) == 0);
    ngcrt::RateCellView<float> never;
    CHECK(never.advance_state(1.f) == status::not_initialized);
    CHECK(never.reset() == status::not_initialized);
    // A fixed cell built with bad settings is not initialised until configure() accepts some.
    ngcrt::RateSettings<float> nan_tau;
    nan_tau.tau_m = nan;
    ngcrt::RateCell<float, ngcrt::Units<4>, 2> c{nan_tau};
    CHECK(c.init_status() == status::invalid_time_step);
    CHECK(c.advance_state(1.f) == status::not_initialized);
    CHECK(c.configure(s) == status::ok);
    CHECK(c.advance_state(1.f) == status::ok);
}

TEST_CASE("rate: reset, batched_reset, wiring and the write-back of jm", "[rate]") {
    ngcrt::RateSettings<float> s;
    s.tau_m = 10.f;
    s.act_fx = Activation::tanh;
    s.resist_scale = 2.f;
    ngcrt::RateCell<float, ngcrt::Units<3>, 4> c{s, 2};
    REQUIRE(c.init_status() == status::ok);
    CHECK(c.batch_size() == 2);
    CHECK(c.j().size() == 6);
    float source[12] = {0.5f, 0.25f, -1.f, 2.f, 0.f, 1.f, 0, 0, 0, 0, 0, 0};
    REQUIRE(c.bind_j(source) == status::ok);
    c.z()[0] = 0.4f;
    c.j()[0] = 7.f;  // the cell's own j: not read while j is wired
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(source[0] == 0.5f);  // never written through a binding
    CHECK(c.j()[0] == 7.f);    // no write-back to a wired j
    const double t = std::tanh(0.4);
    CHECK(std::fabs(c.z()[0] - (0.4 + (0.5 * (1 - t * t) * 2.0 - 0.4 * 0.0) / 10.0)) < 1e-6);
    // Reset skips the wired j, zeroes the rest.
    c.j_td()[1] = 3.f;
    REQUIRE(c.reset() == status::ok);
    CHECK(c.j()[0] == 7.f);
    CHECK(c.j_td()[1] == 0.f);
    CHECK(c.z()[0] == 0.f);
    CHECK(c.zF()[0] == 0.f);
    REQUIRE(c.bind_j(nullptr) == status::ok);
    REQUIRE(c.batched_reset(4) == status::ok);
    CHECK(c.batch_size() == 4);
    CHECK(c.j()[0] == 0.f);
    // Unwired: j holds jm after the step.
    c.j()[0] = 0.5f;
    c.z()[0] = 0.4f;
    REQUIRE(c.advance_state(1.f) == status::ok);
    CHECK(std::fabs(c.j()[0] - 0.5 * (1 - t * t) * 2.0) < 1e-6);
    CHECK(c.help().cell_name == "RateCell");
}

TEST_CASE("rate: ngcrt's tanh, sin and cos on a sample (max ulp against long double or double)",
          "[rate][math]") {
    // A reference at least as wide as double (long double where the C library has a wider one).
    using wide = std::conditional_t<(sizeof(long double) > sizeof(double)), long double, double>;
    auto ulp_error = [](float got, wide want) {
        const float w = float(want);
        const float u = std::nextafter(std::fabs(w), std::numeric_limits<float>::infinity()) - std::fabs(w);
        return double(std::fabs(wide(got) - want) / wide(u));
    };
    double worst[3] = {0, 0, 0};
    std::uint32_t state = 1;
    for (int i = 0; i < math_samples; ++i) {
        state = state * 1664525u + 1013904223u;
        // Exponents from 2^-14 to 2^13 (and the sign), every mantissa pattern.
        const std::uint32_t e = 113 + (state >> 27) % 27;
        const float x = float_of(((state & 1u) << 31) | (e << 23) | ((state >> 4) & 0x7fffffu));
        worst[0] = std::fmax(worst[0], ulp_error(ngcrt::math::tanh(x), std::tanh(wide(x))));
        worst[1] = std::fmax(worst[1], ulp_error(ngcrt::math::sin(x), std::sin(wide(x))));
        worst[2] = std::fmax(worst[2], ulp_error(ngcrt::math::cos(x), std::cos(wide(x))));
    }
    std::printf("float tanh / sin / cos: max %.3f / %.3f / %.3f ulp on %d samples\n", worst[0], worst[1],
                worst[2], math_samples);
    CHECK(worst[0] < 1.0);
    CHECK(worst[1] < 1.0);
    CHECK(worst[2] < 1.0);
    // double against long double where it is wider (x86-64's x87 format), else skipped; also
    // where its arithmetic is not wider at run time (valgrind computes x87 long double at
    // double precision: the reference would be off by as much as the error measured).
    volatile long double one = 1.0L, epsilon = std::numeric_limits<long double>::epsilon();
    const bool wide_at_run_time = sizeof(wide) > sizeof(double) && one + epsilon != one;
    if (!wide_at_run_time) std::printf("double tanh / sin / cos: no wider reference here, not measured\n");
    if (sizeof(wide) > sizeof(double) && wide_at_run_time) {
        auto ulp_error64 = [](double got, wide want) {
            const double w = double(want);
            const double u =
                std::nextafter(std::fabs(w), std::numeric_limits<double>::infinity()) - std::fabs(w);
            return double(std::fabs(wide(got) - want) / wide(u));
        };
        double worst64[3] = {0, 0, 0};
        std::uint64_t st = 7;
        for (int i = 0; i < math_samples; ++i) {
            st = st * 6364136223846793005u + 1442695040888963407u;
            const std::uint64_t e = 1009 + (st >> 59) % 27;  // 2^-14 .. 2^12
            std::uint64_t b = ((st & 1u) << 63) | (e << 52) | ((st >> 7) & 0xfffffffffffffu);
            double x;
            std::memcpy(&x, &b, 8);
            worst64[0] = std::fmax(worst64[0], ulp_error64(ngcrt::math::tanh(x), std::tanh(wide(x))));
            worst64[1] = std::fmax(worst64[1], ulp_error64(ngcrt::math::sin(x), std::sin(wide(x))));
            worst64[2] = std::fmax(worst64[2], ulp_error64(ngcrt::math::cos(x), std::cos(wide(x))));
        }
        std::printf("double tanh / sin / cos: max %.3f / %.3f / %.3f ulp on %d samples\n", worst64[0],
                    worst64[1], worst64[2], math_samples);
        CHECK(worst64[0] < 1.0);
        CHECK(worst64[1] < 1.0);
        CHECK(worst64[2] < 1.0);
    }
    CHECK(ngcrt::math::tanh(0.f) == 0.f);
    CHECK(std::signbit(ngcrt::math::tanh(-0.f)));
    CHECK(ngcrt::math::tanh(100.f) == 1.f);
    CHECK(ngcrt::math::tanh(-std::numeric_limits<float>::infinity()) == -1.f);
    CHECK(std::isnan(ngcrt::math::sin(std::numeric_limits<float>::infinity())));
    CHECK(std::fabs(ngcrt::math::sin(1e30f) - std::sin(wide(1e30f))) < 1e-6);  // Payne-Hanek
}
