// tools/replay/error_cells.cpp - ngcrt-replay for the error cells (--cell gaussian,
// laplacian, bernoulli, leaky-gaussian): the files are named after the cell's compartments
// (its help() table); main.cpp's header comment says what each reads and writes.
#include "error_cells.hpp"

#include <cctype>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"
#include "ngcrt/cells.hpp"

namespace ngcrt::replay {

namespace {

// The options an error cell takes, read from the command line (replay() below).
struct cell_options {
    std::string in, out, cell;
    ngcrt::Convention convention = ngcrt::Convention::ngclearn_3_1;
    // --sigma or --scale: the parameter's value, and which option gave it.
    bool have_parameter = false;
    float parameter = 1.0f;
    std::string parameter_option;
    bool input_logits = false;  // --input-logits: the Bernoulli cell's p holds logits
    // A leaky cell's time constant, step and integrator.
    float tau = 0.0f, dt = 0.0f;
    ngcrt::Integrator integrator = ngcrt::Integrator::exponential;
};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
std::string cell_option_name(std::string_view c_name) {
    std::string s(c_name.substr(0, c_name.rfind("_error")));
    for (char& c : s)
        if (c == '_') c = '-';
    return s;
}

// The file names of a cell's compartments, from its help() table.
struct cell_files {
    std::string prediction, parameter, dprediction, dparameter;  // parameter names empty without one
    std::string state;                                           // a leaky cell's e, else empty
    template <class Cell>
    static cell_files of() {
        auto name = [](ngcrt::slot s) {
            const ngcrt::compartment_info* c = ngcrt::detail::cell_help<Cell>.find(s);
            return c == nullptr ? std::string() : std::string(c->name);
        };
        return {name(ngcrt::slot::prediction), name(ngcrt::slot::parameter), name(ngcrt::slot::dprediction),
                name(ngcrt::slot::dparameter), name(ngcrt::slot::state)};
    }
};

struct replay_inputs {
    npy_array prediction, target, modulator, mask, parameter;
    bool have_modulator = false, have_mask = false, have_parameter = false;
    std::size_t steps = 0, batch = 0, units = 0;
    ngcrt::shape unit_shape{};
    std::vector<std::size_t> unit_dims;
    std::vector<std::size_t> parameter_dims;  // the parameter's shape: () without its file
    ngcrt::SigmaShape parameter_shape = ngcrt::SigmaShape::scalar;
};

int load_inputs(const cell_options& o, const cell_files& names, replay_inputs& in) {
    bool present = false;
    const std::string pred_file = names.prediction + ".npy";
    if (int rc = load(o.in, pred_file.c_str(), true, in.prediction, present)) return rc;
    const std::vector<std::size_t>& s = in.prediction.shape;
    if (s.size() != 3 && s.size() != 5)
        return report(exit_bad_input, pred_file,
                      "shape " + shape_string(s) + " has rank " + std::to_string(s.size()) +
                          ": expected (T, B, N) or (T, B, H, W, C)");
    for (std::size_t i = 1; i < s.size(); ++i)
        if (s[i] == 0)
            return report(exit_bad_input, pred_file,
                          "shape " + shape_string(s) + ": batch and unit dimensions must be positive");
    in.steps = s[0];
    in.batch = s[1];
    in.unit_dims.assign(s.begin() + 2, s.end());
    in.unit_shape = s.size() == 3 ? ngcrt::shape::dense(s[2]) : ngcrt::shape::feature_map(s[2], s[3], s[4]);
    if (!ngcrt::npy::element_count(in.unit_dims, in.units))  // cannot overflow: the prediction's data exists
        return report(exit_bad_input, pred_file, "shape " + shape_string(s) + " is too large");

    auto same_shape = [&](const char* name, const npy_array& a) {
        if (a.shape == s) return 0;
        return report(
            exit_bad_input, name,
            "shape " + shape_string(a.shape) + " does not match " + pred_file + " shape " + shape_string(s));
    };
    if (int rc = load(o.in, "target.npy", true, in.target, present)) return rc;
    if (int rc = same_shape("target.npy", in.target)) return rc;
    if (int rc = load(o.in, "modulator.npy", false, in.modulator, in.have_modulator)) return rc;
    if (in.have_modulator)
        if (int rc = same_shape("modulator.npy", in.modulator)) return rc;
    if (int rc = load(o.in, "mask.npy", false, in.mask, in.have_mask)) return rc;
    if (in.have_mask)
        if (int rc = same_shape("mask.npy", in.mask)) return rc;

    if (names.parameter.empty()) return 0;
    const std::string param_file = names.parameter + ".npy";
    if (int rc = load(o.in, param_file.c_str(), false, in.parameter, in.have_parameter)) return rc;
    if (in.have_parameter) {
        if (o.have_parameter)
            return usage_error(o.parameter_option + " and " + join_path(o.in, param_file) + " both give " +
                               names.parameter + "; use one of them");
        const std::vector<std::size_t>& ss = in.parameter.shape;
        if (ss.empty() || ss == std::vector<std::size_t>{1}) {
            in.parameter_shape = ngcrt::SigmaShape::scalar;
        } else if (ss == in.unit_dims) {
            in.parameter_shape = ngcrt::SigmaShape::per_unit;
        } else if (ss.size() == 2 && in.unit_dims.size() == 1 && ss[0] == in.units && ss[1] == in.units &&
                   names.parameter == "Sigma") {
            // A full covariance over a dense row's units (the exact convention's only).
            if (o.convention != ngcrt::Convention::exact)
                return report(
                    exit_bad_input, param_file,
                    "shape " + shape_string(ss) + " is a full covariance, which needs --convention exact");
            in.parameter_shape = ngcrt::SigmaShape::full;
        } else {
            return report(exit_bad_input, param_file,
                          "shape " + shape_string(ss) +
                              " is neither a scalar (() or (1,)) nor the unit shape " +
                              shape_string(in.unit_dims) + " of " + pred_file +
                              (names.parameter == "Sigma" && in.unit_dims.size() == 1
                                   ? " nor (N, N) with N = " + std::to_string(in.units)
                                   : std::string()));
        }
        in.parameter_dims = ss;
        // (a full covariance is checked by its factorisation, when the cell takes it)
        for (std::size_t i = 0; in.parameter_shape != ngcrt::SigmaShape::full && i < in.parameter.data.size();
             ++i) {
            const float v = in.parameter.data[i];
            if (!(v > 0.0f) || !std::isfinite(v))
                return report(exit_bad_input, param_file,
                              "invalid value " + format_float(v) + " at flat index " + std::to_string(i) +
                                  ": " + names.parameter + " must be positive and finite");
        }
    }
    return 0;
}

// ---- the replay --------------------------------------------------------------------------

struct replay_outputs {
    std::vector<float> dprediction, dtarget, L, dparameter, state;
};

template <class Cell>
int run(const cell_options& o, const cell_files& names, const replay_inputs& in, replay_outputs& out) {
    using view_t = ngcrt::named_view<Cell, float>;
    // No steps: empty outputs, and no cell (whose size the prediction would then not bound).
    if (in.steps == 0) return 0;
    const std::size_t n = in.batch * in.units;  // fits: the prediction holds steps * n values
    typename view_t::config cfg;
    cfg.unit_shape = in.unit_shape;
    cfg.max_batch = in.batch;
    if constexpr (Cell::has_parameter) {
        cfg.form = in.parameter_shape;
    } else {  // a cell whose form says what its prediction holds (Bernoulli: probability or logit)
        cfg.form = static_cast<typename Cell::form_type>(o.input_logits ? 1 : 0);
    }
    cfg.convention = o.convention;
    const std::size_t np = Cell::parameter_count(cfg.form, in.units);
    std::vector<float> prediction(n), target(n), modulator(n), mask(n), dprediction(n), dtarget(n),
        parameter(np), dparameter(np), workspace(Cell::workspace_count(cfg.form, in.units)),
        state(Cell::has_state ? n : 0);
    const ngcrt::role_spans<float> roles{
        {prediction, target, modulator, mask, dprediction, dtarget, parameter, dparameter, workspace, state}};

    const std::string pred_file = names.prediction + ".npy";
    const std::string param_source = in.have_parameter ? names.parameter + ".npy" : o.parameter_option;
    view_t cell;
    ngcrt::status st =
        cell.init(cfg, view_t::buffers::from_roles(roles), o.have_parameter ? o.parameter : 1.0f);
    if (st == ngcrt::status::invalid_sigma) return report(exit_bad_input, param_source, ngcrt::to_string(st));
    if (st != ngcrt::status::ok)
        return report(exit_bad_input, pred_file,
                      std::string("cannot make a cell of this shape: ") + ngcrt::to_string(st));
    if (in.have_parameter) {
        st = cell.set_parameter(ngcrt::span<const float>(in.parameter.data.data(), in.parameter.data.size()));
        if (st == ngcrt::status::invalid_sigma && in.parameter_shape == ngcrt::SigmaShape::full)
            return report(exit_bad_input, param_source,
                          "not symmetric positive definite (its lower triangle is read), or NaN or infinite");
        if (st != ngcrt::status::ok) return report(exit_bad_input, param_source, ngcrt::to_string(st));
    }
    if constexpr (Cell::has_state) {
        // (both checked by parse_args; Euler's dt / tau by the first step)
        if (cell.set_tau(o.tau) != ngcrt::status::ok ||
            cell.set_integrator(o.integrator) != ngcrt::status::ok)
            return report(exit_bad_input, "--tau", "invalid time constant");
        out.state.resize(in.steps * n);
    }

    out.dprediction.resize(in.steps * n);
    out.dtarget.resize(in.steps * n);
    out.L.resize(in.steps);
    out.dparameter.resize(in.steps * np);
    auto load_slice = [n](ngcrt::span<float> dst, const std::vector<float>& src, std::size_t t) {
        const float* p = src.data() + t * n;
        for (std::size_t i = 0; i < n; ++i) dst[i] = p[i];
    };
    for (std::size_t t = 0; t < in.steps; ++t) {
        const ngcrt::span<float> cpred = cell.prediction(), ctarget = cell.target();
        if (cpred.size() != n || ctarget.size() != n)
            return report(exit_write_failed, "", "internal error: cell compartments have an unexpected size");
        load_slice(cpred, in.prediction.data, t);
        load_slice(ctarget, in.target.data, t);
        if (in.have_modulator) {
            const ngcrt::span<float> m = cell.modulator();
            if (m.size() != n)
                return report(exit_write_failed, "", "internal error: modulator has an unexpected size");
            load_slice(m, in.modulator.data, t);
        }
        if (in.have_mask) {
            const ngcrt::span<float> m = cell.mask();
            if (m.size() != n)
                return report(exit_write_failed, "", "internal error: mask has an unexpected size");
            load_slice(m, in.mask.data, t);
        }
        st = cell.advance_state(o.dt);
        if (st == ngcrt::status::invalid_sigma)
            return report(exit_bad_input, param_source, ngcrt::to_string(st));
        if (st == ngcrt::status::invalid_time_step)
            return report(exit_bad_input, "--dt",
                          "dt / tau = " + format_float(o.dt / o.tau) + " > 2: Euler is unstable");
        if (st != ngcrt::status::ok)
            return report(exit_write_failed, "",
                          std::string("internal error: step ") + std::to_string(t) +
                              " failed: " + ngcrt::to_string(st));
        const ngcrt::span<const float> d = cell.dprediction(), dt = cell.dtarget(), dp = cell.dparameter();
        for (std::size_t i = 0; i < n; ++i) {
            out.dprediction[t * n + i] = d[i];
            out.dtarget[t * n + i] = dt[i];
        }
        for (std::size_t i = 0; i < np; ++i) out.dparameter[t * np + i] = dp[i];
        if constexpr (Cell::has_state) {
            const ngcrt::span<const float> e = cell.state();
            for (std::size_t i = 0; i < n; ++i) out.state[t * n + i] = e[i];
        }
        out.L[t] = cell.L();
    }
    return 0;
}

// The outputs, in --out (common.hpp's write_outputs).
int write_cell_outputs(const cell_options& o, const cell_files& names, const replay_inputs& in,
                       const replay_outputs& r) {
    std::vector<std::size_t> dparameter_shape{in.steps};
    dparameter_shape.insert(dparameter_shape.end(), in.parameter_dims.begin(), in.parameter_dims.end());
    std::vector<output_array> files = {{names.dprediction + ".npy", in.prediction.shape, &r.dprediction},
                                       {"dtarget.npy", in.prediction.shape, &r.dtarget},
                                       {"L.npy", {in.steps}, &r.L}};
    // A cell with a parameter: d<parameter>.npy; with a state: e.npy.
    if (!names.dparameter.empty())
        files.push_back({names.dparameter + ".npy", dparameter_shape, &r.dparameter});
    if (!names.state.empty()) files.push_back({names.state + ".npy", in.prediction.shape, &r.state});
    return write_outputs(o.out, files);
}

// One cell's replay: its options and file names, then inputs, steps and outputs.
template <class Cell>
int replay_one(const options& given) {
    const cell_files names = cell_files::of<Cell>();
    cell_options o;
    o.in = given.in;
    o.out = given.out;
    o.cell = given.component;
    std::vector<std::string> allowed{"--convention"};
    const std::string parameter_option =
        names.parameter.empty() ? std::string() : "--" + lower(names.parameter);
    if (!parameter_option.empty()) allowed.push_back(parameter_option);
    if (!Cell::has_parameter) allowed.emplace_back("--input-logits");
    if (Cell::has_state) allowed.insert(allowed.end(), {"--tau", "--dt", "--integrator"});
    if (int rc = allow_only(given, allowed)) return rc;
    if (int rc = option_convention(given, o.convention)) return rc;
    if (!parameter_option.empty()) {
        const std::string rule = names.parameter + " must be positive and finite";
        if (int rc = option_float(given, parameter_option.c_str(), float_range::positive, rule.c_str(),
                                  o.parameter, &o.have_parameter))
            return rc;
        o.parameter_option = parameter_option;
    }
    o.input_logits = given.has("--input-logits");
    if constexpr (Cell::has_state) {
        if (int rc =
                option_float(given, "--tau", float_range::nonnegative, "tau must be >= 0 and finite", o.tau))
            return rc;
        if (int rc =
                option_float(given, "--dt", float_range::positive, "dt must be positive and finite", o.dt))
            return rc;
        if (const std::string* v = given.find("--integrator")) {
            if (*v == "exponential")
                o.integrator = ngcrt::Integrator::exponential;
            else if (*v == "euler")
                o.integrator = ngcrt::Integrator::euler;
            else
                return usage_error("--integrator: '" + *v + "' is not exponential or euler");
        }
        if (int rc = require(given, "--tau", "T")) return rc;
        if (int rc = require(given, "--dt", "DT")) return rc;
    }
    replay_inputs in;
    if (int rc = load_inputs(o, names, in)) return rc;
    replay_outputs out;
    if (int rc = run<Cell>(o, names, in, out)) return rc;
    return write_cell_outputs(o, names, in, out);
}

template <class... Cells>
int replay_cell(const options& o, bool& found, ngcrt::detail::type_list<Cells...>) {
    int rc = -1;
    found =
        ((cell_option_name(Cells::text.c_name) == o.component ? (rc = replay_one<Cells>(o), true) : false) ||
         ...);
    return rc;
}

template <class... Cells>
std::string cell_names(ngcrt::detail::type_list<Cells...>) {
    std::string known;
    ((known += (known.empty() ? "" : ", ") + cell_option_name(Cells::text.c_name)), ...);
    return known;
}

}  // namespace

int replay_error_cell(const options& o, bool& found) {
    return replay_cell(o, found, ngcrt::detail::cell_list{});
}

std::string error_cell_names() { return cell_names(ngcrt::detail::cell_list{}); }

}  // namespace ngcrt::replay
