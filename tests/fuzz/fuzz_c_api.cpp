// tests/fuzz/fuzz_c_api.cpp - libFuzzer target for the C API (include/ngcrt/ngcrt.h): every
// cell's functions (ngcrt_gaussian_error_*, _laplacian_error_*, _bernoulli_error_*,
// _leaky_gaussian_error_*), float and double.
//
// The first byte picks the element type (bit 0), the cell (bits 1-2: Gaussian, Laplacian,
// Bernoulli, leaky Gaussian) and the decoding (bit 3: extended; the Gaussian cell without it
// reads its bytes as the harness always did, so the seed corpus keeps its meaning). The rest
// drives one instance through a sequence of calls: init with a decoded configuration (rank
// 0..4, small, zero and huge dimensions and capacities, unknown enum values, a parameter 0,
// negative, NaN, +/-inf, subnormal, ...; a leaky cell's tau and integrator) over buffers
// carved out of a fixed static arena (sometimes NULL, misaligned or overlapping), then step /
// reset / batched_reset / set_<parameter> / write access to modulator and mask / NULL-instance
// and copied-instance probes, with random buffer contents; extended: another cell's functions
// given this instance, set_subnormals, set_tau. No heap: the arena and the instance are static.
//
// Every call's status is checked against an independent prediction (and must be a known
// code); a rejected call must leave every byte of the arena, L and the batch size as they
// were; an accepted call may only write what it is documented to write, and writes the
// documented values: after init the initial state; after a step (in IEEE mode)
//   Gaussian  dmu = (d * modulator) * mask, d = e * (1/Sigma) (3.1, exact) or e / Sigma (3.2),
//             e = target - mu, bit for bit (any NaN for a NaN); L close to a double-precision
//             sum when that is well-conditioned (3.1, 3.2)
//   Laplacian dshift = ((s / Scale) * modulator) * mask, s = sign(e) (e itself for 0 and NaN),
//             in every convention (0 / Scale stays 0 where 1 / Scale overflows)
//   leaky     the state e <- x (tau = 0) or e + a * (x - e), x = target - mu, a = dt / tau
//             (Euler) or -expm1(-(dt / tau)) (exponential), then dmu and L as the Gaussian's on e
// and in every mode: dtarget bitwise -dprediction (not Bernoulli), mask reads 1, dparameter 1
// (3.1, 3.2). A full covariance's dmu and the exact convention's L and dparameter are checked
// by the test suite against float64 references. Any broken invariant aborts.
//
// NGCRT_FUZZ_TRACE=1 prints each decoded call and its status (to read what a seed does).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <type_traits>

#include "ngcrt/math.hpp"
#include "fuzz_input.hpp"
#include "ngcrt/ngcrt.h"

namespace {

using namespace ngcrt_fuzz;

bool tracing() {
    static const bool on = std::getenv("NGCRT_FUZZ_TRACE") != nullptr;
    return on;
}
#define TRACE(...)                                        \
    do {                                                  \
        if (tracing()) std::fprintf(stderr, __VA_ARGS__); \
    } while (0)

template <class T>
T load(const unsigned char* p) {  // a T at a possibly misaligned address
    T x;
    std::memcpy(&x, p, sizeof x);
    return x;
}

// Parameter (Sigma, Scale) candidates, good and bad.
template <class T>
T sigma_value(reader& r) {
    const std::uint8_t k = r.u8();
    if (k < 96) return T(1 + (k % 8)) * T(0.5);  // 0.5 .. 4: fine
    return value<T>(r);
}

std::size_t huge(std::uint8_t k) {
    const std::size_t m = std::numeric_limits<std::size_t>::max();
    const std::size_t table[] = {m, m / 2 + 1, m / 3, m / 4 + 1, std::size_t(1) << 20, 65535, 4097, 1000};
    return table[k % 8];
}

// ---- the arena -------------------------------------------------------------------------------
constexpr std::size_t arena_size = 32 * 1024;
alignas(64) unsigned char arena[arena_size];
alignas(64) unsigned char before[arena_size];  // snapshot taken before each call

// The byte ranges an accepted call may change (at most the buffers: 10, the workspace and
// the state included).
struct range {
    std::size_t begin, end;
};
constexpr int max_writable = 10;
range writable[max_writable];
int n_writable = 0;

bool in_arena(const void* p, std::size_t bytes) {
    const auto a = reinterpret_cast<std::uintptr_t>(arena), q = reinterpret_cast<std::uintptr_t>(p);
    return q >= a && bytes <= arena_size && q - a <= arena_size - bytes;
}

void snapshot() { std::memcpy(before, arena, arena_size); }
bool arena_unchanged() { return std::memcmp(before, arena, arena_size) == 0; }
void allow_none() { n_writable = 0; }
void allow(const void* p, std::size_t bytes) {
    if (bytes == 0) return;
    NGCRT_FUZZ_REQUIRE(in_arena(p, bytes) && n_writable < max_writable);
    const std::size_t b = static_cast<std::size_t>(static_cast<const unsigned char*>(p) - arena);
    writable[n_writable++] = {b, b + bytes};
}
// Every byte outside the allowed ranges is as it was.
bool only_allowed_changed() {
    range r[max_writable];
    for (int i = 0; i < n_writable; ++i) {  // sorted by start (insertion sort, 10 at most)
        int j = i;
        for (; j > 0 && r[j - 1].begin > writable[i].begin; --j) r[j] = r[j - 1];
        r[j] = writable[i];
    }
    std::size_t at = 0;
    for (int i = 0; i <= n_writable; ++i) {
        const std::size_t gap_end = i < n_writable ? r[i].begin : arena_size;
        if (gap_end > at && std::memcmp(before + at, arena + at, gap_end - at) != 0) return false;
        if (i < n_writable && r[i].end > at) at = r[i].end;
    }
    return true;
}

// ---- the cells' C functions, per element type ------------------------------------------------
enum cell_id { GAUSSIAN, LAPLACIAN, BERNOULLI, LEAKY, CELLS };
const char* const cell_names[CELLS] = {"gaussian", "laplacian", "bernoulli", "leaky_gaussian"};

template <class T>
struct cell_fns {
    using inst = std::conditional_t<sizeof(T) == 4, ngcrt_error_cell_f32, ngcrt_error_cell_f64>;
    using bufs = std::conditional_t<sizeof(T) == 4, ngcrt_error_buffers_f32, ngcrt_error_buffers_f64>;
    // Every cell's init through one signature (a cell without a parameter ignores it, one
    // without a state ignores tau and the integrator).
    int (*init)(inst*, const ngcrt_error_config*, const bufs*, T parameter, T tau, ngcrt_integrator);
    int (*step)(inst*, T);
    int (*reset)(inst*);
    int (*batched_reset)(inst*, std::size_t);
    T (*L)(const inst*);
    std::size_t (*batch_size)(const inst*);
    T* (*modulator)(inst*);
    T* (*mask)(inst*);
    int (*set_subnormals)(inst*, ngcrt_subnormals);
    int (*set_parameter)(inst*, const T*, std::size_t);  // nullptr: no parameter (Bernoulli)
    int (*set_tau)(inst*, T);                            // nullptr: no state
};

#define NGCRT_FUZZ_COMMON_(cell, t)                                                           \
    &ngcrt_##cell##_step_##t, &ngcrt_##cell##_reset_##t, &ngcrt_##cell##_batched_reset_##t,   \
        &ngcrt_##cell##_L_##t, &ngcrt_##cell##_batch_size_##t, &ngcrt_##cell##_modulator_##t, \
        &ngcrt_##cell##_mask_##t, &ngcrt_##cell##_set_subnormals_##t
// (A captureless lambda converts to the function pointer.)
#define NGCRT_FUZZ_CELLS_(t, T)                                                                           \
    {                                                                                                     \
        {[](cell_fns<T>::inst* i, const ngcrt_error_config* c, const cell_fns<T>::bufs* b, T p, T,        \
            ngcrt_integrator) { return ngcrt_gaussian_error_init_##t(i, c, b, p); },                      \
         NGCRT_FUZZ_COMMON_(gaussian_error, t), &ngcrt_gaussian_error_set_sigma_##t, nullptr},            \
            {[](cell_fns<T>::inst* i, const ngcrt_error_config* c, const cell_fns<T>::bufs* b, T p, T,    \
                ngcrt_integrator) { return ngcrt_laplacian_error_init_##t(i, c, b, p); },                 \
             NGCRT_FUZZ_COMMON_(laplacian_error, t), &ngcrt_laplacian_error_set_scale_##t, nullptr},      \
            {[](cell_fns<T>::inst* i, const ngcrt_error_config* c, const cell_fns<T>::bufs* b, T, T,      \
                ngcrt_integrator) { return ngcrt_bernoulli_error_init_##t(i, c, b); },                    \
             NGCRT_FUZZ_COMMON_(bernoulli_error, t), nullptr, nullptr},                                   \
        {                                                                                                 \
            [](cell_fns<T>::inst* i, const ngcrt_error_config* c, const cell_fns<T>::bufs* b, T p, T tau, \
               ngcrt_integrator g) { return ngcrt_leaky_gaussian_error_init_##t(i, c, b, p, tau, g); },   \
                NGCRT_FUZZ_COMMON_(leaky_gaussian_error, t), &ngcrt_leaky_gaussian_error_set_sigma_##t,   \
                &ngcrt_leaky_gaussian_error_set_tau_##t                                                   \
        }                                                                                                 \
    }

template <class T>
const cell_fns<T>& fns(int cell) {
    static const cell_fns<float> f32[CELLS] = NGCRT_FUZZ_CELLS_(f32, float);
    static const cell_fns<double> f64[CELLS] = NGCRT_FUZZ_CELLS_(f64, double);
    if constexpr (std::is_same_v<T, float>)
        return f32[cell];
    else
        return f64[cell];
}

ngcrt_error_cell_f32 inst_f32, copy_f32;
ngcrt_error_cell_f64 inst_f64, copy_f64;
template <class T>
typename cell_fns<T>::inst& the_inst() {
    if constexpr (std::is_same_v<T, float>)
        return inst_f32;
    else
        return inst_f64;
}
template <class T>
typename cell_fns<T>::inst& the_copy() {
    if constexpr (std::is_same_v<T, float>)
        return copy_f32;
    else
        return copy_f64;
}

template <class T>
bool positive_finite(T s) {
    return s > T(0) && s <= std::numeric_limits<T>::max();  // false for NaN
}
template <class T>
bool tau_ok(T tau) {
    return tau == T(0) || positive_finite(tau);
}

// The buffers, in ngcrt_error_buffers' order (by role).
enum { PRED, TARGET, MODULATOR, MASK, DPRED, DTARGET, PARAM, DPARAM, WORK, STATE, NBUF };

// What the fuzzer knows about a live instance.
template <class T>
struct model {
    bool live = false;
    unsigned char* buf[NBUF] = {};  // the buffers, as bytes (all aligned when live)
    std::size_t units = 0, max_batch = 0, batch = 0, np = 0, nw = 0;
    bool per_unit = false, full = false, conv32 = false, exact = false;
    bool flush = false;  // Subnormals::flush: the outputs' values are not predicted
    T tau = T(0);
    bool euler = false;

    T get(int b, std::size_t i) const { return load<T>(buf[b] + i * sizeof(T)); }
    T before_value(int b, std::size_t i) const { return load<T>(before + (buf[b] - arena) + i * sizeof(T)); }
    std::size_t n_active() const { return batch * units; }
};

template <class T>
class runner {
    using F = cell_fns<T>;
    reader& r_;
    const int cell_;
    const bool extended_;  // the extended decoding (always, but for the Gaussian cell's seeds)
    const F& f_ = fns<T>(cell_);
    const bool has_parameter_ = cell_ != BERNOULLI, has_state_ = cell_ == LEAKY;
    model<T> m_;
    typename F::inst& inst_ = the_inst<T>();

    void check_state_kept(T L_before, std::size_t batch_before) {
        NGCRT_FUZZ_REQUIRE(arena_unchanged());
        NGCRT_FUZZ_REQUIRE(same_bits(f_.L(&inst_), L_before));
        NGCRT_FUZZ_REQUIRE(f_.batch_size(&inst_) == batch_before);
    }
    void check_not_live() {
        NGCRT_FUZZ_REQUIRE(f_.batch_size(&inst_) == 0);
        NGCRT_FUZZ_REQUIRE(f_.modulator(&inst_) == nullptr);
        NGCRT_FUZZ_REQUIRE(f_.mask(&inst_) == nullptr);
        NGCRT_FUZZ_REQUIRE(same_bits(f_.L(&inst_), T(0)));
    }
    // A call on an instance the fuzzer knows is not live: NOT_INITIALIZED, nothing changes.
    void expect_not_initialized(int s) {
        NGCRT_FUZZ_REQUIRE(s == NGCRT_ERR_NOT_INITIALIZED);
        NGCRT_FUZZ_REQUIRE(arena_unchanged());
        check_not_live();
    }

public:
    runner(reader& r, int cell, bool extended) : r_(r), cell_(cell), extended_(extended) {}

    // ---- init ----------------------------------------------------------------------------
    void op_init() {
        ngcrt_error_config cfg;
        std::memset(&cfg, 0, sizeof cfg);
        const std::uint8_t shape_byte = r_.u8();
        static const std::size_t ranks[8] = {1, 1, 1, 3, 3, 0, 2, 4};
        cfg.rank = ranks[shape_byte % 8];
        if (shape_byte == 0xFF) cfg.rank = huge(r_.u8());
        for (std::size_t& d : cfg.dims) {
            const std::uint8_t k = r_.u8();
            d = k < 224 ? k % 7 : huge(k);  // 0..6 or huge
        }
        const std::uint8_t batch_byte = r_.u8();
        cfg.max_batch = batch_byte < 240 ? batch_byte % 5 : huge(batch_byte);
        // Enums as raw int32 values: the named ones mostly, sometimes anything. (The
        // Gaussian cell's seeds: 3.1, 3.2 and scalar, per unit only, unless raw.)
        const std::uint8_t enum_byte = r_.u8();
        std::int32_t conv = enum_byte & 1, form = (enum_byte >> 1) & 1;
        if (extended_) {
            conv = (enum_byte & 3) == 3 ? 2 : enum_byte & 3;  // 3.1, 3.2, exact, exact
            form = (enum_byte >> 2) & 3;                      // 3: not a form
        }
        if ((enum_byte >> 2) == 0x3F) conv = static_cast<std::int32_t>(r_.bits(4));
        if ((enum_byte >> 2) == 0x3E) form = static_cast<std::int32_t>(r_.bits(4));
        std::memcpy(&cfg.convention, &conv, sizeof conv);
        std::memcpy(&cfg.form, &form, sizeof form);
        const T sigma = sigma_value<T>(r_);
        // A leaky cell's tau (0 .. 0.4375 in sixteenths, or any value) and integrator.
        T tau = T(0);
        std::int32_t integrator = 0;
        if (has_state_) {
            const std::uint8_t t = r_.u8();
            tau = t < 160 ? T(t % 8) * T(0.0625) : value<T>(r_);
            const std::uint8_t g = r_.u8();
            integrator = g < 240 ? g & 1 : g - 240;  // 0, 1, or 0 .. 15
        }

        // The prediction, step by step in the documented order.
        int want = NGCRT_OK;
        const bool forms_ok =
            form == 0 || form == 1 || (form == 2 && conv == 2 && (cell_ == GAUSSIAN || cell_ == LEAKY));
        const bool enums_ok = (conv == 0 || conv == 1 || conv == 2) && forms_ok;
        const bool full = enums_ok && form == 2, per_unit = has_parameter_ && form == 1;
        std::size_t units = 1;
        bool shape_ok = cfg.rank == 1 || cfg.rank == 3;
        for (std::size_t i = 0; shape_ok && i < cfg.rank; ++i) {
            if (cfg.dims[i] == 0 || units > std::numeric_limits<std::size_t>::max() / cfg.dims[i])
                shape_ok = false;
            else
                units *= cfg.dims[i];
        }
        if (!enums_ok)
            want = NGCRT_ERR_INVALID_ARGUMENT;
        else if (!shape_ok)
            want = NGCRT_ERR_INVALID_SHAPE;
        else if (cfg.max_batch == 0)
            want = NGCRT_ERR_INVALID_BATCH_SIZE;
        else if (full && cfg.rank != 1)  // a full covariance is over a dense row
            want = NGCRT_ERR_INVALID_SHAPE;
        else if (units > std::numeric_limits<std::size_t>::max() / cfg.max_batch)
            want = NGCRT_ERR_SIZE_MISMATCH;
        // A capacity no buffer can hold: more bytes than PTRDIFF_MAX.
        else if (units * cfg.max_batch > static_cast<std::size_t>(PTRDIFF_MAX) / sizeof(T))
            want = NGCRT_ERR_SIZE_MISMATCH;
        const std::size_t n = want == NGCRT_OK ? units * cfg.max_batch : 0;
        // The parameter's count (1, units, or units^2 for a full covariance) and the workspace's
        // (a per-unit parameter's two factors, or a full one's factor, transpose and inverse,
        // rows padded to 16).
        const std::size_t np = !has_parameter_ ? 0 : full ? units * units : per_unit ? units : 1;
        const std::size_t nw = want != NGCRT_OK ? 0
                               : full           ? 3 * units * ((units + 15) / 16 * 16)
                               : per_unit       ? 2 * units
                                                : 0;
        // The buffers the configuration uses, in role order (the workspace is not looked at
        // when none is needed, nor a parameter or a state the cell does not have).
        int used[NBUF], n_used = 0;
        for (int i = 0; i < NBUF; ++i)
            if (i < DPRED + 2 || ((i == PARAM || i == DPARAM) && has_parameter_) || (i == WORK && nw > 0) ||
                (i == STATE && has_state_))
                used[n_used++] = i;

        // The buffers. If the claimed sizes fit the arena, carve them (modes: fresh, NULL,
        // misaligned, inside another one); if not, at least one is NULL or misaligned, so
        // init must reject the call before it touches any.
        unsigned char* ptr[NBUF] = {};
        std::uint8_t mode[NBUF] = {};
        for (int i = 0; i < WORK + 1; ++i) mode[i] = r_.u8();
        if (has_state_) mode[STATE] = r_.u8();
        const bool fits =
            want == NGCRT_OK && n <= arena_size / sizeof(T) / 10 && np <= arena_size / sizeof(T) / 10;
        const std::size_t len[NBUF] = {n, n, n, n, n, n, np, np, nw, has_state_ ? n : 0};
        const int carved = has_state_ ? NBUF : WORK + 1;
        if (fits) {
            std::size_t off = 0;
            for (int i = 0; i < carved; ++i) {
                const std::size_t gap = (mode[i] >> 4) * sizeof(T);  // random spacing
                const std::size_t bytes = len[i] * sizeof(T);
                if (off + gap + bytes + sizeof(T) > arena_size) {
                    mode[i] = 5;  // out of room: NULL
                    continue;
                }
                off += gap;
                ptr[i] = arena + off;
                off += bytes;
            }
            for (int i = 0; i < carved; ++i) {
                if (ptr[i] == nullptr) continue;
                switch (mode[i] & 15) {
                    case 5: ptr[i] = nullptr; break;
                    case 6: ptr[i] += 1 + (mode[i] >> 4) % (sizeof(T) - 1); break;  // misaligned
                    case 7: {  // inside buffer j, at element k
                        const int j = (mode[i] >> 4) % carved;
                        if (j == i || ptr[j] == nullptr || len[j] == 0) break;
                        unsigned char* q =
                            arena + ((ptr[j] - arena) / sizeof(T) + (mode[i] >> 5) % len[j]) * sizeof(T);
                        if (in_arena(q, len[i] * sizeof(T))) ptr[i] = q;
                        break;
                    }
                    default: break;
                }
            }
        } else {
            // Either rejected before the buffers, or too big for the arena: aligned pointers
            // at the arena's start, and one of them (at least) bad.
            for (auto& p : ptr) p = arena;
            const int bad = used[mode[0] % n_used];
            ptr[bad] = (mode[1] & 1) ? nullptr : arena + 1;
            if (want == NGCRT_OK)
                for (int u = 0; u < n_used; ++u)
                    if ((mode[used[u]] & 15) == 5) ptr[used[u]] = nullptr;
        }
        if (want == NGCRT_OK) {
            for (int u = 0; u < n_used && want == NGCRT_OK; ++u) {
                const int i = used[u];
                if (ptr[i] == nullptr)
                    want = NGCRT_ERR_NULL_BUFFER;
                else if (reinterpret_cast<std::uintptr_t>(ptr[i]) % alignof(T) != 0)
                    want = NGCRT_ERR_MISALIGNED_BUFFER;
            }
        }
        if (want == NGCRT_OK) {
            NGCRT_FUZZ_REQUIRE(fits);
            for (int u = 0; u < n_used && want == NGCRT_OK; ++u)
                for (int v = u + 1; v < n_used; ++v) {
                    const int i = used[u], j = used[v];
                    if (ptr[i] < ptr[j] + len[j] * sizeof(T) && ptr[j] < ptr[i] + len[i] * sizeof(T)) {
                        want = NGCRT_ERR_OVERLAPPING_BUFFERS;
                        break;
                    }
                }
        }
        if (want == NGCRT_OK && has_parameter_ && !positive_finite(sigma)) want = NGCRT_ERR_INVALID_SIGMA;

        typename F::bufs b;
        T** slots[NBUF] = {&b.prediction, &b.target,    &b.modulator,  &b.mask,      &b.dprediction,
                           &b.dtarget,    &b.parameter, &b.dparameter, &b.workspace, &b.state};
        for (int i = 0; i < NBUF; ++i) *slots[i] = reinterpret_cast<T*>(ptr[i]);

        // Sometimes a NULL config or buffers struct.
        const std::uint8_t null_byte = r_.u8();
        const bool null_cfg = null_byte == 1, null_buf = null_byte == 2;
        if (null_cfg || null_buf)
            want = NGCRT_ERR_NULL_BUFFER;
        else if (has_state_ && integrator != 0 && integrator != 1)  // checked first, then tau
            want = NGCRT_ERR_INVALID_ARGUMENT;
        else if (has_state_ && !tau_ok(tau))
            want = NGCRT_ERR_INVALID_TIME_STEP;

        ngcrt_integrator integ;
        std::memcpy(&integ, &integrator, sizeof integ);
        snapshot();
        const int s = f_.init(&inst_, null_cfg ? nullptr : &cfg, null_buf ? nullptr : &b, sigma, tau, integ);
        TRACE(
            "init %s %s rank %zu dims %zu %zu %zu batch %zu conv %d form %d param %g tau %g integrator %d: "
            "%d (want %d)\n",
            cell_names[cell_], sizeof(T) == 4 ? "f32" : "f64", cfg.rank, cfg.dims[0], cfg.dims[1],
            cfg.dims[2], cfg.max_batch, conv, form, double(sigma), double(tau), integrator, s, want);
        NGCRT_FUZZ_REQUIRE(known_status(s));
        NGCRT_FUZZ_REQUIRE(s == want);
        if (s != NGCRT_OK) {
            m_.live = false;  // a failed init leaves the instance not initialised
            NGCRT_FUZZ_REQUIRE(arena_unchanged());
            check_not_live();
            expect_not_initialized(f_.step(&inst_, T(0)));
            return;
        }
        m_ = model<T>{};
        m_.live = true;
        for (int i = 0; i < NBUF; ++i) m_.buf[i] = ptr[i];
        m_.units = units;
        m_.max_batch = m_.batch = cfg.max_batch;
        m_.np = np;
        m_.nw = nw;
        m_.per_unit = per_unit;
        m_.full = full;
        m_.conv32 = conv == 1;
        m_.exact = conv == 2;
        m_.tau = tau;
        m_.euler = integrator == 1;
        // Only the buffers were written, with the initial state over the whole capacity (and a
        // per-unit or full parameter's factors).
        allow_none();
        for (int u = 0; u < n_used; ++u) allow(ptr[used[u]], len[used[u]] * sizeof(T));
        NGCRT_FUZZ_REQUIRE(only_allowed_changed());
        for (std::size_t i = 0; i < n; ++i) {
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(PRED, i), T(0)) && same_bits(m_.get(TARGET, i), T(0)));
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(DPRED, i), T(0)) && same_bits(m_.get(DTARGET, i), T(0)));
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(MODULATOR, i), T(1)) && same_bits(m_.get(MASK, i), T(1)));
            if (has_state_) NGCRT_FUZZ_REQUIRE(same_bits(m_.get(STATE, i), T(0)));
        }
        for (std::size_t i = 0; i < np; ++i) {  // sigma, or sigma I
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(PARAM, i), !full || i % (units + 1) == 0 ? sigma : T(0)));
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(DPARAM, i), T(0)));
        }
        NGCRT_FUZZ_REQUIRE(same_bits(f_.L(&inst_), T(0)));
        NGCRT_FUZZ_REQUIRE(f_.batch_size(&inst_) == cfg.max_batch);
    }

    // ---- inputs written in place (prediction, target) ----------------------------------------
    void op_write_inputs() {
        if (!m_.live) return;
        const std::size_t n = m_.n_active();
        const std::uint8_t how = r_.u8();
        for (int b : {PRED, TARGET}) {
            if (how & 1) {  // a few positions
                const int count = 1 + (how >> 1) % 8;
                for (int c = 0; c < count; ++c) {
                    const std::size_t i = r_.u8() % n;
                    const T v = value<T>(r_);
                    std::memcpy(m_.buf[b] + i * sizeof(T), &v, sizeof v);
                }
            } else {  // every value, until the input runs out
                for (std::size_t i = 0; i < n && !r_.empty(); ++i) {
                    const T v = value<T>(r_);
                    std::memcpy(m_.buf[b] + i * sizeof(T), &v, sizeof v);
                }
            }
        }
    }

    // ---- write access: modulator or mask ----------------------------------------------------
    void op_access(int which) {
        snapshot();
        T* p = which == MODULATOR ? f_.modulator(&inst_) : f_.mask(&inst_);
        if (!m_.live) {
            NGCRT_FUZZ_REQUIRE(p == nullptr);
            NGCRT_FUZZ_REQUIRE(arena_unchanged());
            return;
        }
        NGCRT_FUZZ_REQUIRE(p == reinterpret_cast<T*>(m_.buf[which]));
        NGCRT_FUZZ_REQUIRE(arena_unchanged());  // taking access writes nothing
        const std::size_t n = m_.n_active();
        const int count = 1 + r_.u8() % 8;
        for (int c = 0; c < count; ++c) {
            const std::size_t i = r_.u8() % n;
            p[i] = value<T>(r_);
        }
    }

    // ---- step --------------------------------------------------------------------------------
    // The leaky cell's factor a for dt (docs/semantics.md).
    T integration_factor(T dt) const {
        const T r = dt / m_.tau;
        return m_.euler ? r : -ngcrt::math::expm1(-r);
    }

    void op_step() {
        const T dt = value<T>(r_);
        snapshot();
        const T L_before = f_.L(&inst_);
        const std::size_t batch_before = f_.batch_size(&inst_);
        const int s = f_.step(&inst_, dt);
        TRACE("step dt %g: %d\n", double(dt), s);
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        // A leaky cell: dt > 0 and finite, and dt / tau <= 2 for Euler; else nothing changes.
        if (has_state_ && (!positive_finite(dt) || (m_.euler && m_.tau > T(0) && dt / m_.tau > T(2)))) {
            NGCRT_FUZZ_REQUIRE(s == NGCRT_ERR_INVALID_TIME_STEP);
            return check_state_kept(L_before, batch_before);
        }
        NGCRT_FUZZ_REQUIRE(s == NGCRT_OK);  // the parameter only ever changes through checked calls
        NGCRT_FUZZ_REQUIRE(f_.batch_size(&inst_) == batch_before);
        const std::size_t n = m_.n_active();
        allow_none();
        allow(m_.buf[DPRED], n * sizeof(T));
        allow(m_.buf[DTARGET], n * sizeof(T));
        allow(m_.buf[MASK], n * sizeof(T));
        if (has_parameter_) allow(m_.buf[DPARAM], m_.np * sizeof(T));
        if (has_state_) allow(m_.buf[STATE], n * sizeof(T));
        NGCRT_FUZZ_REQUIRE(only_allowed_changed());

        double S = 0;
        bool well_conditioned = true;
        for (std::size_t i = 0; i < n; ++i) {
            const T got = m_.get(DPRED, i);
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(MASK, i), T(1)));  // eaten
            if (cell_ != BERNOULLI)                                // bitwise -dprediction
                NGCRT_FUZZ_REQUIRE((to_bits(m_.get(DTARGET, i)) ^ to_bits(got)) == to_bits(-T(0)));
            if (m_.flush) continue;  // (the flushing arithmetic is tested by the test suite)
            const T mod = m_.before_value(MODULATOR, i), mask = m_.before_value(MASK, i);
            T e = m_.before_value(TARGET, i) - m_.before_value(PRED, i);
            if (has_state_) {  // the new state, from the one before the step
                const T x = e;
                e = m_.tau == T(0) ? x
                                   : m_.before_value(STATE, i) +
                                         integration_factor(dt) * (x - m_.before_value(STATE, i));
                const T st = m_.get(STATE, i);
                if (std::isnan(e))
                    NGCRT_FUZZ_REQUIRE(std::isnan(st));
                else
                    NGCRT_FUZZ_REQUIRE(same_bits(st, e));
            }
            if (cell_ == BERNOULLI || m_.full) continue;
            const T sig = m_.before_value(PARAM, m_.per_unit ? i % m_.units : 0);
            T d;
            if (cell_ == LAPLACIAN) {
                // s / Scale in every convention, s = sign(e): e itself for +-0 and NaN
                const T sign = e > T(0) ? T(1) : e < T(0) ? T(-1) : e;
                d = sign / sig;
            } else {
                d = m_.conv32 ? e / sig : e * (T(1) / sig);
            }
            const T want = (d * mod) * mask;
            if (std::isnan(want))
                NGCRT_FUZZ_REQUIRE(std::isnan(got));
            else
                NGCRT_FUZZ_REQUIRE(same_bits(got, want));
            // Gaussian L = -sum e^2 c, c = 1/((Sigma*Sigma)*2) (3.1) or 0.5/Sigma (3.2).
            const T c = m_.conv32 ? T(0.5) / sig : T(1) / ((sig * sig) * T(2));
            const T ae = std::fabs(e);
            const T lo = std::ldexp(T(1), -30), hi = std::ldexp(T(1), 30);
            if (!(ae == T(0) || (ae >= lo && ae <= hi)) || !(c >= lo && c <= hi)) well_conditioned = false;
            S += double(e) * double(e) * double(c);
        }
        if (m_.exact || !has_parameter_) return;
        for (std::size_t i = 0; i < m_.np; ++i) NGCRT_FUZZ_REQUIRE(same_bits(m_.get(DPARAM, i), T(1)));
        const T L = f_.L(&inst_);
        if ((cell_ == GAUSSIAN || cell_ == LEAKY) && !m_.flush && well_conditioned)
            NGCRT_FUZZ_REQUIRE(std::fabs(double(L) + S) <= 1e-4 * S);
    }

    // ---- reset and batched_reset --------------------------------------------------------------
    void check_after_reset(std::size_t b) {
        const std::size_t n = b * m_.units;
        allow_none();
        for (int i : {PRED, TARGET, MODULATOR, MASK, DPRED, DTARGET}) allow(m_.buf[i], n * sizeof(T));
        if (has_parameter_) allow(m_.buf[DPARAM], m_.np * sizeof(T));
        if (has_state_) allow(m_.buf[STATE], n * sizeof(T));
        NGCRT_FUZZ_REQUIRE(only_allowed_changed());
        for (std::size_t i = 0; i < n; ++i) {
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(PRED, i), T(0)) && same_bits(m_.get(TARGET, i), T(0)));
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(DPRED, i), T(0)) && same_bits(m_.get(DTARGET, i), T(0)));
            NGCRT_FUZZ_REQUIRE(same_bits(m_.get(MODULATOR, i), T(1)) && same_bits(m_.get(MASK, i), T(1)));
            if (has_state_) NGCRT_FUZZ_REQUIRE(same_bits(m_.get(STATE, i), T(0)));
        }
        for (std::size_t i = 0; i < m_.np; ++i) NGCRT_FUZZ_REQUIRE(same_bits(m_.get(DPARAM, i), T(0)));
        NGCRT_FUZZ_REQUIRE(same_bits(f_.L(&inst_), T(0)));
        NGCRT_FUZZ_REQUIRE(f_.batch_size(&inst_) == b);
    }

    void op_reset() {
        snapshot();
        const int s = f_.reset(&inst_);
        TRACE("reset: %d\n", s);
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        NGCRT_FUZZ_REQUIRE(s == NGCRT_OK);
        check_after_reset(m_.batch);
    }

    void op_batched_reset() {
        const std::uint8_t k = r_.u8();
        const std::size_t b = k < 240 ? k % (m_.max_batch + 2) : huge(k);
        snapshot();
        const T L_before = f_.L(&inst_);
        const std::size_t batch_before = f_.batch_size(&inst_);
        const int s = f_.batched_reset(&inst_, b);
        TRACE("batched_reset %zu: %d\n", b, s);
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        if (b == 0 || b > m_.max_batch) {
            NGCRT_FUZZ_REQUIRE(s == NGCRT_ERR_INVALID_BATCH_SIZE);
            return check_state_kept(L_before, batch_before);
        }
        NGCRT_FUZZ_REQUIRE(s == NGCRT_OK);
        m_.batch = b;
        check_after_reset(b);
    }

    // ---- set_<parameter> ------------------------------------------------------------------------
    void op_set_parameter() {
        constexpr std::size_t max_count = arena_size / sizeof(T) / 8 + 2;  // > any np
        static T values[max_count];
        const std::uint8_t k = r_.u8();
        if (!has_parameter_) return;
        std::size_t count = m_.live ? m_.np : 1;
        switch (k % 8) {
            case 0: count = 0; break;
            case 1: count = count + 1; break;
            case 2: count = count > 0 ? count - 1 : 0; break;
            case 3: count = 1; break;
            default: break;
        }
        if (count > max_count) count = max_count;
        const bool null_values = (k >> 3) == 1;
        // A full covariance: sometimes a diagonal one (one of values 0.5 .. 4 must be accepted),
        // else any values: positive definiteness is the library's to decide, but a value of the
        // lower triangle NaN or infinite, or a diagonal one <= 0 or NaN, is refused.
        const bool full = m_.live && m_.full, diagonal = full && (k & 0x40) != 0;
        bool all_ok = true, must_refuse = false, diagonal_good = diagonal;
        for (std::size_t i = 0; i < count; ++i) {
            values[i] = (k & 0x80) ? value<T>(r_) : sigma_value<T>(r_);
            all_ok = all_ok && positive_finite(values[i]);
            if (!full) continue;
            const std::size_t row = i / m_.units, col = i % m_.units;
            if (diagonal && row != col) values[i] = T(0);
            if ((row >= col && !std::isfinite(values[i])) || (row == col && !(values[i] > T(0))))
                must_refuse = true;
            if (row == col && !(values[i] >= T(0.5) && values[i] <= T(4))) diagonal_good = false;
        }
        snapshot();
        const T L_before = f_.L(&inst_);
        const std::size_t batch_before = f_.batch_size(&inst_);
        const int s = f_.set_parameter(&inst_, null_values ? nullptr : values, count);
        TRACE("set_parameter count %zu%s: %d\n", count, null_values ? " (NULL)" : "", s);
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        if (count != m_.np)
            NGCRT_FUZZ_REQUIRE(s == NGCRT_ERR_SIZE_MISMATCH);
        else if (null_values)
            NGCRT_FUZZ_REQUIRE(s == NGCRT_ERR_NULL_BUFFER);
        else if (!full)
            NGCRT_FUZZ_REQUIRE(s == (all_ok ? NGCRT_OK : NGCRT_ERR_INVALID_SIGMA));
        else if (must_refuse)
            NGCRT_FUZZ_REQUIRE(s == NGCRT_ERR_INVALID_SIGMA);
        else if (diagonal_good)
            NGCRT_FUZZ_REQUIRE(s == NGCRT_OK);
        else
            NGCRT_FUZZ_REQUIRE(s == NGCRT_OK || s == NGCRT_ERR_INVALID_SIGMA);
        if (s != NGCRT_OK) return check_state_kept(L_before, batch_before);
        allow_none();
        allow(m_.buf[PARAM], m_.np * sizeof(T));
        if (m_.nw > 0) allow(m_.buf[WORK], m_.nw * sizeof(T));  // its factors
        NGCRT_FUZZ_REQUIRE(only_allowed_changed());
        for (std::size_t i = 0; i < count; ++i) NGCRT_FUZZ_REQUIRE(same_bits(m_.get(PARAM, i), values[i]));
        NGCRT_FUZZ_REQUIRE(same_bits(f_.L(&inst_), L_before));
    }

    // ---- NULL and copied instances --------------------------------------------------------------
    void op_null_instance() {
        snapshot();
        const T one = T(1);
        NGCRT_FUZZ_REQUIRE(f_.init(nullptr, nullptr, nullptr, one, one, NGCRT_INTEGRATOR_EXPONENTIAL) ==
                           NGCRT_ERR_NULL_BUFFER);
        NGCRT_FUZZ_REQUIRE(f_.step(nullptr, one) == NGCRT_ERR_NULL_BUFFER);
        NGCRT_FUZZ_REQUIRE(f_.reset(nullptr) == NGCRT_ERR_NULL_BUFFER);
        NGCRT_FUZZ_REQUIRE(f_.batched_reset(nullptr, 1) == NGCRT_ERR_NULL_BUFFER);
        if (has_parameter_) NGCRT_FUZZ_REQUIRE(f_.set_parameter(nullptr, &one, 1) == NGCRT_ERR_NULL_BUFFER);
        if (has_state_) NGCRT_FUZZ_REQUIRE(f_.set_tau(nullptr, one) == NGCRT_ERR_NULL_BUFFER);
        NGCRT_FUZZ_REQUIRE(f_.set_subnormals(nullptr, NGCRT_SUBNORMALS_FLUSH) == NGCRT_ERR_NULL_BUFFER);
        NGCRT_FUZZ_REQUIRE(same_bits(f_.L(nullptr), T(0)));
        NGCRT_FUZZ_REQUIRE(f_.batch_size(nullptr) == 0);
        NGCRT_FUZZ_REQUIRE(f_.modulator(nullptr) == nullptr);
        NGCRT_FUZZ_REQUIRE(f_.mask(nullptr) == nullptr);
        NGCRT_FUZZ_REQUIRE(arena_unchanged());
    }

    void op_copy() {
        typename F::inst& c = the_copy<T>();
        std::memcpy(&c, &inst_, sizeof c);
        snapshot();
        const T one = T(1);
        // A copy is never initialised, whatever the original is.
        NGCRT_FUZZ_REQUIRE(f_.step(&c, one) == NGCRT_ERR_NOT_INITIALIZED);
        NGCRT_FUZZ_REQUIRE(f_.reset(&c) == NGCRT_ERR_NOT_INITIALIZED);
        NGCRT_FUZZ_REQUIRE(f_.batched_reset(&c, 1) == NGCRT_ERR_NOT_INITIALIZED);
        if (has_parameter_) NGCRT_FUZZ_REQUIRE(f_.set_parameter(&c, &one, 1) == NGCRT_ERR_NOT_INITIALIZED);
        if (has_state_) NGCRT_FUZZ_REQUIRE(f_.set_tau(&c, one) == NGCRT_ERR_NOT_INITIALIZED);
        NGCRT_FUZZ_REQUIRE(f_.set_subnormals(&c, NGCRT_SUBNORMALS_IEEE) == NGCRT_ERR_NOT_INITIALIZED);
        NGCRT_FUZZ_REQUIRE(f_.modulator(&c) == nullptr && f_.mask(&c) == nullptr && f_.batch_size(&c) == 0);
        NGCRT_FUZZ_REQUIRE(arena_unchanged());
        NGCRT_FUZZ_REQUIRE(f_.batch_size(&inst_) == (m_.live ? m_.batch : 0));
    }

    // ---- extended: another cell's functions, set_subnormals, set_tau ------------------------------
    // Another cell's functions refuse this instance (INVALID_ARGUMENT; NOT_INITIALIZED if it is
    // no cell's) and change nothing; its accessors answer 0 / NULL.
    void op_other_cell() {
        const int other = (cell_ + 1 + r_.u8() % (CELLS - 1)) % CELLS;
        const F& o = fns<T>(other);
        const int want = m_.live ? NGCRT_ERR_INVALID_ARGUMENT : NGCRT_ERR_NOT_INITIALIZED;
        const T one = T(1);
        snapshot();
        const T L_before = f_.L(&inst_);
        const std::size_t batch_before = f_.batch_size(&inst_);
        TRACE("%s's functions\n", cell_names[other]);
        NGCRT_FUZZ_REQUIRE(o.step(&inst_, one) == want);
        NGCRT_FUZZ_REQUIRE(o.reset(&inst_) == want);
        NGCRT_FUZZ_REQUIRE(o.batched_reset(&inst_, 1) == want);
        NGCRT_FUZZ_REQUIRE(o.set_subnormals(&inst_, NGCRT_SUBNORMALS_FLUSH) == want);
        if (o.set_parameter != nullptr) NGCRT_FUZZ_REQUIRE(o.set_parameter(&inst_, &one, 1) == want);
        if (o.set_tau != nullptr) NGCRT_FUZZ_REQUIRE(o.set_tau(&inst_, one) == want);
        NGCRT_FUZZ_REQUIRE(o.modulator(&inst_) == nullptr && o.mask(&inst_) == nullptr &&
                           o.batch_size(&inst_) == 0);
        NGCRT_FUZZ_REQUIRE(same_bits(o.L(&inst_), T(0)));
        check_state_kept(L_before, batch_before);
    }

    void op_set_subnormals() {
        const std::uint8_t k = r_.u8();
        // 0 (IEEE), 1 (flush) or an unnamed value. (Not a negative one: an int32 outside the
        // enumeration's range of values cannot be passed as ngcrt_subnormals from C++ without
        // undefined behaviour, which UBSan reports; C code can, and init's enums, read from
        // memory, cover negative values.)
        const std::int32_t m = k < 240 ? k % 4 : static_cast<std::int32_t>(r_.bits(4) & 0x7FFFFFFF);
        ngcrt_subnormals mode;
        std::memcpy(&mode, &m, sizeof mode);
        snapshot();
        const T L_before = f_.L(&inst_);
        const std::size_t batch_before = f_.batch_size(&inst_);
        const int s = f_.set_subnormals(&inst_, mode);
        TRACE("set_subnormals %d: %d\n", m, s);
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        NGCRT_FUZZ_REQUIRE(s == (m == 0 || m == 1 ? NGCRT_OK : NGCRT_ERR_INVALID_ARGUMENT));
        if (s == NGCRT_OK) m_.flush = m == 1;
        check_state_kept(L_before, batch_before);
    }

    void op_set_tau() {
        const std::uint8_t k = r_.u8();
        if (!has_state_) return;
        const T tau = k < 128 ? T(k % 8) * T(0.0625) : value<T>(r_);
        snapshot();
        const T L_before = f_.L(&inst_);
        const std::size_t batch_before = f_.batch_size(&inst_);
        const int s = f_.set_tau(&inst_, tau);
        TRACE("set_tau %g: %d\n", double(tau), s);
        NGCRT_FUZZ_REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        NGCRT_FUZZ_REQUIRE(s == (tau_ok(tau) ? NGCRT_OK : NGCRT_ERR_INVALID_TIME_STEP));
        if (s == NGCRT_OK) m_.tau = tau;
        check_state_kept(L_before, batch_before);  // the state is kept
    }

    void run() {
        int ops = 0;
        while (!r_.empty() && ops++ < 64) {
            const std::uint8_t op = r_.u8();
            switch (extended_ ? op % 16 : op % 12) {
                case 0: op_init(); break;
                case 1:
                case 2: op_write_inputs(); break;
                case 3:
                case 4:
                case 15: op_step(); break;
                case 5: op_access(MODULATOR); break;
                case 6: op_access(MASK); break;
                case 7: op_reset(); break;
                case 8: op_batched_reset(); break;
                case 9: op_set_parameter(); break;
                case 10: op_null_instance(); break;
                case 11: op_copy(); break;
                case 12: op_other_cell(); break;
                case 13: op_set_subnormals(); break;
                default: op_set_tau(); break;
            }
        }
    }
};

template <class T>
void run(reader& r, int cell, bool extended) {
    // A fresh, zeroed instance (as the header asks) over an arena of noise.
    std::memset(&the_inst<T>(), 0, sizeof(the_inst<T>()));
    std::memset(arena, 0xA5, arena_size);
    runner<T> run_(r, cell, extended);
    run_.op_init();  // most inputs start with an init attempt
    run_.run();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    reader r{data, size};
    const std::uint8_t head = r.u8();
    const int cell = (head >> 1) & 3;
    const bool extended = cell != GAUSSIAN || (head & 8) != 0;
    if (head & 1)
        run<double>(r, cell, extended);
    else
        run<float>(r, cell, extended);
    return 0;
}
