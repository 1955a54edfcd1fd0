// tests/fuzz/fuzz_c_api.cpp - libFuzzer target for the C API (include/ngcrt/ngcrt.h).
//
// The input drives one instance (float or double, first byte) through a sequence of
// calls: init with a decoded configuration (rank 0..4, small, zero and huge dimensions
// and capacities, unknown enum values, Sigma 0, negative, NaN, +/-inf, subnormal, ...)
// over buffers carved out of a fixed static arena (sometimes NULL, misaligned or
// overlapping), then step / reset / batched_reset / set_sigma / write access to modulator
// and mask / NULL-instance and copied-instance probes, with random buffer contents.
// No heap: the arena and the instance are static.
//
// Every call's status is checked against an independent prediction (and must be a known
// code); a rejected call must leave every byte of the arena, L and the batch size as they
// were; an accepted call may only write what it is documented to write, and writes the
// documented values: after a step dmu is (d * modulator) * mask with d = e * (1/Sigma)
// (3.1) or e / Sigma (3.2), bit for bit (any NaN for a NaN), dtarget is bitwise -dmu,
// mask and dSigma read 1, and L is close to a double-precision sum when that is
// well-conditioned. Any broken invariant aborts.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <type_traits>

#include "ngcrt/ngcrt.h"

namespace {

[[noreturn]] void fail(const char* what, int line) {
    std::fprintf(stderr, "fuzz_c_api: invariant broken at line %d: %s\n", line, what);
    std::abort();
}
#define REQUIRE(cond)                       \
    do {                                    \
        if (!(cond)) fail(#cond, __LINE__); \
    } while (0)

bool known_status(int s) { return s <= 0 && s >= -10; }

// ---- the input, read as a stream of bytes (zeros once exhausted) -----------------------------
struct reader {
    const std::uint8_t* p;
    std::size_t n;
    bool empty() const { return n == 0; }
    std::uint8_t u8() {
        if (n == 0) return 0;
        --n;
        return *p++;
    }
    std::uint64_t bits(int bytes) {
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) v = v << 8 | u8();
        return v;
    }
};

template <class T>
using ubits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T>
ubits<T> to_bits(T x) {
    ubits<T> u;
    std::memcpy(&u, &x, sizeof x);
    return u;
}
template <class T>
T from_bits(ubits<T> u) {
    T x;
    std::memcpy(&x, &u, sizeof x);
    return x;
}
template <class T>
bool same_bits(T a, T b) {
    return to_bits(a) == to_bits(b);
}
template <class T>
T load(const unsigned char* p) {  // a T at a possibly misaligned address
    T x;
    std::memcpy(&x, p, sizeof x);
    return x;
}

// A value: small integers, halves, the special values, or random bits.
template <class T>
T value(reader& r) {
    using L = std::numeric_limits<T>;
    const std::uint8_t k = r.u8();
    switch (k % 16) {
        case 0: return T(0);
        case 1: return -T(0);
        case 2: return L::quiet_NaN();
        case 3: return -L::infinity();
        case 4: return L::infinity();
        case 5: return L::denorm_min();
        case 6: return -L::denorm_min() * T(k >> 4);
        case 7: return L::min();  // smallest normal
        case 8: return L::max();
        case 9: return -L::max();
        case 10: return L::epsilon() * T(k >> 4);
        case 11:
        case 12: return from_bits<T>(static_cast<ubits<T>>(r.bits(sizeof(T))));
        default: return (T(k >> 4) - T(8)) * T(0.5);  // -4 .. 3.5 in halves
    }
}

// Sigma candidates, good and bad.
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

// The byte ranges an accepted call may change (at most the buffers: 9, the workspace
// included).
struct range {
    std::size_t begin, end;
};
constexpr int max_writable = 9;
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
    REQUIRE(in_arena(p, bytes) && n_writable < max_writable);
    const std::size_t b = static_cast<std::size_t>(static_cast<const unsigned char*>(p) - arena);
    writable[n_writable++] = {b, b + bytes};
}
// Every byte outside the allowed ranges is as it was.
bool only_allowed_changed() {
    range r[max_writable];
    for (int i = 0; i < n_writable; ++i) {  // sorted by start (insertion sort, 9 at most)
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

// ---- the C API, per element type -------------------------------------------------------------
template <class T>
struct api;
template <>
struct api<float> {
    using inst = ngcrt_error_cell_f32;
    using bufs = ngcrt_error_buffers_f32;
    static int init(inst* i, const ngcrt_error_config* c, const bufs* b, float s) {
        return ngcrt_gaussian_error_init_f32(i, c, b, s);
    }
    static int step(inst* i, float dt) { return ngcrt_gaussian_error_step_f32(i, dt); }
    static int reset(inst* i) { return ngcrt_gaussian_error_reset_f32(i); }
    static int batched_reset(inst* i, std::size_t b) { return ngcrt_gaussian_error_batched_reset_f32(i, b); }
    static float L(const inst* i) { return ngcrt_gaussian_error_L_f32(i); }
    static std::size_t batch_size(const inst* i) { return ngcrt_gaussian_error_batch_size_f32(i); }
    static float* modulator(inst* i) { return ngcrt_gaussian_error_modulator_f32(i); }
    static float* mask(inst* i) { return ngcrt_gaussian_error_mask_f32(i); }
    static int set_sigma(inst* i, const float* v, std::size_t n) {
        return ngcrt_gaussian_error_set_sigma_f32(i, v, n);
    }
};
template <>
struct api<double> {
    using inst = ngcrt_error_cell_f64;
    using bufs = ngcrt_error_buffers_f64;
    static int init(inst* i, const ngcrt_error_config* c, const bufs* b, double s) {
        return ngcrt_gaussian_error_init_f64(i, c, b, s);
    }
    static int step(inst* i, double dt) { return ngcrt_gaussian_error_step_f64(i, dt); }
    static int reset(inst* i) { return ngcrt_gaussian_error_reset_f64(i); }
    static int batched_reset(inst* i, std::size_t b) { return ngcrt_gaussian_error_batched_reset_f64(i, b); }
    static double L(const inst* i) { return ngcrt_gaussian_error_L_f64(i); }
    static std::size_t batch_size(const inst* i) { return ngcrt_gaussian_error_batch_size_f64(i); }
    static double* modulator(inst* i) { return ngcrt_gaussian_error_modulator_f64(i); }
    static double* mask(inst* i) { return ngcrt_gaussian_error_mask_f64(i); }
    static int set_sigma(inst* i, const double* v, std::size_t n) {
        return ngcrt_gaussian_error_set_sigma_f64(i, v, n);
    }
};

ngcrt_error_cell_f32 inst_f32, copy_f32;
ngcrt_error_cell_f64 inst_f64, copy_f64;
template <class T>
typename api<T>::inst& the_inst() {
    if constexpr (std::is_same_v<T, float>)
        return inst_f32;
    else
        return inst_f64;
}
template <class T>
typename api<T>::inst& the_copy() {
    if constexpr (std::is_same_v<T, float>)
        return copy_f32;
    else
        return copy_f64;
}

template <class T>
bool sigma_ok(T s) {
    return s > T(0) && s <= std::numeric_limits<T>::max();  // false for NaN
}

enum { MU, TARGET, MODULATOR, MASK, DMU, DTARGET, SIGMA, DSIGMA, WORK };

// What the fuzzer knows about a live instance.
template <class T>
struct model {
    bool live = false;
    unsigned char* buf[9] =
        {};  // the buffers, as bytes (all aligned when live; WORK unused for a scalar Sigma)
    std::size_t units = 0, max_batch = 0, batch = 0, ns = 0, nw = 0;
    bool per_unit = false, conv32 = false, exact = false;

    T get(int b, std::size_t i) const { return load<T>(buf[b] + i * sizeof(T)); }
    T before_value(int b, std::size_t i) const { return load<T>(before + (buf[b] - arena) + i * sizeof(T)); }
    std::size_t n_active() const { return batch * units; }
};

template <class T>
class runner {
    using A = api<T>;
    reader& r_;
    model<T> m_;
    typename A::inst& inst_ = the_inst<T>();

    void check_state_kept(T L_before, std::size_t batch_before) {
        REQUIRE(arena_unchanged());
        REQUIRE(same_bits(A::L(&inst_), L_before));
        REQUIRE(A::batch_size(&inst_) == batch_before);
    }
    void check_not_live() {
        REQUIRE(A::batch_size(&inst_) == 0);
        REQUIRE(A::modulator(&inst_) == nullptr);
        REQUIRE(A::mask(&inst_) == nullptr);
        REQUIRE(same_bits(A::L(&inst_), T(0)));
    }
    // A call on an instance the fuzzer knows is not live: NOT_INITIALIZED, nothing changes.
    void expect_not_initialized(int s) {
        REQUIRE(s == NGCRT_ERR_NOT_INITIALIZED);
        REQUIRE(arena_unchanged());
        check_not_live();
    }

public:
    explicit runner(reader& r) : r_(r) {}

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
        // Enums as raw int32 values: the named ones mostly, sometimes anything.
        const std::uint8_t enum_byte = r_.u8();
        std::int32_t conv = enum_byte & 1, shape = (enum_byte >> 1) & 1;
        if ((enum_byte >> 2) == 0x3F) conv = static_cast<std::int32_t>(r_.bits(4));
        if ((enum_byte >> 2) == 0x3E) shape = static_cast<std::int32_t>(r_.bits(4));
        std::memcpy(&cfg.convention, &conv, sizeof conv);
        std::memcpy(&cfg.form, &shape, sizeof shape);
        const T sigma = sigma_value<T>(r_);

        // The prediction, step by step in the documented order.
        int want = NGCRT_OK;
        const bool enums_ok = (conv == 0 || conv == 1 || conv == 2) && (shape == 0 || shape == 1);
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
        else if (units > std::numeric_limits<std::size_t>::max() / cfg.max_batch)
            want = NGCRT_ERR_SIZE_MISMATCH;
        // A capacity no buffer can hold: more bytes than PTRDIFF_MAX.
        else if (units * cfg.max_batch > static_cast<std::size_t>(PTRDIFF_MAX) / sizeof(T))
            want = NGCRT_ERR_SIZE_MISMATCH;
        const std::size_t n = want == NGCRT_OK ? units * cfg.max_batch : 0;
        const std::size_t ns = shape == 1 ? units : 1;
        const std::size_t nw = want == NGCRT_OK && shape == 1 ? 2 * units : 0;  // a per-unit Sigma's factors
        const int used = nw > 0 ? 9 : 8;  // the workspace is not looked at when none is needed

        // The buffers. If the claimed sizes fit the arena, carve them (modes: fresh, NULL,
        // misaligned, inside another one); if not, at least one is NULL or misaligned, so
        // init must reject the call before it touches any.
        unsigned char* ptr[9] = {};
        std::uint8_t mode[9];
        for (auto& md : mode) md = r_.u8();
        const bool fits =
            want == NGCRT_OK && n <= arena_size / sizeof(T) / 10 && ns <= arena_size / sizeof(T) / 10;
        const std::size_t len[9] = {n, n, n, n, n, n, ns, ns, nw};
        if (fits) {
            std::size_t off = 0;
            for (int i = 0; i < 9; ++i) {
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
            for (int i = 0; i < 9; ++i) {
                if (ptr[i] == nullptr) continue;
                switch (mode[i] & 15) {
                    case 5: ptr[i] = nullptr; break;
                    case 6: ptr[i] += 1 + (mode[i] >> 4) % (sizeof(T) - 1); break;  // misaligned
                    case 7: {  // inside buffer j, at element k
                        const int j = (mode[i] >> 4) % 9;
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
            const int bad = mode[0] % used;
            ptr[bad] = (mode[1] & 1) ? nullptr : arena + 1;
            if (want == NGCRT_OK)
                for (int i = 0; i < used; ++i)
                    if ((mode[i] & 15) == 5) ptr[i] = nullptr;
        }
        if (want == NGCRT_OK) {
            for (int i = 0; i < used && want == NGCRT_OK; ++i) {
                if (ptr[i] == nullptr)
                    want = NGCRT_ERR_NULL_BUFFER;
                else if (reinterpret_cast<std::uintptr_t>(ptr[i]) % alignof(T) != 0)
                    want = NGCRT_ERR_MISALIGNED_BUFFER;
            }
        }
        if (want == NGCRT_OK) {
            REQUIRE(fits);
            for (int i = 0; i < used && want == NGCRT_OK; ++i)
                for (int j = i + 1; j < used; ++j)
                    if (ptr[i] < ptr[j] + len[j] * sizeof(T) && ptr[j] < ptr[i] + len[i] * sizeof(T)) {
                        want = NGCRT_ERR_OVERLAPPING_BUFFERS;
                        break;
                    }
        }
        if (want == NGCRT_OK && !sigma_ok(sigma)) want = NGCRT_ERR_INVALID_SIGMA;

        typename A::bufs b;
        T** slots[9] = {&b.prediction, &b.target,    &b.modulator,  &b.mask,     &b.dprediction,
                        &b.dtarget,    &b.parameter, &b.dparameter, &b.workspace};
        for (int i = 0; i < 9; ++i) *slots[i] = reinterpret_cast<T*>(ptr[i]);

        // Sometimes a NULL config or buffers struct.
        const std::uint8_t null_byte = r_.u8();
        const bool null_cfg = null_byte == 1, null_buf = null_byte == 2;
        if (null_cfg || null_buf) want = NGCRT_ERR_NULL_BUFFER;

        snapshot();
        const int s = A::init(&inst_, null_cfg ? nullptr : &cfg, null_buf ? nullptr : &b, sigma);
        REQUIRE(known_status(s));
        REQUIRE(s == want);
        if (s != NGCRT_OK) {
            m_.live = false;  // a failed init leaves the instance not initialised
            REQUIRE(arena_unchanged());
            check_not_live();
            expect_not_initialized(A::step(&inst_, T(0)));
            return;
        }
        m_.live = true;
        for (int i = 0; i < 9; ++i) m_.buf[i] = ptr[i];
        m_.units = units;
        m_.max_batch = m_.batch = cfg.max_batch;
        m_.ns = ns;
        m_.nw = nw;
        m_.per_unit = shape == 1;
        m_.conv32 = conv == 1;
        m_.exact = conv == 2;
        // Only the buffers were written, with the initial state over the whole capacity (and a
        // per-unit Sigma's factors).
        allow_none();
        for (int i = 0; i < used; ++i) allow(ptr[i], len[i] * sizeof(T));
        REQUIRE(only_allowed_changed());
        for (std::size_t i = 0; i < n; ++i) {
            REQUIRE(same_bits(m_.get(MU, i), T(0)) && same_bits(m_.get(TARGET, i), T(0)));
            REQUIRE(same_bits(m_.get(DMU, i), T(0)) && same_bits(m_.get(DTARGET, i), T(0)));
            REQUIRE(same_bits(m_.get(MODULATOR, i), T(1)) && same_bits(m_.get(MASK, i), T(1)));
        }
        for (std::size_t i = 0; i < ns; ++i) {
            REQUIRE(same_bits(m_.get(SIGMA, i), sigma));
            REQUIRE(same_bits(m_.get(DSIGMA, i), T(0)));
        }
        REQUIRE(same_bits(A::L(&inst_), T(0)));
        REQUIRE(A::batch_size(&inst_) == cfg.max_batch);
    }

    // ---- inputs written in place (mu, target) ------------------------------------------------
    void op_write_inputs() {
        if (!m_.live) return;
        const std::size_t n = m_.n_active();
        const std::uint8_t how = r_.u8();
        for (int b : {MU, TARGET}) {
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
        T* p = which == MODULATOR ? A::modulator(&inst_) : A::mask(&inst_);
        if (!m_.live) {
            REQUIRE(p == nullptr);
            REQUIRE(arena_unchanged());
            return;
        }
        REQUIRE(p == reinterpret_cast<T*>(m_.buf[which]));
        REQUIRE(arena_unchanged());  // taking access writes nothing
        const std::size_t n = m_.n_active();
        const int count = 1 + r_.u8() % 8;
        for (int c = 0; c < count; ++c) {
            const std::size_t i = r_.u8() % n;
            p[i] = value<T>(r_);
        }
    }

    // ---- step --------------------------------------------------------------------------------
    void op_step() {
        const T dt = value<T>(r_);
        snapshot();
        const std::size_t batch_before = A::batch_size(&inst_);
        const int s = A::step(&inst_, dt);
        REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        REQUIRE(s == NGCRT_OK);  // Sigma only ever changes through checked calls
        REQUIRE(A::batch_size(&inst_) == batch_before);
        const std::size_t n = m_.n_active();
        allow_none();
        allow(m_.buf[DMU], n * sizeof(T));
        allow(m_.buf[DTARGET], n * sizeof(T));
        allow(m_.buf[MASK], n * sizeof(T));
        allow(m_.buf[DSIGMA], m_.ns * sizeof(T));
        REQUIRE(only_allowed_changed());

        // The spec's formulas, from the inputs as they were before the step (the exact
        // convention's dmu is 3.1's: e * (1/Sigma); its L and dSigma are checked by the
        // test suite against a float64 reference).
        double S = 0;
        bool well_conditioned = true;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t j = i % m_.units;
            const T sig = m_.before_value(SIGMA, m_.per_unit ? j : 0);
            const T e = m_.before_value(TARGET, i) - m_.before_value(MU, i);
            const T d = m_.conv32 ? e / sig : e * (T(1) / sig);
            const T want = (d * m_.before_value(MODULATOR, i)) * m_.before_value(MASK, i);
            const T got = m_.get(DMU, i);
            if (std::isnan(want))
                REQUIRE(std::isnan(got));
            else
                REQUIRE(same_bits(got, want));
            REQUIRE((to_bits(m_.get(DTARGET, i)) ^ to_bits(got)) == to_bits(-T(0)));  // bitwise -dmu
            REQUIRE(same_bits(m_.get(MASK, i), T(1)));                                // eaten
            // L = -sum e^2 c, c = 1/((Sigma*Sigma)*2) (3.1) or 0.5/Sigma (3.2).
            const T c = m_.conv32 ? T(0.5) / sig : T(1) / ((sig * sig) * T(2));
            const T ae = std::fabs(e);
            const T lo = std::ldexp(T(1), -30), hi = std::ldexp(T(1), 30);
            if (!(ae == T(0) || (ae >= lo && ae <= hi)) || !(c >= lo && c <= hi)) well_conditioned = false;
            S += double(e) * double(e) * double(c);
        }
        if (m_.exact) return;
        for (std::size_t i = 0; i < m_.ns; ++i) REQUIRE(same_bits(m_.get(DSIGMA, i), T(1)));
        const T L = A::L(&inst_);
        if (well_conditioned) REQUIRE(std::fabs(double(L) + S) <= 1e-4 * S);
    }

    // ---- reset and batched_reset --------------------------------------------------------------
    void check_after_reset(std::size_t b) {
        const std::size_t n = b * m_.units;
        allow_none();
        for (int i : {MU, TARGET, MODULATOR, MASK, DMU, DTARGET}) allow(m_.buf[i], n * sizeof(T));
        allow(m_.buf[DSIGMA], m_.ns * sizeof(T));
        REQUIRE(only_allowed_changed());
        for (std::size_t i = 0; i < n; ++i) {
            REQUIRE(same_bits(m_.get(MU, i), T(0)) && same_bits(m_.get(TARGET, i), T(0)));
            REQUIRE(same_bits(m_.get(DMU, i), T(0)) && same_bits(m_.get(DTARGET, i), T(0)));
            REQUIRE(same_bits(m_.get(MODULATOR, i), T(1)) && same_bits(m_.get(MASK, i), T(1)));
        }
        for (std::size_t i = 0; i < m_.ns; ++i) REQUIRE(same_bits(m_.get(DSIGMA, i), T(0)));
        REQUIRE(same_bits(A::L(&inst_), T(0)));
        REQUIRE(A::batch_size(&inst_) == b);
    }

    void op_reset() {
        snapshot();
        const int s = A::reset(&inst_);
        REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        REQUIRE(s == NGCRT_OK);
        check_after_reset(m_.batch);
    }

    void op_batched_reset() {
        const std::uint8_t k = r_.u8();
        const std::size_t b = k < 240 ? k % (m_.max_batch + 2) : huge(k);
        snapshot();
        const T L_before = A::L(&inst_);
        const std::size_t batch_before = A::batch_size(&inst_);
        const int s = A::batched_reset(&inst_, b);
        REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        if (b == 0 || b > m_.max_batch) {
            REQUIRE(s == NGCRT_ERR_INVALID_BATCH_SIZE);
            return check_state_kept(L_before, batch_before);
        }
        REQUIRE(s == NGCRT_OK);
        m_.batch = b;
        check_after_reset(b);
    }

    // ---- set_sigma ------------------------------------------------------------------------------
    void op_set_sigma() {
        constexpr std::size_t max_count = arena_size / sizeof(T) / 8 + 2;  // > any ns
        static T values[max_count];
        const std::uint8_t k = r_.u8();
        std::size_t count = m_.live ? m_.ns : 1;
        switch (k % 8) {
            case 0: count = 0; break;
            case 1: count = count + 1; break;
            case 2: count = count > 0 ? count - 1 : 0; break;
            case 3: count = 1; break;
            default: break;
        }
        if (count > max_count) count = max_count;
        const bool null_values = (k >> 3) == 1;
        bool all_ok = true;
        for (std::size_t i = 0; i < count; ++i) {
            values[i] = (k & 0x80) ? value<T>(r_) : sigma_value<T>(r_);
            all_ok = all_ok && sigma_ok(values[i]);
        }
        snapshot();
        const T L_before = A::L(&inst_);
        const std::size_t batch_before = A::batch_size(&inst_);
        const int s = A::set_sigma(&inst_, null_values ? nullptr : values, count);
        REQUIRE(known_status(s));
        if (!m_.live) return expect_not_initialized(s);
        int want = NGCRT_OK;
        if (count != m_.ns)
            want = NGCRT_ERR_SIZE_MISMATCH;
        else if (null_values)
            want = NGCRT_ERR_NULL_BUFFER;
        else if (!all_ok)
            want = NGCRT_ERR_INVALID_SIGMA;
        REQUIRE(s == want);
        if (s != NGCRT_OK) return check_state_kept(L_before, batch_before);
        allow_none();
        allow(m_.buf[SIGMA], m_.ns * sizeof(T));
        if (m_.nw > 0) allow(m_.buf[WORK], m_.nw * sizeof(T));  // its factors
        REQUIRE(only_allowed_changed());
        for (std::size_t i = 0; i < count; ++i) REQUIRE(same_bits(m_.get(SIGMA, i), values[i]));
        REQUIRE(same_bits(A::L(&inst_), L_before));
    }

    // ---- NULL and copied instances --------------------------------------------------------------
    void op_null_instance() {
        snapshot();
        const T one = T(1);
        REQUIRE(A::init(nullptr, nullptr, nullptr, one) == NGCRT_ERR_NULL_BUFFER);
        REQUIRE(A::step(nullptr, one) == NGCRT_ERR_NULL_BUFFER);
        REQUIRE(A::reset(nullptr) == NGCRT_ERR_NULL_BUFFER);
        REQUIRE(A::batched_reset(nullptr, 1) == NGCRT_ERR_NULL_BUFFER);
        REQUIRE(A::set_sigma(nullptr, &one, 1) == NGCRT_ERR_NULL_BUFFER);
        REQUIRE(same_bits(A::L(nullptr), T(0)));
        REQUIRE(A::batch_size(nullptr) == 0);
        REQUIRE(A::modulator(nullptr) == nullptr);
        REQUIRE(A::mask(nullptr) == nullptr);
        REQUIRE(arena_unchanged());
    }

    void op_copy() {
        typename A::inst& c = the_copy<T>();
        std::memcpy(&c, &inst_, sizeof c);
        snapshot();
        const T one = T(1);
        // A copy is never initialised, whatever the original is.
        REQUIRE(A::step(&c, one) == NGCRT_ERR_NOT_INITIALIZED);
        REQUIRE(A::reset(&c) == NGCRT_ERR_NOT_INITIALIZED);
        REQUIRE(A::batched_reset(&c, 1) == NGCRT_ERR_NOT_INITIALIZED);
        REQUIRE(A::set_sigma(&c, &one, 1) == NGCRT_ERR_NOT_INITIALIZED);
        REQUIRE(A::modulator(&c) == nullptr && A::mask(&c) == nullptr && A::batch_size(&c) == 0);
        REQUIRE(arena_unchanged());
        REQUIRE(A::batch_size(&inst_) == (m_.live ? m_.batch : 0));
    }

    void run() {
        int ops = 0;
        while (!r_.empty() && ops++ < 64) {
            switch (r_.u8() % 12) {
                case 0: op_init(); break;
                case 1:
                case 2: op_write_inputs(); break;
                case 3:
                case 4: op_step(); break;
                case 5: op_access(MODULATOR); break;
                case 6: op_access(MASK); break;
                case 7: op_reset(); break;
                case 8: op_batched_reset(); break;
                case 9: op_set_sigma(); break;
                case 10: op_null_instance(); break;
                default: op_copy(); break;
            }
        }
    }
};

template <class T>
void run(reader& r) {
    // A fresh, zeroed instance (as the header asks) over an arena of noise.
    std::memset(&the_inst<T>(), 0, sizeof(the_inst<T>()));
    std::memset(arena, 0xA5, arena_size);
    runner<T> run_(r);
    run_.op_init();  // most inputs start with an init attempt
    run_.run();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    reader r{data, size};
    if (r.u8() & 1)
        run<double>(r);
    else
        run<float>(r);
    return 0;
}
