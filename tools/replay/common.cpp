// tools/replay/common.cpp - the command line, error reports, inputs and outputs shared by
// every component's replay (common.hpp).
#include "common.hpp"

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
#include <string>
#include <type_traits>

namespace ngcrt::replay {

namespace {
constexpr const char* program = "ngcrt-replay";

// Every option any component takes, and whether it is a flag (no value).
struct option_spec {
    const char* name;
    bool flag;
};
constexpr option_spec known_options[] = {
    // error cells
    {"--convention", false},
    {"--sigma", false},
    {"--scale", false},
    {"--input-logits", true},
    {"--tau", false},
    {"--dt", false},
    {"--integrator", false},
    // rate-cell
    {"--tau-m", false},
    {"--act-fx", false},
    {"--prior", false},
    {"--gamma", false},
    {"--integration", false},
    {"--output-scale", false},
    {"--resist-scale", false},
    // synapses
    {"--transposed", true},
    {"--eta", false},
    {"--w-bound", false},
    {"--nonnegative", true},
    {"--lambda", false},
    {"--l1-ratio", false},
    {"--w-decay", false},
    {"--sign-value", false},
    {"--optim-type", false},
    {"--pre-wght", false},
    {"--post-wght", false},
};
const option_spec* find_spec(const std::string& name) {
    for (const option_spec& s : known_options)
        if (name == s.name) return &s;
    return nullptr;
}
}  // namespace

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
    const std::string usage(usage_text);
    return report(exit_bad_input, "", what + " (" + usage.substr(0, usage.find('\n')) + ")");
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

// ---- the command line ------------------------------------------------------------------

const std::string* options::find(const std::string& name) const {
    for (const auto& [k, v] : given)
        if (k == name) return &v;
    return nullptr;
}

int parse_args(int argc, char** argv, options& o) {
    bool have_in = false, have_out = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            o.help = true;
            return 0;
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
        const bool own = arg == "--in" || arg == "--out" || arg == "--cell" || arg == "--component";
        const option_spec* spec = own ? nullptr : find_spec(arg);
        if (!own && spec == nullptr) {
            if (arg.rfind("-", 0) == 0) return usage_error("unknown option '" + arg + "'");
            return usage_error("unexpected argument '" + arg + "'");
        }
        if (spec != nullptr && spec->flag) {
            if (inline_value) return usage_error(arg + " takes no value");
            if (o.has(arg)) return usage_error(arg + " given twice");
            o.given.emplace_back(arg, std::string());
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= argc) return usage_error(arg + " needs a value");
            value = argv[++i];
        }
        if (arg == "--in" || arg == "--out") {
            bool& have = arg == "--in" ? have_in : have_out;
            if (have) return usage_error(arg + " given twice");
            if (value.empty()) return usage_error(arg + ": empty directory name");
            (arg == "--in" ? o.in : o.out) = value;
            have = true;
        } else if (arg == "--cell" || arg == "--component") {
            if (o.have_component)
                return usage_error(o.component_option == arg ? arg + " given twice"
                                                             : "--cell and --component both given");
            o.component = value;
            o.component_option = arg;
            o.have_component = true;
        } else {
            if (o.has(arg)) return usage_error(arg + " given twice");
            o.given.emplace_back(arg, value);
        }
    }
    if (!have_in) return usage_error("missing --in DIR");
    if (!have_out) return usage_error("missing --out DIR");
    return 0;
}

int allow_only(const options& o, const std::vector<std::string>& allowed) {
    for (const auto& given : o.given) {
        bool ok = false;
        for (const std::string& a : allowed) ok = ok || given.first == a;
        if (!ok) return usage_error(given.first + " is not an option of " + o.component_words());
    }
    return 0;
}
int allow_only(const options& o, std::initializer_list<const char*> allowed) {
    return allow_only(o, std::vector<std::string>(allowed.begin(), allowed.end()));
}

int require(const options& o, const char* name, const char* metavar) {
    if (o.has(name)) return 0;
    return usage_error(o.component_words() + " needs " + name + " " + metavar);
}

// The whole of text as a number (strtof / strtod), no leading space or trailing characters.
template <class T>
bool parse_number(const std::string& text, T& x) {
    const char* s = text.c_str();
    char* end = nullptr;
    if constexpr (std::is_same_v<T, float>)
        x = std::strtof(s, &end);
    else
        x = std::strtod(s, &end);
    return !text.empty() && end != s && *end == '\0' && !std::isspace(static_cast<unsigned char>(text[0]));
}

int option_float(const options& o, const char* name, float_range range, const char* rule, float& v,
                 bool* present) {
    const std::string* value = o.find(name);
    if (present != nullptr) *present = value != nullptr;
    if (value == nullptr) return 0;
    float x = 0.0f;
    if (!parse_number(*value, x)) return report(exit_bad_input, name, "'" + *value + "' is not a number");
    const bool ok = std::isfinite(x) && (range == float_range::finite ||
                                         (range == float_range::nonnegative ? x >= 0.0f : x > 0.0f));
    if (!ok)
        return report(exit_bad_input, name,
                      "invalid value '" + *value + "' (" + format_float(x) + " as float32): " + rule);
    v = x;
    return 0;
}

int option_double(const options& o, const char* name, double& v) {
    const std::string* value = o.find(name);
    if (value == nullptr) return 0;
    double x = 0.0;
    if (!parse_number(*value, x)) return report(exit_bad_input, name, "'" + *value + "' is not a number");
    if (!std::isfinite(x))
        return report(exit_bad_input, name, "invalid value '" + *value + "': must be finite");
    v = x;
    return 0;
}

int option_convention(const options& o, Convention& c) {
    const std::string* value = o.find("--convention");
    if (value == nullptr) return 0;
    if (*value == "3.1")
        c = Convention::ngclearn_3_1;
    else if (*value == "3.2")
        c = Convention::ngclearn_3_2;
    else if (*value == "exact")
        c = Convention::exact;
    else
        return usage_error("--convention: '" + *value + "' is not 3.1, 3.2 or exact");
    return 0;
}

// ---- inputs ----------------------------------------------------------------------------

int load(const std::string& dir, const std::string& name, bool required, npy_array& a, bool& present) {
    std::string error;
    const auto st = npy::read_npy_file(join_path(dir, name), a, error);
    present = st == npy::read_status::ok;
    if (st == npy::read_status::ok) return 0;
    if (st == npy::read_status::not_found && !required) return 0;
    if (st == npy::read_status::not_found) error = "missing required file (not found in " + dir + ")";
    return report(exit_bad_input, name, error);
}

int check_series(const std::string& name, const npy_array& a, bool feature_maps_too, std::size_t& units) {
    const std::vector<std::size_t>& s = a.shape;
    if (s.size() != 3 && !(feature_maps_too && s.size() == 5))
        return report(
            exit_bad_input, name,
            "shape " + shape_string(s) + " has rank " + std::to_string(s.size()) +
                (feature_maps_too ? ": expected (T, B, N) or (T, B, H, W, C)" : ": expected (T, B, N)"));
    for (std::size_t i = 1; i < s.size(); ++i)
        if (s[i] == 0)
            return report(exit_bad_input, name,
                          "shape " + shape_string(s) + ": batch and unit dimensions must be positive");
    // (cannot overflow when T > 0: the data exists; with T = 0 it may)
    std::size_t step = 0;
    if (!npy::element_count(std::vector<std::size_t>(s.begin() + 2, s.end()), units) ||
        !npy::element_count(std::vector<std::size_t>(s.begin() + 1, s.end()), step))
        return report(exit_bad_input, name, "shape " + shape_string(s) + " is too large");
    return 0;
}

int same_shape(const std::string& name, const npy_array& a, const std::string& ref_name,
               const std::vector<std::size_t>& shape) {
    if (a.shape == shape) return 0;
    return report(
        exit_bad_input, name,
        "shape " + shape_string(a.shape) + " does not match " + ref_name + " shape " + shape_string(shape));
}

// ---- outputs ---------------------------------------------------------------------------

namespace {
// Temporary files currently on disk, for the signal handler (async-signal-safe: fixed
// storage; a path is complete before the count covers it; an empty path is skipped).
char temp_paths[max_outputs][4096];
volatile std::sig_atomic_t temp_count = 0;

extern "C" void remove_temps_and_die(int sig) {
    for (int i = 0; i < temp_count; ++i)
        if (temp_paths[i][0] != '\0') ::unlink(temp_paths[i]);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
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
}  // namespace

void remove_temps() {
    for (int i = 0; i < temp_count; ++i) {
        if (temp_paths[i][0] != '\0') ::unlink(temp_paths[i]);
        temp_paths[i][0] = '\0';
    }
    temp_count = 0;
}

int write_outputs(const std::string& out_dir, const std::vector<output_array>& files) {
    if (files.size() > static_cast<std::size_t>(max_outputs))
        return report(exit_write_failed, "", "internal error: too many outputs");
    // Everything encoded in memory before the file system is touched.
    std::vector<std::vector<unsigned char>> bytes(files.size());
    std::vector<std::string> temps(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::string error;
        if (!npy::encode_npy(files[i].shape, files[i].values->data(), files[i].values->size(), bytes[i],
                             error))
            return report(exit_write_failed, files[i].name, "internal error: " + error);
    }

    if (::mkdir(out_dir.c_str(), 0777) != 0 && errno != EEXIST)
        return report(exit_write_failed, out_dir,
                      std::string("cannot create output directory: ") + std::strerror(errno));
    struct stat st {};
    if (::stat(out_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return report(exit_write_failed, out_dir, "not a directory");
    // Refuse early (before any rename) if an output name is taken by something we would not replace.
    for (const output_array& f : files) {
        const std::string dest = join_path(out_dir, f.name);
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

    for (std::size_t i = 0; i < files.size(); ++i) {
        int fd = -1;
        std::string& temp = temps[i];
        for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
            temp = join_path(out_dir, "." + files[i].name + "." + std::to_string(::getpid()) + "." +
                                          std::to_string(attempt) + ".tmp");
            if (temp.size() >= sizeof temp_paths[0]) return fail(temp, "path too long");
            fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd < 0 && errno != EEXIST)
                return fail(temp, std::string("cannot create: ") + std::strerror(errno));
        }
        if (fd < 0) return fail(temp, "cannot create a temporary file");
        std::memcpy(temp_paths[temp_count], temp.c_str(), temp.size() + 1);
        temp_count = temp_count + 1;
        // Not fsync'd: the guarantee is against the tool's own failures (no half-written
        // output under its name), not against power loss.
        const bool ok = write_all(fd, bytes[i]);
        const int write_errno = errno;
        if (::close(fd) != 0 || !ok)
            return fail(temp, std::string("write failed: ") + std::strerror(ok ? errno : write_errno));
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string dest = join_path(out_dir, files[i].name);
        if (::rename(temps[i].c_str(), dest.c_str()) != 0)
            return fail(dest,
                        std::string("cannot rename temporary file into place: ") + std::strerror(errno));
        temp_paths[i][0] = '\0';  // no longer ours to remove
    }
    temp_count = 0;
    restore_signals();
    return 0;
}

}  // namespace ngcrt::replay
