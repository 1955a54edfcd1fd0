// tests/family_tests.hpp - the engine's rules, tested through any cell: every kernel gives
// the scalar kernel's bits, reset and batched_reset, wiring, mask eating, bad input with
// nothing changed. Each cell's test file runs them for its cell (NGCRT_FAMILY_TESTS), so
// each test program links only its own cell's kernels (the Cortex-M55 board has 512 KiB).
#pragma once

#include <catch2/catch.hpp>

#include <cstring>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

#include "support.hpp"

using ngcrt::Convention;

namespace ngcrt_family {

// Inputs a cell of each kind can take: a probability for a Bernoulli cell's p in
// probability mode, any value otherwise.
template <class View>
struct family_case {
    std::size_t units, batch;
    typename View::form_type form;
    Convention convention;
    bool live;
    bool tiny = false;  // inputs around the subnormal range (ngcrt_test::near_subnormal)
    ngcrt::Subnormals mode = ngcrt::Subnormals::ieee;
};

template <class T>
struct outputs {
    std::vector<T> dprediction, dtarget, dparameter, mask, state;
    T L;
    bool operator==(const outputs& o) const {
        auto same = [](const std::vector<T>& a, const std::vector<T>& b) {
            return a.size() == b.size() &&
                   ngcrt_test::first_bit_difference(a.data(), b.data(), a.size()) == -1;
        };
        return same(dprediction, o.dprediction) && same(dtarget, o.dtarget) &&
               same(dparameter, o.dparameter) && same(mask, o.mask) && same(state, o.state) &&
               ngcrt_test::bits(L) == ngcrt_test::bits(o.L);
    }
};

template <class View>
outputs<typename View::value_type> run_case(const family_case<View>& c, std::uint64_t seed) {
    using T = typename View::value_type;
    using Cell = typename View::cell_type;
    ngcrt_test::rng r(seed);
    const std::size_t n = c.units * c.batch, np = Cell::parameter_count(c.form, c.units);
    ngcrt_test::owned_buffers<T> ob(n, np == 0 ? 1 : np, Cell::workspace_count(c.form, c.units));
    View cell;
    REQUIRE(cell.init({ngcrt::shape::dense(c.units), c.batch, c.form, c.convention},
                      ob.template buffers_for<View>()) == ngcrt::status::ok);
    REQUIRE(cell.set_subnormals(c.mode) == ngcrt::status::ok);
    if (np > 0) {
        auto p = r.values<T>(np, 0.1, 3.0, 0.0);
        if (c.tiny)  // some parameters whose reciprocals make products tiny
            for (T& v : p) v = r.coin(0.2) ? T(1) / (std::numeric_limits<T>::min() * T(1 << 20)) : v;
        if (Cell::dense(c.form)) p = ngcrt_test::spd_matrix<T>(c.units, r);
        REQUIRE(cell.set_parameter(ngcrt::span<const T>(p.data(), np)) == ngcrt::status::ok);
    }
    // (Tiny inputs: a Bernoulli cell's probabilities stay probabilities, its logits reach +-100.)
    const bool probability = !Cell::has_parameter && static_cast<int>(c.form) == 0;
    const auto x = !c.tiny       ? r.values<T>(n, -3, 3, 0.05)
                   : probability ? ngcrt_test::near_subnormal<T>(n, r, 0.0, 1.0)
                                 : ngcrt_test::near_subnormal<T>(n, r, -100.0, 100.0);
    const auto y = c.tiny ? ngcrt_test::near_subnormal<T>(n, r, -3.0, 3.0) : r.values<T>(n, -3, 3, 0.05);
    std::copy(x.begin(), x.end(), cell.prediction().begin());
    std::copy(y.begin(), y.end(), cell.target().begin());
    if (c.live) {
        const auto mod = c.tiny ? ngcrt_test::near_subnormal<T>(n, r, -2.0, 2.0) : r.values<T>(n, -2, 2);
        const auto mask = r.binary_mask<T>(n);
        std::copy(mod.begin(), mod.end(), cell.modulator().begin());
        std::copy(mask.begin(), mask.end(), cell.mask().begin());
    }
    if constexpr (Cell::has_state) {
        // A state that has moved: two steps of different dt (the second's inputs the same).
        REQUIRE(cell.set_tau(T(0.5)) == ngcrt::status::ok);
        REQUIRE(cell.advance_state(T(0.1)) == ngcrt::status::ok);
        if (c.live) {
            const auto mask = r.binary_mask<T>(n);
            std::copy(mask.begin(), mask.end(), cell.mask().begin());
        }
        REQUIRE(cell.advance_state(T(0.25)) == ngcrt::status::ok);
    } else {
        REQUIRE(cell.advance_state(T(1)) == ngcrt::status::ok);
    }
    CHECK(ob.guards_intact());
    return {{cell.dprediction().begin(), cell.dprediction().end()},
            {cell.dtarget().begin(), cell.dtarget().end()},
            {cell.dparameter().begin(), cell.dparameter().end()},
            {std::as_const(cell).mask().begin(), std::as_const(cell).mask().end()},
            {cell.state().begin(), cell.state().end()},
            cell.L()};
}

// Every kernel this machine runs gives the scalar kernel's bits, on sizes that leave
// every kind of tail, every variant, default and live modulator/mask.
template <class View>
void every_kernel_same_bits() {
    using Cell = typename View::cell_type;
    ngcrt_test::kernel_guard restore;
    const auto kernels = ngcrt_test::executable_kernels();
    if (kernels.size() < 2) return;  // cross targets: the conformance test's goldens hold them
    std::uint64_t seed = 500;
    for (std::size_t units : {1u, 5u, 31u, 33u, 64u, 127u, 1024u, 1056u, 3001u})
        for (std::size_t batch : {1u, 3u})
            for (auto form : Cell::forms)
                for (Convention conv :
                     {Convention::ngclearn_3_1, Convention::ngclearn_3_2, Convention::exact})
                    for (bool live : {false, true}) {
                        // (a full covariance only in the exact convention, and not over thousands of units)
                        if (!Cell::valid(conv, form) || (Cell::dense(form) && units > 127)) continue;
                        const family_case<View> c{units, batch, form, conv, live};
                        ++seed;
                        REQUIRE(ngcrt::force_kernel(kernels[0]) == ngcrt::status::ok);
                        const auto ref = run_case(c, seed);
                        for (std::size_t k = 1; k < kernels.size(); ++k) {
                            INFO("kernel " << ngcrt::to_string(kernels[k]) << ", units " << units
                                           << ", batch " << batch << ", form " << static_cast<int>(form)
                                           << ", convention " << ngcrt::to_string(conv)
                                           << (live ? ", live" : ", default"));
                            REQUIRE(ngcrt::force_kernel(kernels[k]) == ngcrt::status::ok);
                            CHECK(run_case(c, seed) == ref);
                        }
                    }
}

// Subnormals::flush, on inputs around the subnormal range: every kernel this machine runs
// gives the software form's bits (the form every non-x86 target runs; the conformance
// goldens hold the targets to the same bits), no output is subnormal, and the mode matters
// for these inputs (IEEE arithmetic gives other bits in many cases).
template <class View>
void flush_same_bits_everywhere() {
    using T = typename View::value_type;
    using Cell = typename View::cell_type;
    ngcrt_test::kernel_guard restore;
    const auto kernels = ngcrt_test::executable_kernels();
    std::uint64_t seed = 900;
    std::size_t cases = 0, changed = 0;
    for (std::size_t units : {1u, 7u, 33u, 64u, 1024u, 1056u})
        for (std::size_t batch : {1u, 3u})
            for (auto form : Cell::forms)
                for (Convention conv :
                     {Convention::ngclearn_3_1, Convention::ngclearn_3_2, Convention::exact})
                    for (bool live : {false, true}) {
                        if (!Cell::valid(conv, form) || (Cell::dense(form) && units > 64)) continue;
                        family_case<View> c{units, batch, form, conv, live, true, ngcrt::Subnormals::flush};
                        ++seed;
                        INFO("units " << units << ", batch " << batch << ", form " << static_cast<int>(form)
                                      << ", convention " << ngcrt::to_string(conv)
                                      << (live ? ", live" : ", default"));
                        outputs<T> soft;
                        {
                            const ngcrt_test::software_flush software;
                            soft = run_case(c, seed);
                        }
                        auto none_subnormal = [](const std::vector<T>& v) {
                            for (T x : v)
                                if (ngcrt_test::subnormal(x)) return false;
                            return true;
                        };
                        CHECK(none_subnormal(soft.dprediction));
                        CHECK(none_subnormal(soft.dtarget));
                        CHECK(none_subnormal(soft.dparameter));
                        CHECK(none_subnormal(soft.state));
                        CHECK_FALSE(ngcrt_test::subnormal(soft.L));
                        for (ngcrt::kernel k : kernels) {
                            INFO("kernel " << ngcrt::to_string(k));
                            REQUIRE(ngcrt::force_kernel(k) == ngcrt::status::ok);
                            CHECK(run_case(c, seed) == soft);
                        }
                        c.mode = ngcrt::Subnormals::ieee;
                        changed += run_case(c, seed) == soft ? 0 : 1;
                        ++cases;
                    }
    INFO(changed << " of " << cases << " cases differ from IEEE arithmetic");
    CHECK(4 * changed > cases);  // (a Bernoulli cell is affected mainly through its gating)
}

// Bad input changes nothing: a bitwise snapshot of every buffer before and after.
template <class View>
void bad_input_changes_nothing() {
    using T = typename View::value_type;
    using Cell = typename View::cell_type;
    const std::size_t units = 4, batch = 3, np = Cell::parameter_count(Cell::forms[0], units);
    ngcrt_test::owned_buffers<T> ob(units * batch, np == 0 ? 1 : np);
    View cell;
    const typename View::config good{ngcrt::shape::dense(units), batch, Cell::forms[0],
                                     Convention::ngclearn_3_1};
    CHECK(cell.advance_state() == ngcrt::status::not_initialized);
    REQUIRE(cell.init(good, ob.template buffers_for<View>()) == ngcrt::status::ok);
    for (T& v : cell.target()) v = T(0.25);
    if constexpr (Cell::has_state) {  // a state that has moved
        REQUIRE(cell.set_tau(T(0.5)) == ngcrt::status::ok);
        REQUIRE(cell.advance_state(T(0.1)) == ngcrt::status::ok);
    }
    auto snapshot = [&] {
        std::vector<std::vector<T>> s;
        for (auto* v : ob.all()) s.push_back(*v);
        s.push_back(ob.Sigma);
        s.push_back(ob.dSigma);
        return s;
    };
    const auto before = snapshot();
    const T L = cell.L();
    CHECK(cell.batched_reset(0) == ngcrt::status::invalid_batch_size);
    CHECK(cell.batched_reset(batch + 1) == ngcrt::status::invalid_batch_size);
    T bad[1] = {T(0)};
    CHECK(cell.bind(ngcrt::slot::target, ngcrt::span<const T>(bad, 1)) == ngcrt::status::size_mismatch);
    CHECK(cell.bind(ngcrt::slot::target, ngcrt::span<const T>(nullptr, units * batch)) ==
          ngcrt::status::null_buffer);
    CHECK(cell.bind(ngcrt::slot::mask, cell.dtarget()) == ngcrt::status::overlapping_buffers);
    if constexpr (View::has_parameter) {
        CHECK(cell.set_parameter(T(-1)) == ngcrt::status::invalid_sigma);
        CHECK(cell.set_parameter(std::numeric_limits<T>::quiet_NaN()) == ngcrt::status::invalid_sigma);
        cell.parameter()[0] = T(0);  // checked at the next step
        CHECK(cell.advance_state(T(0.1)) == ngcrt::status::invalid_sigma);
        cell.parameter()[0] = T(1);
        // A wired parameter is its owner's to set.
        std::vector<T> wired(np, T(2));
        REQUIRE(cell.bind(ngcrt::slot::parameter, ngcrt::span<const T>(wired.data(), np)) ==
                ngcrt::status::ok);
        CHECK(cell.set_parameter(T(3)) == ngcrt::status::invalid_argument);
        CHECK(cell.parameter().empty());
        cell.unbind(ngcrt::slot::parameter);
    } else {
        CHECK(cell.set_parameter(T(1)) == ngcrt::status::invalid_argument);
        CHECK(cell.bind(ngcrt::slot::parameter, ngcrt::span<const T>(bad, 1)) ==
              ngcrt::status::invalid_argument);
        CHECK(cell.parameter().empty());
    }
    if constexpr (Cell::has_state) {
        // dt <= 0, NaN or infinite; tau < 0, NaN or infinite; Euler with dt / tau > 2.
        const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
        for (T dt : {T(0), T(-0.0), T(-1), nan, inf, -inf})
            CHECK(cell.advance_state(dt) == ngcrt::status::invalid_time_step);
        for (T tau : {T(-1), -std::numeric_limits<T>::denorm_min(), nan, inf, -inf})
            CHECK(cell.set_tau(tau) == ngcrt::status::invalid_time_step);
        CHECK(cell.tau() == T(0.5));
        REQUIRE(cell.set_integrator(ngcrt::Integrator::euler) == ngcrt::status::ok);
        CHECK(cell.advance_state(T(1.0000001)) == ngcrt::status::invalid_time_step);  // dt / tau > 2
        CHECK(cell.advance_state(T(5)) == ngcrt::status::invalid_time_step);
        CHECK(cell.set_integrator(static_cast<ngcrt::Integrator>(2)) == ngcrt::status::invalid_argument);
        CHECK(cell.integrator() == ngcrt::Integrator::euler);
        REQUIRE(cell.set_integrator(ngcrt::Integrator::exponential) == ngcrt::status::ok);
    } else {
        CHECK(cell.set_tau(T(1)) == ngcrt::status::invalid_argument);
        CHECK(cell.set_integrator(ngcrt::Integrator::euler) == ngcrt::status::invalid_argument);
        CHECK(cell.state().empty());
    }
    CHECK(cell.set_subnormals(static_cast<ngcrt::Subnormals>(2)) == ngcrt::status::invalid_argument);
    CHECK(cell.subnormals() == ngcrt::Subnormals::ieee);
    typename View::config bad_cfg = good;
    bad_cfg.convention = static_cast<Convention>(7);
    View other;
    CHECK(other.set_subnormals(ngcrt::Subnormals::flush) == ngcrt::status::not_initialized);
    CHECK(other.init(bad_cfg, ob.template buffers_for<View>()) == ngcrt::status::invalid_argument);
    CHECK(snapshot() == before);
    CHECK(ngcrt_test::bits(cell.L()) == ngcrt_test::bits(L));
    CHECK(cell.batch_size() == batch);
}

// Reset, batched_reset, wiring, mask eating: the engine's rules, through any cell.
template <class View>
void reset_and_wiring() {
    using T = typename View::value_type;
    using Cell = typename View::cell_type;
    const std::size_t units = 5, np = Cell::parameter_count(Cell::forms[0], units);
    ngcrt_test::owned_buffers<T> ob(units * 2, np == 0 ? 1 : np);
    View cell;
    REQUIRE(cell.init({ngcrt::shape::dense(units), 2, Cell::forms[0], Convention::ngclearn_3_1},
                      ob.template buffers_for<View>()) == ngcrt::status::ok);
    // A wired prediction is read in place, never written, never reset.
    std::vector<T> source(units * 2, T(0.25));
    REQUIRE(cell.bind(ngcrt::slot::prediction, ngcrt::span<const T>(source.data(), source.size())) ==
            ngcrt::status::ok);
    CHECK(cell.targeted(ngcrt::slot::prediction));
    CHECK(cell.prediction().empty());
    for (T& v : cell.mask()) v = T(0);
    REQUIRE(cell.advance_state(T(0.1)) == ngcrt::status::ok);
    for (T d : cell.dprediction()) CHECK(d == T(0));          // masked (-0 for a negative derivative)
    for (T m : std::as_const(cell).mask()) CHECK(m == T(1));  // eaten
    REQUIRE(cell.advance_state(T(0.1)) == ngcrt::status::ok);
    const T L = cell.L();
    CHECK(L != T(0));
    REQUIRE(cell.batched_reset(1) == ngcrt::status::size_mismatch);  // the wired source holds 2 rows
    cell.unbind(ngcrt::slot::prediction);
    CHECK_FALSE(cell.targeted(ngcrt::slot::prediction));
    REQUIRE(cell.batched_reset(1) == ngcrt::status::ok);
    CHECK(cell.batch_size() == 1);
    CHECK(cell.L() == T(0));
    for (T d : cell.dprediction()) CHECK(d == T(0));
    for (T v : std::as_const(cell).prediction()) CHECK(v == T(0));
    for (T s : source) CHECK(s == T(0.25));  // never written
    for (T d : cell.dparameter()) CHECK(d == T(0));
    CHECK(cell.state().size() == (Cell::has_state ? units : 0));
    for (T e : cell.state()) CHECK(e == T(0));
}

}  // namespace ngcrt_family

#define NGCRT_FAMILY_TESTS(View, name)                                                                     \
    TEST_CASE(name ": every kernel gives the scalar kernel's bits", "[family][kernels][all-kernels]") {    \
        ngcrt_family::every_kernel_same_bits<View<float>>();                                               \
        ngcrt_family::every_kernel_same_bits<View<double>>();                                              \
    }                                                                                                      \
    TEST_CASE(name ": Subnormals::flush gives the same bits everywhere", "[family][flush][all-kernels]") { \
        ngcrt_family::flush_same_bits_everywhere<View<float>>();                                           \
        ngcrt_family::flush_same_bits_everywhere<View<double>>();                                          \
    }                                                                                                      \
    TEST_CASE(name ": bad input is a status and changes nothing", "[family][bad-input]") {                 \
        ngcrt_family::bad_input_changes_nothing<View<float>>();                                            \
        ngcrt_family::bad_input_changes_nothing<View<double>>();                                           \
    }                                                                                                      \
    TEST_CASE(name ": reset, batched_reset, wiring and mask eating", "[family][reset]") {                  \
        ngcrt_family::reset_and_wiring<View<float>>();                                                     \
        ngcrt_family::reset_and_wiring<View<double>>();                                                    \
    }
