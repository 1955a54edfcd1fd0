// ngcrt-pcn - ngc-museum's discriminative predictive-coding network (docs/spec/pcn.md) on the
// host: train it, run its test-time projection, or pack its weights into a C header.
//
//   ngcrt-pcn train --model IN_DIR --x X.npy --y Y.npy --out OUT_DIR [--epochs E] [--batch B]
//                   [--steps T] [--dt DT] [--tau TAU] [--eta ETA] [--optimizer adam|sgd]
//   ngcrt-pcn infer --model DIR --x X.npy --out OUT_DIR
//   ngcrt-pcn pack  --model DIR --out FILE.h
//
// The contract (pcn.md "ngcrt's command-line contract") and the decisions it leaves open are
// in docs/pcn-tool.md. In short: the model directory holds W1.npz .. WL.npz (2 <= L <= 8) in
// ngclearn's save format (only `weights` (in, out) and `biases` (1, out) are read, <f4, C
// order, stored uncompressed); X.npy (N, inputs) and Y.npy (N, classes) are <f4. One build
// runs any layer sizes: ngcrt::PCNView over one heap arena sized at run time.
//
// Exit status: 0 success (prints nothing); 2 usage error or bad input (one line on stderr,
// nothing written); 1 the outputs could not be written or memory ran out (one line on
// stderr; outputs go to temporary files renamed into place, so a failed write leaves no
// half-written file). Every input is checked before anything is computed or written.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "ngcrt/pcn.hpp"
#include "npy.hpp"
#include "npz.hpp"

namespace ngcrt::pcn_tool {
namespace {

constexpr const char* program = "ngcrt-pcn";
constexpr int exit_bad_input = 2;
constexpr int exit_write_failed = 1;
constexpr std::size_t infer_chunk = 1000;  // rows per infer() call

const char* const usage_text =
    "usage: ngcrt-pcn train --model IN_DIR --x X.npy --y Y.npy --out OUT_DIR [--epochs E] [--batch B]\n"
    "                       [--steps T] [--dt DT] [--tau TAU] [--eta ETA] [--optimizer adam|sgd]\n"
    "       ngcrt-pcn infer --model DIR --x X.npy --out OUT_DIR\n"
    "       ngcrt-pcn pack --model DIR --out FILE.h\n"
    "  train: E = 1, B = 250, T = 20, DT = 1, TAU = 25, ETA = 0.001, adam by default; writes\n"
    "         OUT_DIR/W1.npz .. WL.npz and OUT_DIR/efe.npy (one EFE per batch)\n"
    "  infer: writes OUT_DIR/y.npy (N, classes) float32 and OUT_DIR/pred.npy (N,) int64\n"
    "  pack:  writes a C99 / C++17 header of the weights and biases (exact hex floats)\n"
    "  files, checks and exit statuses: docs/pcn-tool.md";

// A failure on the way: its exit status and its one line (without the program name).
struct failure {
    int code;
    std::string line;
};

std::string clean(std::string s) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return s;
}

[[noreturn]] void fail(int code, const std::string& where, const std::string& what) {
    throw failure{code, where.empty() ? what : where + ": " + what};
}
[[noreturn]] void bad_input(const std::string& where, const std::string& what) {
    fail(exit_bad_input, where, what);
}
[[noreturn]] void usage_error(const std::string& what) {
    fail(exit_bad_input, "", what + " (ngcrt-pcn --help shows the usage)");
}

std::string join_path(const std::string& dir, const std::string& name) {
    if (!dir.empty() && dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

std::string shape_text(const std::vector<std::size_t>& shape) { return npy::shape_string(shape); }

// ---- the command line ------------------------------------------------------------------

struct command_line {
    std::string command;
    std::vector<std::pair<std::string, std::string>> given;  // option (without "--"), value

    const std::string* find(const char* name) const {
        for (const auto& [k, v] : given)
            if (k == name) return &v;
        return nullptr;
    }
    const std::string& require(const char* name) const {
        const std::string* v = find(name);
        if (v == nullptr) usage_error(command + " needs --" + name);
        return *v;
    }
};

// The options each command takes.
std::vector<std::string> options_of(const std::string& command) {
    if (command == "train")
        return {"model", "x", "y", "out", "epochs", "batch", "steps", "dt", "tau", "eta", "optimizer"};
    if (command == "infer") return {"model", "x", "out"};
    return {"model", "out"};  // pack
}

command_line parse_args(int argc, char** argv) {
    command_line c;
    if (argc < 2) usage_error("no command (train, infer or pack)");
    c.command = argv[1];
    if (c.command != "train" && c.command != "infer" && c.command != "pack")
        usage_error("unknown command '" + c.command + "' (train, infer or pack)");
    const std::vector<std::string> allowed = options_of(c.command);
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) usage_error("unexpected argument '" + arg + "'");
        std::string name = arg.substr(2), value;
        bool have_value = false;
        if (const std::size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
            have_value = true;
        }
        bool known = false;
        for (const std::string& a : allowed) known = known || a == name;
        if (!known) usage_error(c.command + ": unknown option '--" + name + "'");
        if (c.find(name.c_str()) != nullptr) usage_error("--" + name + " given twice");
        if (!have_value) {
            if (i + 1 >= argc) usage_error("--" + name + ": missing value");
            value = argv[++i];
        }
        if (value.empty()) usage_error("--" + name + ": empty value");
        c.given.emplace_back(name, value);
    }
    return c;
}

// A positive integer option (absent: `v` unchanged): decimal digits only.
void option_count(const command_line& c, const char* name, std::size_t& v) {
    const std::string* s = c.find(name);
    if (s == nullptr) return;
    std::size_t n = 0;
    bool ok = !s->empty();
    for (const char ch : *s) {
        if (ch < '0' || ch > '9') {
            ok = false;
            break;
        }
        const auto d = static_cast<std::size_t>(ch - '0');
        if (n > (std::numeric_limits<std::size_t>::max() - d) / 10)
            bad_input(std::string("--") + name, "'" + *s + "' is too large");
        n = n * 10 + d;
    }
    if (!ok) bad_input(std::string("--") + name, "'" + *s + "' is not a whole number");
    if (n == 0) bad_input(std::string("--") + name, "must be at least 1 (got 0)");
    v = n;
}

// A positive finite float32 option (absent: `v` unchanged), as PCNSettings::valid() takes
// it: 0 < v <= 3.4e38.
void option_positive(const command_line& c, const char* name, float& v) {
    const std::string* s = c.find(name);
    if (s == nullptr) return;
    const char* p = s->c_str();
    char* end = nullptr;
    errno = 0;
    const float f = std::strtof(p, &end);
    const bool whole = end != p && *end == '\0' && !(*p == ' ' || *p == '\t' || *p == '\n');
    if (!whole) bad_input(std::string("--") + name, "'" + *s + "' is not a number");
    if (!(f > 0.0f) || !(f <= 3.4e38f))
        bad_input(std::string("--") + name, "must be positive and finite (at most 3.4e38; got '" + *s + "')");
    v = f;
}

// ---- the model -------------------------------------------------------------------------

struct layer {
    std::size_t in = 0, out = 0;
    std::vector<float> W, b;  // (in, out) row-major; (out)
};
struct model {
    std::vector<std::size_t> sizes;  // n_0 .. n_L
    std::vector<layer> layers;       // W1 .. WL
};

bool all_finite(const std::vector<float>& v, std::size_t& where) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i])) {
            where = i;
            return false;
        }
    return true;
}

std::string index_text(const std::vector<std::size_t>& shape, std::size_t flat) {
    std::vector<std::size_t> idx(shape.size());
    for (std::size_t k = shape.size(); k-- > 0;) {
        idx[k] = shape[k] == 0 ? 0 : flat % shape[k];
        flat = shape[k] == 0 ? 0 : flat / shape[k];
    }
    std::string s = "[";
    for (std::size_t k = 0; k < idx.size(); ++k) s += (k ? ", " : "") + std::to_string(idx[k]);
    return s + "]";
}

std::string value_text(float v) { return std::isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf"; }

// One entry of a W*.npz as a 2-D <f4 C-order array.
npy::npy_array parse_entry(const std::string& path, const npz_entry& e) {
    const std::string where = path;
    if (!e.stored)
        bad_input(where,
                  "malformed: entry '" + e.name +
                      "' is compressed or encrypted (write the model with np.savez, not savez_compressed)");
    npy::npy_array a;
    std::string error;
    if (!npy::parse_npy(e.bytes.data(), e.bytes.size(), a, error))
        bad_input(where, "malformed: entry '" + e.name + "': " + error);
    if (a.fortran_order && a.shape.size() >= 2)
        bad_input(where, "malformed: entry '" + e.name + "' is in Fortran order (expected C order)");
    return a;
}

layer load_layer(const std::string& path, std::size_t l) {
    std::vector<npz_entry> entries;
    std::string error;
    switch (read_npz_entries(path, {"weights", "biases"}, entries, error)) {
        case npz_status::ok: break;
        case npz_status::not_found: bad_input(path, "missing (file not found)");
        case npz_status::failed: bad_input(path, "malformed: " + error);
    }
    const npz_entry* we = nullptr;
    const npz_entry* be = nullptr;
    for (const npz_entry& e : entries) (e.name == "weights" ? we : be) = &e;
    if (we == nullptr) bad_input(path, "malformed: no entry 'weights'");
    if (be == nullptr) bad_input(path, "malformed: no entry 'biases'");
    npy::npy_array w = parse_entry(path, *we), b = parse_entry(path, *be);
    const std::string name = "W" + std::to_string(l);
    if (w.shape.size() != 2 || w.shape[0] == 0 || w.shape[1] == 0)
        bad_input(path, "malformed: 'weights' has shape " + shape_text(w.shape) +
                            ", expected (in, out), both >= 1");
    if (b.shape != std::vector<std::size_t>{1, w.shape[1]})
        bad_input(path, "malformed: 'biases' has shape " + shape_text(b.shape) + ", expected (1, " +
                            std::to_string(w.shape[1]) + ") for 'weights' " + shape_text(w.shape));
    std::size_t at = 0;
    if (!all_finite(w.data, at))
        bad_input(path, "'weights' holds " + value_text(w.data[at]) + " at " + index_text(w.shape, at));
    if (!all_finite(b.data, at))
        bad_input(path, "'biases' holds " + value_text(b.data[at]) + " at " + index_text(b.shape, at));
    layer L;
    L.in = w.shape[0];
    L.out = w.shape[1];
    L.W = std::move(w.data);
    L.b = std::move(b.data);
    return L;
}

// W<k>.npz names in `dir` (k >= 1, no leading zero), the largest k; 0 if none.
std::size_t largest_layer_file(const std::string& dir) {
    std::size_t largest = 0;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return 0;
    while (const dirent* ent = ::readdir(d)) {
        const std::string n = ent->d_name;
        if (n.size() < 6 || n[0] != 'W' || n.compare(n.size() - 4, 4, ".npz") != 0) continue;
        const std::string digits = n.substr(1, n.size() - 5);
        if (digits.empty() || digits.size() > 6 || digits[0] == '0') continue;
        bool ok = true;
        for (const char c : digits) ok = ok && c >= '0' && c <= '9';
        if (ok) largest = std::max<std::size_t>(largest, std::stoul(digits));
    }
    ::closedir(d);
    return largest;
}

model load_model(const std::string& dir) {
    struct stat sb {};
    if (::stat(dir.c_str(), &sb) != 0) bad_input(dir, "model directory not found");
    if (!S_ISDIR(sb.st_mode)) bad_input(dir, "the model is not a directory");
    // W1.npz, W2.npz, ... up to the first missing one.
    std::size_t L = 0;
    while (L <= pcn_max_weight_layers) {
        struct stat fb {};
        if (::stat(join_path(dir, "W" + std::to_string(L + 1) + ".npz").c_str(), &fb) != 0 && errno == ENOENT)
            break;
        ++L;
    }
    if (L < 2) bad_input(join_path(dir, "W" + std::to_string(L + 1) + ".npz"), "missing (file not found)");
    if (L > pcn_max_weight_layers)
        bad_input(join_path(dir, "W" + std::to_string(L) + ".npz"),
                  "malformed model: more than " + std::to_string(pcn_max_weight_layers) +
                      " weight layers (ngcrt's PCN has 2 to " + std::to_string(pcn_max_weight_layers) + ")");
    if (const std::size_t k = largest_layer_file(dir); k > L + 1)
        bad_input(join_path(dir, "W" + std::to_string(L + 1) + ".npz"),
                  "missing (file not found), but W" + std::to_string(k) + ".npz is there");
    model m;
    for (std::size_t l = 1; l <= L; ++l) {
        const std::string path = join_path(dir, "W" + std::to_string(l) + ".npz");
        layer ly = load_layer(path, l);
        if (l > 1 && ly.in != m.layers.back().out)
            bad_input(path, "malformed model: 'weights' has " + std::to_string(ly.in) + " rows but W" +
                                std::to_string(l - 1) + ".npz has " + std::to_string(m.layers.back().out) +
                                " columns (the sizes must chain)");
        if (l == 1) m.sizes.push_back(ly.in);
        m.sizes.push_back(ly.out);
        m.layers.push_back(std::move(ly));
    }
    return m;
}

// ---- data ------------------------------------------------------------------------------

// X.npy or Y.npy: a 2-D <f4 array (N, columns).
npy::npy_array load_matrix(const std::string& path, const char* what) {
    npy::npy_array a;
    std::string error;
    switch (npy::read_npy_file(path, a, error)) {
        case npy::read_status::ok: break;
        case npy::read_status::not_found: bad_input(path, "file not found");
        case npy::read_status::failed: bad_input(path, error);
    }
    if (a.shape.size() != 2)
        bad_input(path,
                  std::string("expected a 2-D array (N, ") + what + "), found shape " + shape_text(a.shape));
    return a;
}

void check_inputs(const std::string& path, const npy::npy_array& x, const model& m) {
    if (x.shape[1] != m.sizes.front())
        bad_input(path, "X has " + std::to_string(x.shape[1]) + " columns, W1.npz has " +
                            std::to_string(m.sizes.front()) + " rows (inputs)");
    std::size_t at = 0;
    if (!all_finite(x.data, at))
        bad_input(path, "X holds " + value_text(x.data[at]) + " at " + index_text(x.shape, at));
}

// ---- outputs ---------------------------------------------------------------------------

using npz_entries = std::vector<std::pair<std::string, std::vector<unsigned char>>>;

// Files to write into one directory: each goes to a temporary name there, then every one is
// renamed into place; temporaries left by a failure are removed.
class output_set {
public:
    explicit output_set(std::string dir) : dir_(std::move(dir)) {}
    output_set(const output_set&) = delete;
    output_set& operator=(const output_set&) = delete;
    ~output_set() {
        for (const std::string& t : temps_)
            if (!t.empty()) ::unlink(t.c_str());
    }

    void add_file(std::string name, std::vector<unsigned char> bytes) {
        items_.push_back({std::move(name), std::move(bytes), {}, false});
    }
    void add_npz(std::string name, npz_entries entries) {
        items_.push_back({std::move(name), {}, std::move(entries), true});
    }

    void commit() {
        for (const item& it : items_) {
            const std::string temp =
                join_path(dir_, "." + it.name + "." + std::to_string(::getpid()) + ".tmp");
            ::unlink(temp.c_str());  // a leftover of an earlier run of this process id
            temps_.push_back(temp);
            std::string error;
            if (it.npz ? !write_npz(temp, it.entries, error) : !write_bytes(temp, it.bytes, error))
                fail(exit_write_failed, temp, error);
        }
        for (std::size_t i = 0; i < items_.size(); ++i) {
            const std::string dest = join_path(dir_, items_[i].name);
            if (::rename(temps_[i].c_str(), dest.c_str()) != 0)
                fail(exit_write_failed, dest,
                     std::string("cannot rename the temporary file into place: ") + std::strerror(errno));
            temps_[i].clear();
        }
    }

private:
    struct item {
        std::string name;
        std::vector<unsigned char> bytes;
        npz_entries entries;
        bool npz;
    };
    static bool write_bytes(const std::string& path, const std::vector<unsigned char>& bytes,
                            std::string& error) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            error = std::string("cannot create: ") + std::strerror(errno);
            return false;
        }
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                error = std::string("write failed: ") + std::strerror(n < 0 ? errno : EIO);
                ::close(fd);
                return false;
            }
            done += static_cast<std::size_t>(n);
        }
        if (::close(fd) != 0) {
            error = std::string("write failed: ") + std::strerror(errno);
            return false;
        }
        return true;
    }

    std::string dir_;
    std::vector<item> items_;
    std::vector<std::string> temps_;
};

// OUT_DIR may not exist yet: is it, or can it be, a directory? Checked before the work (a
// failure here is a write failure, exit status 1), created after it.
void check_out_dir(const std::string& dir) {
    std::string p = dir;
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    for (;;) {
        struct stat sb {};
        if (::stat(p.c_str(), &sb) == 0) {
            if (!S_ISDIR(sb.st_mode)) fail(exit_write_failed, p, "exists and is not a directory");
            return;
        }
        if (errno != ENOENT) fail(exit_write_failed, p, std::strerror(errno));
        const std::size_t slash = p.find_last_of('/');
        if (slash == std::string::npos) return;  // relative: the working directory exists
        p = slash == 0 ? "/" : p.substr(0, slash);
    }
}

// Creates `dir` and its missing parents.
void make_dirs(const std::string& dir) {
    std::string p;
    std::size_t i = 0;
    while (i <= dir.size()) {
        const std::size_t slash = dir.find('/', i);
        p = dir.substr(0, slash == std::string::npos ? dir.size() : slash);
        i = slash == std::string::npos ? dir.size() + 1 : slash + 1;
        if (p.empty()) continue;
        if (::mkdir(p.c_str(), 0777) != 0 && errno != EEXIST)
            fail(exit_write_failed, p, std::string("cannot create the directory: ") + std::strerror(errno));
    }
    struct stat sb {};
    if (::stat(dir.c_str(), &sb) != 0 || !S_ISDIR(sb.st_mode))
        fail(exit_write_failed, dir, "cannot create the directory");
}

std::vector<unsigned char> npy_f4(const std::vector<std::size_t>& shape, const float* data, std::size_t n) {
    std::vector<unsigned char> out;
    std::string error;
    if (!npy::encode_npy(shape, data, n, out, error)) fail(exit_write_failed, "", error);
    return out;
}

// A W_l.npz's entries: the ones a freshly built ngclearn HebbianSynapse saves (and
// tools/pcn_init_model.py writes), in that order, with the given weights and biases; the
// bookkeeping entries hold a fresh model's values (key [0, 0], outputs and dWeights and
// dBiases zeros, mask 1.0): only weights and biases carry the model.
npz_entries layer_entries(std::size_t in, std::size_t out, const float* W, const float* b) {
    npz_entries e;
    std::string error;
    std::vector<unsigned char> bytes;
    const std::uint32_t key[2] = {0, 0};
    if (!npy::encode_npy_uint32({2}, key, 2, bytes, error)) fail(exit_write_failed, "", error);
    e.emplace_back("key", std::move(bytes));
    const std::vector<float> zeros_out(out, 0.0f), zeros_w(in * out, 0.0f);
    e.emplace_back("outputs", npy_f4({1, out}, zeros_out.data(), out));
    e.emplace_back("weights", npy_f4({in, out}, W, in * out));
    const double one = 1.0;
    if (!npy::encode_npy_float64({}, &one, 1, bytes, error)) fail(exit_write_failed, "", error);
    e.emplace_back("mask", std::move(bytes));
    e.emplace_back("biases", npy_f4({1, out}, b, out));
    e.emplace_back("dWeights", npy_f4({in, out}, zeros_w.data(), in * out));
    e.emplace_back("dBiases", npy_f4({out}, zeros_out.data(), out));
    return e;
}

// ---- the network -----------------------------------------------------------------------

// One 64-byte aligned heap arena of floats for a PCNView.
class arena {
public:
    explicit arena(std::size_t n) : n_(n) {
        p_ = static_cast<float*>(::operator new (n * sizeof(float), std::align_val_t{64}));
    }
    arena(const arena&) = delete;
    arena& operator=(const arena&) = delete;
    ~arena() { ::operator delete (p_, std::align_val_t{64}); }
    span<float> values() noexcept { return {p_, n_}; }

private:
    float* p_ = nullptr;
    std::size_t n_ = 0;
};

// Initialises `net` over `mem` (sized here) with the model's weights and biases.
void build(PCNView<float>& net, std::unique_ptr<arena>& mem, const model& m, std::size_t max_batch,
           Optimizer opt, const PCNSettings<float>& settings) {
    const std::size_t n = pcn_arena_size<float>(m.sizes.data(), m.sizes.size(), max_batch, opt);
    if (n == 0) fail(exit_bad_input, "", "these layer sizes are not a PCN's");
    if (n > std::numeric_limits<std::size_t>::max() / sizeof(float)) throw std::bad_alloc();
    mem = std::make_unique<arena>(n);
    const pcn_config cfg{{m.sizes.data(), m.sizes.size()}, max_batch, opt};
    if (const status s = net.init(cfg, mem->values(), settings); s != status::ok)
        fail(exit_bad_input, "", std::string("the PCN refused its configuration: ") + to_string(s));
    for (std::size_t l = 1; l <= m.layers.size(); ++l) {
        const layer& ly = m.layers[l - 1];
        const span<float> W = net.weights(l), b = net.biases(l);
        std::copy(ly.W.begin(), ly.W.end(), W.data());
        std::copy(ly.b.begin(), ly.b.end(), b.data());
    }
}

// Row argmax: the first maximum wins; a NaN counts as the maximum, the first NaN wins.
std::int64_t row_argmax(const float* y, std::size_t n) {
    std::size_t best = 0;
    for (std::size_t j = 1; j < n; ++j) {
        if (std::isnan(y[best])) break;
        if (std::isnan(y[j]) || y[j] > y[best]) best = j;
    }
    return static_cast<std::int64_t>(best);
}

// ---- the commands ----------------------------------------------------------------------

int train(const command_line& c) {
    const std::string& model_dir = c.require("model");
    const std::string& x_path = c.require("x");
    const std::string& y_path = c.require("y");
    const std::string& out_dir = c.require("out");
    std::size_t epochs = 1, batch = 250;
    PCNSettings<float> settings;  // T = 20, dt = 1, tau = 25, eta = 0.001
    option_count(c, "epochs", epochs);
    option_count(c, "batch", batch);
    option_count(c, "steps", settings.steps);
    option_positive(c, "dt", settings.dt);
    option_positive(c, "tau", settings.tau);
    option_positive(c, "eta", settings.eta);
    Optimizer opt = Optimizer::adam;
    if (const std::string* o = c.find("optimizer")) {
        if (*o == "sgd")
            opt = Optimizer::sgd;
        else if (*o != "adam")
            bad_input("--optimizer", "unknown optimizer '" + *o + "' (adam or sgd)");
    }
    const model m = load_model(model_dir);
    const npy::npy_array x = load_matrix(x_path, "inputs");
    check_inputs(x_path, x, m);
    const npy::npy_array y = load_matrix(y_path, "classes");
    if (y.shape[1] != m.sizes.back())
        bad_input(y_path, "Y has " + std::to_string(y.shape[1]) + " columns, W" +
                              std::to_string(m.layers.size()) + ".npz has " + std::to_string(m.sizes.back()) +
                              " columns (classes)");
    const std::size_t N = x.shape[0];
    if (y.shape[0] != N)
        bad_input(y_path, "Y has " + std::to_string(y.shape[0]) + " rows, X has " + std::to_string(N));
    if (batch > N)
        bad_input("--batch",
                  "B = " + std::to_string(batch) + " is more than the " + std::to_string(N) + " rows of X");
    const std::size_t per_epoch = N / batch;
    if (epochs > std::numeric_limits<std::size_t>::max() / per_epoch / 4) bad_input("--epochs", "too large");
    check_out_dir(out_dir);

    PCNView<float> net;
    std::unique_ptr<arena> mem;
    build(net, mem, m, batch, opt, settings);
    const std::size_t n0 = m.sizes.front(), nL = m.sizes.back();
    std::vector<float> y_inf(batch * nL), efe;
    efe.reserve(epochs * per_epoch);
    for (std::size_t e = 0; e < epochs; ++e) {
        for (std::size_t i = 0; i < per_epoch; ++i) {
            float energy = 0.0f;
            const span<const float> xb{x.data.data() + i * batch * n0, batch * n0};
            const span<const float> yb{y.data.data() + i * batch * nL, batch * nL};
            if (const status s = net.process(xb, yb, batch, true, {y_inf.data(), y_inf.size()}, &energy);
                s != status::ok)
                fail(exit_write_failed, "", std::string("process() failed: ") + to_string(s));
            efe.push_back(energy);
        }
    }

    output_set out(out_dir);
    for (std::size_t l = 1; l <= m.layers.size(); ++l) {
        const layer& ly = m.layers[l - 1];
        out.add_npz("W" + std::to_string(l) + ".npz",
                    layer_entries(ly.in, ly.out, net.weights(l).data(), net.biases(l).data()));
    }
    out.add_file("efe.npy", npy_f4({efe.size()}, efe.data(), efe.size()));
    make_dirs(out_dir);
    out.commit();
    return 0;
}

int infer(const command_line& c) {
    const std::string& model_dir = c.require("model");
    const std::string& x_path = c.require("x");
    const std::string& out_dir = c.require("out");
    const model m = load_model(model_dir);
    const npy::npy_array x = load_matrix(x_path, "inputs");
    check_inputs(x_path, x, m);
    check_out_dir(out_dir);

    const std::size_t N = x.shape[0], n0 = m.sizes.front(), nL = m.sizes.back();
    std::vector<float> y(N * nL);
    std::vector<std::int64_t> pred(N);
    if (N > 0) {
        const std::size_t chunk = std::min(N, infer_chunk);
        PCNView<float> net;
        std::unique_ptr<arena> mem;
        build(net, mem, m, chunk, Optimizer::sgd, PCNSettings<float>{});
        for (std::size_t r = 0; r < N; r += chunk) {
            const std::size_t rows = std::min(chunk, N - r);
            if (const status s =
                    net.infer({x.data.data() + r * n0, rows * n0}, rows, {y.data() + r * nL, rows * nL});
                s != status::ok)
                fail(exit_write_failed, "", std::string("infer() failed: ") + to_string(s));
        }
        for (std::size_t i = 0; i < N; ++i) pred[i] = row_argmax(y.data() + i * nL, nL);
    }

    output_set out(out_dir);
    out.add_file("y.npy", npy_f4({N, nL}, y.data(), y.size()));
    std::vector<unsigned char> bytes;
    std::string error;
    if (!npy::encode_npy_int64({N}, pred.data(), N, bytes, error)) fail(exit_write_failed, "", error);
    out.add_file("pred.npy", std::move(bytes));
    make_dirs(out_dir);
    out.commit();
    return 0;
}

// ---- pack ------------------------------------------------------------------------------

std::string hex_float(float v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%af", static_cast<double>(v));
    return buf;
}

void append_array(std::string& h, const std::string& decl, const std::vector<float>& v) {
    h += decl + " = {";
    for (std::size_t i = 0; i < v.size(); ++i) {
        h += i % 6 == 0 ? "\n    " : " ";
        h += hex_float(v[i]);
        if (i + 1 < v.size()) h += ",";
    }
    h += "\n};\n";
}

std::string pack_header(const model& m, const std::string& model_dir) {
    const std::size_t L = m.layers.size();
    std::string sizes_text, sizes_list;
    std::size_t largest = 0;
    for (std::size_t i = 0; i < m.sizes.size(); ++i) {
        sizes_text += (i ? "-" : "") + std::to_string(m.sizes[i]);
        sizes_list += (i ? ", " : "") + std::to_string(m.sizes[i]);
        largest = std::max(largest, m.sizes[i]);
    }
    const std::string Ls = std::to_string(L);
    std::string h;
    h += "/* Generated by ngcrt-pcn pack from " + clean(model_dir) + ": do not edit.\n";
    h += " * A predictive-coding network (docs/spec/pcn.md), sizes " + sizes_text + ", " + Ls +
         " weight layers.\n";
    h += " * ngcrt_pcn_W<l> is (NGCRT_PCN_W<l>_ROWS, NGCRT_PCN_W<l>_COLS) = (n_(l-1), n_l), row-major\n";
    h += " * (ngclearn's layout); ngcrt_pcn_b<l> has NGCRT_PCN_W<l>_COLS values. Every value is a\n";
    h += " * hexadecimal float literal: the model's exact bits. C99 and C++17. See docs/pcn-tool.md. */\n";
    h += "#ifndef NGCRT_PCN_MODEL_H\n#define NGCRT_PCN_MODEL_H\n\n#include <stddef.h>\n\n";
    h += "#define NGCRT_PCN_LAYERS " + Ls + " /* weight layers L */\n";
    for (std::size_t i = 0; i <= L; ++i)
        h += "#define NGCRT_PCN_SIZE_" + std::to_string(i) + " " + std::to_string(m.sizes[i]) + "\n";
    h += "#define NGCRT_PCN_SIZE_LIST " + sizes_list + " /* n_0, ..., n_L */\n";
    h += "#define NGCRT_PCN_INPUTS " + std::to_string(m.sizes.front()) + "\n";
    h += "#define NGCRT_PCN_CLASSES " + std::to_string(m.sizes.back()) + "\n";
    h += "#define NGCRT_PCN_MAX_SIZE " + std::to_string(largest) + " /* the largest n_l */\n";
    for (std::size_t l = 1; l <= L; ++l) {
        const std::string ls = std::to_string(l);
        h += "#define NGCRT_PCN_W" + ls + "_ROWS " + std::to_string(m.layers[l - 1].in) + "\n";
        h += "#define NGCRT_PCN_W" + ls + "_COLS " + std::to_string(m.layers[l - 1].out) + "\n";
    }
    for (std::size_t l = 1; l <= L; ++l) {
        const std::string ls = std::to_string(l);
        h += "\n";
        append_array(h,
                     "static const float ngcrt_pcn_W" + ls + "[NGCRT_PCN_W" + ls + "_ROWS * NGCRT_PCN_W" +
                         ls + "_COLS]",
                     m.layers[l - 1].W);
        append_array(h, "static const float ngcrt_pcn_b" + ls + "[NGCRT_PCN_W" + ls + "_COLS]",
                     m.layers[l - 1].b);
    }
    h += "\n/* n_0 .. n_L, and W_l, b_l by index l - 1: code generic over the depth. */\n";
    h += "static const size_t ngcrt_pcn_sizes[NGCRT_PCN_LAYERS + 1] = {NGCRT_PCN_SIZE_LIST};\n";
    std::string wl, bl;
    for (std::size_t l = 1; l <= L; ++l) {
        wl += (l > 1 ? ", " : "") + std::string("ngcrt_pcn_W") + std::to_string(l);
        bl += (l > 1 ? ", " : "") + std::string("ngcrt_pcn_b") + std::to_string(l);
    }
    h += "static const float* const ngcrt_pcn_weights[NGCRT_PCN_LAYERS] = {" + wl + "};\n";
    h += "static const float* const ngcrt_pcn_biases[NGCRT_PCN_LAYERS] = {" + bl + "};\n";
    h += "\n#endif /* NGCRT_PCN_MODEL_H */\n";
    return h;
}

int pack(const command_line& c) {
    const std::string& model_dir = c.require("model");
    const std::string& out_path = c.require("out");
    const model m = load_model(model_dir);
    std::string dir = ".", name = out_path;
    if (const std::size_t slash = out_path.find_last_of('/'); slash != std::string::npos) {
        dir = slash == 0 ? "/" : out_path.substr(0, slash);
        name = out_path.substr(slash + 1);
    }
    if (name.empty()) bad_input("--out", "'" + out_path + "' names a directory, not a file");
    struct stat sb {};
    if (::stat(dir.c_str(), &sb) != 0 || !S_ISDIR(sb.st_mode))
        fail(exit_write_failed, dir, "no such directory");
    if (::stat(out_path.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode))
        fail(exit_write_failed, out_path, "is a directory");
    const std::string h = pack_header(m, model_dir);
    output_set out(dir);
    out.add_file(name, std::vector<unsigned char>(h.begin(), h.end()));
    out.commit();
    return 0;
}

}  // namespace
}  // namespace ngcrt::pcn_tool

int main(int argc, char** argv) {
    namespace t = ngcrt::pcn_tool;
    try {
        for (int i = 1; i < argc; ++i)
            if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
                std::printf("%s\n", t::usage_text);
                return 0;
            }
        const t::command_line c = t::parse_args(argc, argv);
        if (c.command == "train") return t::train(c);
        if (c.command == "infer") return t::infer(c);
        return t::pack(c);
    } catch (const t::failure& f) {
        std::fprintf(stderr, "%s: %s\n", t::program, t::clean(f.line).c_str());
        return f.code;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "%s: out of memory\n", t::program);
        return t::exit_write_failed;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: fatal: %s\n", t::program, t::clean(e.what()).c_str());
        return t::exit_write_failed;
    }
}
