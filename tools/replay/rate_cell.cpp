// tools/replay/rate_cell.cpp - ngcrt-replay --cell rate-cell: j.npy (and j_td.npy) through
// one ngcrt::RateCellView<float>, z.npy and zF.npy after each advance_state(dt)
// (docs/spec/rate-cell.md; main.cpp's header comment lists the options).
#include "components.hpp"

#include <string>
#include <vector>

#include "common.hpp"
#include "ngcrt/rate_cell.hpp"

namespace ngcrt::replay {

namespace {

// ngclearn's integration_type names (each runs what integrator_from_name says).
constexpr const char* integration_names[] = {"euler",    "rk1",     "midpoint",    "rk2", "heun",
                                             "rk2_heun", "ralston", "rk2_ralston", "rk4"};
constexpr const char* prior_names[] = {"gaussian", "laplacian", "cauchy", "exp"};

template <std::size_t N>
bool one_of(const std::string& v, const char* const (&names)[N]) {
    for (const char* n : names)
        if (v == n) return true;
    return false;
}
template <std::size_t N>
std::string list(const char* const (&names)[N]) {
    std::string s;
    for (const char* n : names) s += (s.empty() ? "" : ", ") + std::string(n);
    return s;
}

int read_settings(const options& o, RateSettings<float>& s, float& dt) {
    if (int rc = allow_only(o, {"--tau-m", "--act-fx", "--prior", "--gamma", "--integration",
                                "--output-scale", "--resist-scale", "--dt", "--convention"}))
        return rc;
    if (int rc = require(o, "--tau-m", "T")) return rc;
    if (int rc = require(o, "--dt", "DT")) return rc;
    if (int rc = option_float(o, "--tau-m", float_range::finite, "tau_m must be finite (<= 0: stateless)",
                              s.tau_m))
        return rc;
    if (int rc = option_float(o, "--dt", float_range::positive, "dt must be positive and finite", dt))
        return rc;
    if (int rc = option_float(o, "--gamma", float_range::finite, "gamma must be finite", s.gamma)) return rc;
    if (int rc = option_float(o, "--output-scale", float_range::finite, "output_scale must be finite",
                              s.output_scale))
        return rc;
    if (int rc = option_float(o, "--resist-scale", float_range::finite, "resist_scale must be finite",
                              s.resist_scale))
        return rc;
    if (int rc = option_convention(o, s.convention)) return rc;
    if (const std::string* v = o.find("--act-fx")) {
        if (activation_from_name(v->c_str(), s.act_fx) != status::ok)
            return usage_error(
                "--act-fx: '" + *v +
                "' is not one of ngclearn's activations (identity, sigmoid, tanh, relu, lrelu, "
                "relu6, softplus, elu, silu, gelu, telu, sine, softmax, unit_threshold, bkwta, "
                "or a name containing heaviside)");
    }
    if (const std::string* v = o.find("--prior")) {
        // ngclearn quietly runs gaussian for any other name; a replay says so instead.
        if (!one_of(*v, prior_names))
            return usage_error("--prior: '" + *v + "' is not one of " + list(prior_names));
        s.prior = prior_from_name(v->c_str());
    }
    if (const std::string* v = o.find("--integration")) {
        // ngclearn runs Euler for any other name (with a message); a replay refuses it.
        if (!one_of(*v, integration_names))
            return usage_error("--integration: '" + *v + "' is not one of " + list(integration_names));
        s.integration = integrator_from_name(v->c_str());
    }
    return 0;
}

}  // namespace

int replay_rate_cell(const options& o) {
    RateSettings<float> s;
    float dt = 0.0f;
    if (int rc = read_settings(o, s, dt)) return rc;

    npy_array j, j_td;
    bool present = false, have_td = false;
    std::size_t units = 0;
    if (int rc = load(o.in, "j.npy", true, j, present)) return rc;
    if (int rc = check_series("j.npy", j, true, units)) return rc;
    if (int rc = load(o.in, "j_td.npy", false, j_td, have_td)) return rc;
    if (have_td)
        if (int rc = same_shape("j_td.npy", j_td, "j.npy", j.shape)) return rc;
    const std::vector<std::size_t>& sh = j.shape;
    const shape unit_shape = sh.size() == 3 ? shape::dense(sh[2]) : shape::feature_map(sh[2], sh[3], sh[4]);
    const status checked = RateCellView<float>::check(s, unit_shape);
    if (checked != status::ok) {
        if (s.act_fx == Activation::softmax && s.convention == Convention::ngclearn_3_2)
            return usage_error(
                "--act-fx softmax cannot run under --convention 3.2 (its derivative is a Jacobian)");
        if (s.act_fx == Activation::bkwta)
            return report(exit_bad_input, "j.npy",
                          "shape " + shape_string(sh) + ": --act-fx bkwta needs at least 5 units per row");
        return report(exit_bad_input, "--tau-m", std::string("settings refused: ") + to_string(checked));
    }

    const std::size_t steps = sh[0], batch = sh[1], n = batch * units;
    std::vector<float> z_out(steps * n), zF_out(steps * n);
    if (steps > 0) {  // (no steps: empty outputs, and no cell)
        std::vector<float> jb(n), jtdb(n), zb(n), zFb(n);
        RateCellView<float> cell;
        const status st =
            cell.init(unit_shape, batch, batch, s, {jb.data(), jtdb.data(), zb.data(), zFb.data(), n});
        if (st != status::ok)
            return report(exit_bad_input, "j.npy",
                          std::string("cannot make a cell of this shape: ") + to_string(st));
        for (std::size_t t = 0; t < steps; ++t) {
            // Step t's currents (a stateful step wrote j * fx'(z) * resist_scale back into j).
            const span<float> cj = cell.j(), ctd = cell.j_td();
            for (std::size_t i = 0; i < n; ++i) {
                cj[i] = j.data[t * n + i];
                ctd[i] = have_td ? j_td.data[t * n + i] : 0.0f;
            }
            if (cell.advance_state(dt) != status::ok)
                return report(exit_write_failed, "", "internal error: step " + std::to_string(t) + " failed");
            const span<const float> z = cell.z(), zF = cell.zF();
            for (std::size_t i = 0; i < n; ++i) {
                z_out[t * n + i] = z[i];
                zF_out[t * n + i] = zF[i];
            }
        }
    }
    return write_outputs(o.out, {{"z.npy", sh, &z_out}, {"zF.npy", sh, &zF_out}});
}

}  // namespace ngcrt::replay
