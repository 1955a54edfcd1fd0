// ngcrt-replay - runs recorded inputs through one error cell and saves what it computes.
//
//   ngcrt-replay [--cell gaussian|laplacian|bernoulli|leaky-gaussian] --in DIR --out DIR
//                [--convention 3.1|3.2|exact] [--sigma S | --scale S | --input-logits]
//                [--tau T --dt DT [--integrator exponential|euler]]   (leaky-gaussian)
//
// The files are named after the cell's compartments (its help() table); gaussian (the
// default) reads mu.npy and Sigma.npy and writes dmu.npy and dSigma.npy, laplacian reads
// shift.npy and Scale.npy and writes dshift.npy and dScale.npy, bernoulli reads p.npy
// (probabilities, or logits with --input-logits) and writes dp.npy (no parameter);
// leaky-gaussian reads and writes what gaussian does and also writes e.npy, its state after
// each step; it needs --tau (>= 0) and --dt (> 0; every step the same dt).
// Inputs (NumPy .npy, '<f4', C or Fortran order, format version 1.0, 2.0 or 3.0) in --in:
//   <prediction>.npy, target.npy  (T, B, N) or (T, B, H, W, C), required
//   modulator.npy, mask.npy       same shape, optional: step t's slice is written into the
//                                 cell (through its mutable spans) before step t
//   <parameter>.npy               optional: () or (1,) for a scalar parameter, the unit
//                                 shape (N,) or (H, W, C) for one per unit, (N, N) for a
//                                 full covariance (Sigma, dense units, --convention exact;
//                                 its lower triangle is read); or --sigma / --scale (the
//                                 parameter's name in lower case)
// Outputs (float32) in --out, created if missing (one level):
//   d<prediction>.npy, dtarget.npy   same shape as the prediction
//   L.npy                            (T,)
//   d<parameter>.npy                 (T,) + the parameter's shape (() without its file)
//   e.npy                            leaky-gaussian: same shape as the prediction
//
// Exit status: 0 success (prints nothing); 2 usage error or bad input (one line on stderr
// naming the file or option); 1 the outputs could not be written, or memory ran out (one
// line on stderr). T = 0 is valid: empty outputs.
// Everything is computed in memory first; each output is written to a temporary file in
// --out and renamed into place, and temporaries are removed on any failure, so --out never
// holds a half-written output.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "ngcrt/cells.hpp"
#include "npy.hpp"

namespace {

using ngcrt::npy::npy_array;
using ngcrt::npy::shape_string;

constexpr const char* program = "ngcrt-replay";
constexpr const char* usage_text =
    "usage: ngcrt-replay [--cell gaussian|laplacian|bernoulli|leaky-gaussian] --in DIR --out DIR "
    "[--convention 3.1|3.2|exact] [--sigma S | --scale S | --input-logits] "
    "[--tau T --dt DT [--integrator exponential|euler]]";
constexpr int exit_bad_input = 2;
constexpr int exit_write_failed = 1;

// One line on stderr: "ngcrt-replay: <where>: <what>" (control characters replaced, so a
// strange file name cannot split the line).
int report(int code, const std::string& where, const std::string& what) {
    std::string line = std::string(program) + ": ";
    if (!where.empty()) line += where + ": ";
    line += what;
    for (char& c : line)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    line += '\n';
    std::fputs(line.c_str(), stderr);
    return code;
}

int usage_error(const std::string& what) {
    return report(exit_bad_input, "", what + " (" + usage_text + ")");
}

std::string format_float(float v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
    return buf;
}

std::string join_path(const std::string& dir, const std::string& name) {
    if (!dir.empty() && dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

// ---- command line ------------------------------------------------------------------------

struct options {
    std::string in, out;
    bool have_in = false, have_out = false, have_convention = false, have_cell = false;
    std::string cell = "gaussian";
    ngcrt::Convention convention = ngcrt::Convention::ngclearn_3_1;
    // --sigma or --scale: the parameter's value, and which option gave it.
    bool have_parameter = false;
    float parameter = 1.0f;
    std::string parameter_option;
    bool input_logits = false;  // --input-logits: the Bernoulli cell's p holds logits
    // A leaky cell's time constant, step and integrator.
    bool have_tau = false, have_dt = false, have_integrator = false;
    float tau = 0.0f, dt = 0.0f;
    ngcrt::Integrator integrator = ngcrt::Integrator::exponential;
    bool help = false;
};

// A float option's value: 0, or an exit status.
int parse_float(const std::string& arg, const std::string& value, float& v) {
    const char* s = value.c_str();
    char* end = nullptr;
    v = std::strtof(s, &end);
    if (value.empty() || end == s || *end != '\0' || std::isspace(static_cast<unsigned char>(value[0])))
        return report(exit_bad_input, arg, "'" + value + "' is not a number");
    return 0;
}

// Returns 0 to go on, or an exit status.
int parse_args(int argc, char** argv, options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            o.help = true;
            return 0;
        }
        if (arg == "--input-logits") {
            if (o.input_logits) return usage_error("--input-logits given twice");
            o.input_logits = true;
            continue;
        }
        std::string value;
        bool inline_value = false;
        if (arg.rfind("--", 0) == 0) {
            const std::size_t eq = arg.find('=');
            if (eq != std::string::npos) {
                value = arg.substr(eq + 1);
                arg.resize(eq);
                inline_value = true;
            }
        }
        const bool parameter_arg = arg == "--sigma" || arg == "--scale";
        const bool leaky_arg = arg == "--tau" || arg == "--dt" || arg == "--integrator";
        if (arg != "--in" && arg != "--out" && arg != "--convention" && arg != "--cell" && !parameter_arg &&
            !leaky_arg) {
            if (arg.rfind("-", 0) == 0) return usage_error("unknown option '" + arg + "'");
            return usage_error("unexpected argument '" + arg + "'");
        }
        if (!inline_value) {
            if (i + 1 >= argc) return usage_error(arg + " needs a value");
            value = argv[++i];
        }
        if (arg == "--in") {
            if (o.have_in) return usage_error("--in given twice");
            if (value.empty()) return usage_error("--in: empty directory name");
            o.in = value;
            o.have_in = true;
        } else if (arg == "--out") {
            if (o.have_out) return usage_error("--out given twice");
            if (value.empty()) return usage_error("--out: empty directory name");
            o.out = value;
            o.have_out = true;
        } else if (arg == "--cell") {
            if (o.have_cell) return usage_error("--cell given twice");
            o.cell = value;
            o.have_cell = true;
        } else if (arg == "--convention") {
            if (o.have_convention) return usage_error("--convention given twice");
            if (value == "3.1")
                o.convention = ngcrt::Convention::ngclearn_3_1;
            else if (value == "3.2")
                o.convention = ngcrt::Convention::ngclearn_3_2;
            else if (value == "exact")
                o.convention = ngcrt::Convention::exact;
            else
                return usage_error("--convention: '" + value + "' is not 3.1, 3.2 or exact");
            o.have_convention = true;
        } else if (arg == "--integrator") {
            if (o.have_integrator) return usage_error("--integrator given twice");
            if (value == "exponential")
                o.integrator = ngcrt::Integrator::exponential;
            else if (value == "euler")
                o.integrator = ngcrt::Integrator::euler;
            else
                return usage_error("--integrator: '" + value + "' is not exponential or euler");
            o.have_integrator = true;
        } else if (arg == "--tau" || arg == "--dt") {  // checked against the cell in replay()
            const bool is_tau = arg == "--tau";
            if (is_tau ? o.have_tau : o.have_dt) return usage_error(arg + " given twice");
            float v = 0.0f;
            if (int rc = parse_float(arg, value, v)) return rc;
            if (is_tau ? !(v >= 0.0f) || !std::isfinite(v) : !(v > 0.0f) || !std::isfinite(v))
                return report(
                    exit_bad_input, arg,
                    "invalid value '" + value + "' (" + format_float(v) + " as float32): " +
                        (is_tau ? "tau must be >= 0 and finite" : "dt must be positive and finite"));
            (is_tau ? o.tau : o.dt) = v;
            (is_tau ? o.have_tau : o.have_dt) = true;
        } else {  // --sigma, --scale: checked against the cell in replay()
            if (o.have_parameter) return usage_error(arg + " given twice");
            float v = 0.0f;
            if (int rc = parse_float(arg, value, v)) return rc;
            o.parameter = v;
            o.parameter_option = arg;
            o.have_parameter = true;
            if (!(v > 0.0f) || !std::isfinite(v)) {
                const std::string name = arg == "--sigma" ? "Sigma" : "Scale";
                return report(exit_bad_input, arg,
                              "invalid value '" + value + "' (" + format_float(v) + " as float32): " + name +
                                  " must be positive and finite");
            }
        }
    }
    if (!o.have_in) return usage_error("missing --in DIR");
    if (!o.have_out) return usage_error("missing --out DIR");
    return 0;
}

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

// ---- inputs ------------------------------------------------------------------------------

// Loads DIR/name. Returns 0 (loaded, or absent and optional: `present` says which) or an exit status.
int load(const std::string& dir, const char* name, bool required, npy_array& a, bool& present) {
    std::string error;
    const auto st = ngcrt::npy::read_npy_file(join_path(dir, name), a, error);
    present = st == ngcrt::npy::read_status::ok;
    if (st == ngcrt::npy::read_status::ok) return 0;
    if (st == ngcrt::npy::read_status::not_found && !required) return 0;
    if (st == ngcrt::npy::read_status::not_found) error = "missing required file (not found in " + dir + ")";
    return report(exit_bad_input, name, error);
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

int load_inputs(const options& o, const cell_files& names, replay_inputs& in) {
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
int run(const options& o, const cell_files& names, const replay_inputs& in, replay_outputs& out) {
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

// ---- outputs -----------------------------------------------------------------------------

// Temporary files currently on disk, for the signal handler (async-signal-safe: fixed
// storage; a path is complete before the count covers it; an empty path is skipped).
constexpr int max_temps = 5;
char temp_paths[max_temps][4096];
volatile std::sig_atomic_t temp_count = 0;

extern "C" void remove_temps_and_die(int sig) {
    for (int i = 0; i < temp_count; ++i)
        if (temp_paths[i][0] != '\0') ::unlink(temp_paths[i]);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void remove_temps() {
    for (int i = 0; i < temp_count; ++i) {
        if (temp_paths[i][0] != '\0') ::unlink(temp_paths[i]);
        temp_paths[i][0] = '\0';
    }
    temp_count = 0;
}

bool write_all(int fd, const std::vector<unsigned char>& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<std::size_t>(w);
    }
    return true;
}

struct output_file {
    const char* name;
    std::vector<std::size_t> shape;
    const std::vector<float>* values;
    std::vector<unsigned char> bytes;
    std::string temp;
};
// The first `count` of an array of outputs, for range-for.
struct span_of_files {
    output_file* first;
    int count;
    output_file* begin() const { return first; }
    output_file* end() const { return first + count; }
    output_file& operator[](int i) const { return first[i]; }
};

int write_outputs(const options& o, const cell_files& names, const replay_inputs& in,
                  const replay_outputs& r) {
    std::vector<std::size_t> L_shape{in.steps};
    std::vector<std::size_t> dparameter_shape{in.steps};
    dparameter_shape.insert(dparameter_shape.end(), in.parameter_dims.begin(), in.parameter_dims.end());
    const std::string dpred_file = names.dprediction + ".npy", dparam_file = names.dparameter + ".npy",
                      state_file = names.state + ".npy";
    output_file all[max_temps] = {{dpred_file.c_str(), in.prediction.shape, &r.dprediction, {}, {}},
                                  {"dtarget.npy", in.prediction.shape, &r.dtarget, {}, {}},
                                  {"L.npy", L_shape, &r.L, {}, {}},
                                  {},
                                  {}};
    int count = 3;
    // A cell with a parameter: d<parameter>.npy; with a state: e.npy.
    if (!names.dparameter.empty())
        all[count++] = {dparam_file.c_str(), dparameter_shape, &r.dparameter, {}, {}};
    if (!names.state.empty()) all[count++] = {state_file.c_str(), in.prediction.shape, &r.state, {}, {}};
    const span_of_files files{all, count};
    // Everything encoded in memory before the file system is touched.
    for (output_file& f : files) {
        std::string error;
        if (!ngcrt::npy::encode_npy(f.shape, f.values->data(), f.values->size(), f.bytes, error))
            return report(exit_write_failed, f.name, "internal error: " + error);
    }

    if (::mkdir(o.out.c_str(), 0777) != 0 && errno != EEXIST)
        return report(exit_write_failed, o.out,
                      std::string("cannot create output directory: ") + std::strerror(errno));
    struct stat st {};
    if (::stat(o.out.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return report(exit_write_failed, o.out, "not a directory");
    // Refuse early (before any rename) if an output name is taken by something we would not replace.
    for (const output_file& f : files) {
        const std::string dest = join_path(o.out, f.name);
        if (::lstat(dest.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
            return report(exit_write_failed, dest, "exists and is not a regular file");
    }

    struct sigaction sa {};
    sa.sa_handler = remove_temps_and_die;
    sigemptyset(&sa.sa_mask);
    struct sigaction old_int {
    }, old_term{}, old_hup{};
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    auto restore_signals = [&] {
        sigaction(SIGINT, &old_int, nullptr);
        sigaction(SIGTERM, &old_term, nullptr);
        sigaction(SIGHUP, &old_hup, nullptr);
    };
    auto fail = [&](const std::string& where, const std::string& what) {
        remove_temps();
        restore_signals();
        return report(exit_write_failed, where, what);
    };

    for (output_file& f : files) {
        int fd = -1;
        for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
            f.temp = join_path(o.out, std::string(".") + f.name + "." + std::to_string(::getpid()) + "." +
                                          std::to_string(attempt) + ".tmp");
            if (f.temp.size() >= sizeof temp_paths[0]) return fail(f.temp, "path too long");
            fd = ::open(f.temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd < 0 && errno != EEXIST)
                return fail(f.temp, std::string("cannot create: ") + std::strerror(errno));
        }
        if (fd < 0) return fail(f.temp, "cannot create a temporary file");
        std::memcpy(temp_paths[temp_count], f.temp.c_str(), f.temp.size() + 1);
        temp_count = temp_count + 1;
        // Not fsync'd: the guarantee is against the tool's own failures (no half-written
        // output under its name), not against power loss.
        const bool ok = write_all(fd, f.bytes);
        const int write_errno = errno;
        if (::close(fd) != 0 || !ok)
            return fail(f.temp, std::string("write failed: ") + std::strerror(ok ? errno : write_errno));
    }
    for (int i = 0; i < count; ++i) {
        const std::string dest = join_path(o.out, files[i].name);
        if (::rename(files[i].temp.c_str(), dest.c_str()) != 0)
            return fail(dest,
                        std::string("cannot rename temporary file into place: ") + std::strerror(errno));
        temp_paths[i][0] = '\0';  // no longer ours to remove
    }
    temp_count = 0;
    restore_signals();
    return 0;
}

// One cell's replay: its file names, then inputs, steps and outputs.
template <class Cell>
int replay(const options& o) {
    const cell_files names = cell_files::of<Cell>();
    if (o.have_parameter && (names.parameter.empty() || o.parameter_option != "--" + lower(names.parameter)))
        return usage_error(o.parameter_option + " is not an option of --cell " + o.cell);
    if (o.input_logits && Cell::has_parameter)
        return usage_error("--input-logits is not an option of --cell " + o.cell);
    if (!Cell::has_state && (o.have_tau || o.have_dt || o.have_integrator))
        return usage_error(std::string(o.have_tau  ? "--tau"
                                       : o.have_dt ? "--dt"
                                                   : "--integrator") +
                           " is not an option of --cell " + o.cell);
    if (Cell::has_state && !o.have_tau) return usage_error("--cell " + o.cell + " needs --tau T");
    if (Cell::has_state && !o.have_dt) return usage_error("--cell " + o.cell + " needs --dt DT");
    replay_inputs in;
    if (int rc = load_inputs(o, names, in)) return rc;
    replay_outputs out;
    if (int rc = run<Cell>(o, names, in, out)) return rc;
    return write_outputs(o, names, in, out);
}

// --cell NAME: the cell whose C name (cells::X::text.c_name) is NAME + "_error", '-' for '_'.
template <class... Cells>
int replay_cell(const options& o, ngcrt::detail::type_list<Cells...>) {
    int rc = -1;
    const bool found =
        ((cell_option_name(Cells::text.c_name) == o.cell ? (rc = replay<Cells>(o), true) : false) || ...);
    if (!found) {
        std::string known;
        ((known += (known.empty() ? "" : ", ") + cell_option_name(Cells::text.c_name)), ...);
        return usage_error("--cell: '" + o.cell + "' is not one of " + known);
    }
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        options o;
        if (int rc = parse_args(argc, argv, o)) return rc;
        if (o.help) {
            std::printf("%s\n", usage_text);
            return 0;
        }
        return replay_cell(o, ngcrt::detail::cell_list{});
    } catch (const std::exception& e) {  // std::bad_alloc for inputs too large for memory
        remove_temps();
        return report(exit_write_failed, "", std::string("fatal: ") + e.what());
    }
}
