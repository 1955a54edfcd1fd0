// tests/fuzz/fuzz_c_family.cpp - libFuzzer target for the C API's other cells
// (ngcrt_laplacian_error_*, ngcrt_bernoulli_error_*; fuzz_c_api.cpp covers the Gaussian
// cell's in depth).
//
// The input picks a cell and an element type, then drives one instance through a sequence
// of calls: init with a decoded configuration (rank 0..4, zero dimensions, batch 0..4,
// unknown form and convention values, a Scale that is 0, negative, NaN, infinite or
// subnormal), steps with random inputs (probabilities, logits, huge and special values),
// resets, batched resets, write access to modulator and mask, set_scale with good and bad
// values, and the other cells' functions given this instance. No heap: the buffers and the
// instance are static.
//
// Invariants: every status is a known code and the one predicted; a rejected call leaves
// every buffer, L and the batch size as they were; after a step the own mask reads 1, the
// Laplacian dtarget is bitwise -dshift and dScale reads 1; another cell's functions answer
// INVALID_ARGUMENT (accessors 0 / NULL). Any broken invariant aborts.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>

#include "ngcrt/ngcrt.h"

namespace {

[[noreturn]] void fail(const char* what, int line) {
    std::fprintf(stderr, "fuzz_c_family: invariant broken at line %d: %s\n", line, what);
    std::abort();
}
#define REQUIRE(cond)                       \
    do {                                    \
        if (!(cond)) fail(#cond, __LINE__); \
    } while (0)

struct reader {
    const std::uint8_t* p;
    std::size_t n;
    std::uint8_t u8() {
        if (n == 0) return 0;
        --n;
        return *p++;
    }
    bool empty() const { return n == 0; }
};

template <class T>
T value(reader& r) {
    using L = std::numeric_limits<T>;
    const std::uint8_t k = r.u8();
    switch (k % 12) {
        case 0: return T(0);
        case 1: return -T(0);
        case 2: return L::quiet_NaN();
        case 3: return L::infinity() * (k & 16 ? T(-1) : T(1));
        case 4: return L::denorm_min();
        case 5: return L::max() * (k & 16 ? T(-1) : T(1));
        case 6: return T(k >> 4) * T(0.0625);  // a probability-like value in [0, 1)
        default: return (T(k >> 4) - T(8)) * T(0.5);
    }
}

constexpr std::size_t cap = 4 * 64;  // max_batch 4, at most 4 x 4 x 4 units
template <class T>
struct memory {
    T prediction[cap], target[cap], modulator[cap], mask[cap], dprediction[cap], dtarget[cap], parameter[64],
        dparameter[64], work[128];
};

// One cell's C functions, for element type T.
template <class T>
struct cell_api {
    using inst = std::conditional_t<sizeof(T) == 4, ngcrt_error_cell_f32, ngcrt_error_cell_f64>;
    using bufs = std::conditional_t<sizeof(T) == 4, ngcrt_error_buffers_f32, ngcrt_error_buffers_f64>;
    int (*init)(inst*, const ngcrt_error_config*, const bufs*, T);  // Bernoulli: T ignored
    int (*step)(inst*, T);
    int (*reset)(inst*);
    int (*batched_reset)(inst*, std::size_t);
    T (*L)(const inst*);
    std::size_t (*batch_size)(const inst*);
    T* (*modulator)(inst*);
    T* (*mask)(inst*);
    int (*set_scale)(inst*, const T*, std::size_t);  // nullptr for Bernoulli
    int (*set_subnormals)(inst*, ngcrt_subnormals);
};

#define NGCRT_FUZZ_API(cell, t, T)                                                                       \
    {                                                                                                    \
        nullptr, &ngcrt_##cell##_step_##t, &ngcrt_##cell##_reset_##t, &ngcrt_##cell##_batched_reset_##t, \
            &ngcrt_##cell##_L_##t, &ngcrt_##cell##_batch_size_##t, &ngcrt_##cell##_modulator_##t,        \
            &ngcrt_##cell##_mask_##t, nullptr, &ngcrt_##cell##_set_subnormals_##t                        \
    }

template <class T>
struct apis {
    static cell_api<T> laplacian, bernoulli, gaussian;
};
template <class T>
int bernoulli_init(typename cell_api<T>::inst* i, const ngcrt_error_config* c,
                   const typename cell_api<T>::bufs* b, T) {
    if constexpr (sizeof(T) == 4)
        return ngcrt_bernoulli_error_init_f32(i, c, b);
    else
        return ngcrt_bernoulli_error_init_f64(i, c, b);
}
template <>
cell_api<float> apis<float>::laplacian = NGCRT_FUZZ_API(laplacian_error, f32, float);
template <>
cell_api<float> apis<float>::bernoulli = NGCRT_FUZZ_API(bernoulli_error, f32, float);
template <>
cell_api<float> apis<float>::gaussian = NGCRT_FUZZ_API(gaussian_error, f32, float);
template <>
cell_api<double> apis<double>::laplacian = NGCRT_FUZZ_API(laplacian_error, f64, double);
template <>
cell_api<double> apis<double>::bernoulli = NGCRT_FUZZ_API(bernoulli_error, f64, double);
template <>
cell_api<double> apis<double>::gaussian = NGCRT_FUZZ_API(gaussian_error, f64, double);

template <class T>
void wire_functions() {
    if constexpr (sizeof(T) == 4) {
        apis<T>::laplacian.init = &ngcrt_laplacian_error_init_f32;
        apis<T>::laplacian.set_scale = &ngcrt_laplacian_error_set_scale_f32;
        apis<T>::gaussian.init = &ngcrt_gaussian_error_init_f32;
    } else {
        apis<T>::laplacian.init = &ngcrt_laplacian_error_init_f64;
        apis<T>::laplacian.set_scale = &ngcrt_laplacian_error_set_scale_f64;
        apis<T>::gaussian.init = &ngcrt_gaussian_error_init_f64;
    }
    apis<T>::bernoulli.init = &bernoulli_init<T>;
}

template <class T>
bool same(T a, T b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

template <class T>
void run(reader& r, bool laplacian) {
    wire_functions<T>();
    static memory<T> mem, before;
    static typename cell_api<T>::inst cell;
    const cell_api<T>& api = laplacian ? apis<T>::laplacian : apis<T>::bernoulli;
    const cell_api<T>& other = laplacian ? apis<T>::bernoulli : apis<T>::gaussian;
    std::memset(&cell, 0, sizeof cell);

    // init, with its status predicted from the decoded configuration
    ngcrt_error_config cfg;
    std::memset(&cfg, 0, sizeof cfg);
    const std::uint8_t shape = r.u8();
    cfg.rank = (shape & 7) < 5 ? (shape & 7) : 1;
    for (std::size_t& d : cfg.dims) d = r.u8() % 5;  // 0..4
    cfg.max_batch = r.u8() % 5;                      // 0..4
    const std::uint8_t enums = r.u8();
    const std::int32_t form = enums & 0x40 ? (enums & 7) : (enums & 1),
                       conv = enums & 0x80 ? ((enums >> 3) & 7) : ((enums >> 1) & 1);
    std::memcpy(&cfg.form, &form, sizeof form);
    std::memcpy(&cfg.convention, &conv, sizeof conv);
    const T scale = r.u8() < 200 ? T(0.25) * T(1 + r.u8() % 8) : value<T>(r);
    for (std::size_t i = 0; i < sizeof mem / sizeof(T); ++i) {  // the buffers' contents: a byte picks a value
        const std::uint8_t k = r.u8();
        reinterpret_cast<T*>(&mem)[i] = k == 0 ? T(0) : T(k % 16) * T(0.125) - T(0.5);
    }
    std::size_t units = 1;
    bool shape_ok = cfg.rank == 1 || cfg.rank == 3;
    for (std::size_t i = 0; shape_ok && i < cfg.rank; ++i) {
        shape_ok = cfg.dims[i] != 0;
        units *= cfg.dims[i];
    }
    const bool per_unit = laplacian && form == 1;
    const std::size_t np = laplacian ? (per_unit ? units : 1) : 0;
    int want = NGCRT_OK;
    if (form < 0 || form > 1 || conv < 0 || conv > 2)
        want = NGCRT_ERR_INVALID_ARGUMENT;
    else if (!shape_ok)
        want = NGCRT_ERR_INVALID_SHAPE;
    else if (cfg.max_batch == 0)
        want = NGCRT_ERR_INVALID_BATCH_SIZE;
    else if (laplacian && !(scale > T(0) && scale <= std::numeric_limits<T>::max()))
        want = NGCRT_ERR_INVALID_SIGMA;
    typename cell_api<T>::bufs b{mem.prediction,
                                 mem.target,
                                 mem.modulator,
                                 mem.mask,
                                 mem.dprediction,
                                 mem.dtarget,
                                 laplacian ? mem.parameter : nullptr,
                                 laplacian ? mem.dparameter : nullptr,
                                 per_unit ? mem.work : nullptr,
                                 nullptr};  // no state: not a leaky cell
    before = mem;
    const int s = api.init(&cell, &cfg, &b, scale);
    REQUIRE(s == want);
    if (s != NGCRT_OK) {
        REQUIRE(std::memcmp(&before, &mem, sizeof mem) == 0);
        REQUIRE(api.step(&cell, T(0)) == NGCRT_ERR_NOT_INITIALIZED);
        return;
    }
    std::size_t batch = cfg.max_batch;
    REQUIRE(api.batch_size(&cell) == batch);

    while (!r.empty()) {
        const std::uint8_t op = r.u8();
        const std::size_t n = batch * units;
        switch (op % 8) {
            case 0:  // inputs
                for (std::size_t i = 0; i < n; ++i) {
                    mem.prediction[i] = value<T>(r);
                    mem.target[i] = value<T>(r);
                }
                break;
            case 1: {  // write access
                T* m = op & 8 ? api.mask(&cell) : api.modulator(&cell);
                REQUIRE(m == (op & 8 ? mem.mask : mem.modulator));
                for (std::size_t i = 0; i < n; ++i) m[i] = value<T>(r);
                break;
            }
            case 2: {  // a step
                REQUIRE(api.step(&cell, value<T>(r)) == NGCRT_OK);
                for (std::size_t i = 0; i < n; ++i) REQUIRE(same(mem.mask[i], T(1)));
                if (laplacian) {
                    for (std::size_t i = 0; i < n; ++i)
                        REQUIRE(same(mem.dtarget[i], T(-mem.dprediction[i])) ||
                                (std::isnan(mem.dtarget[i]) && std::isnan(mem.dprediction[i])));
                    if (conv != 2)  // ngclearn's placeholder; the exact convention computes it
                        for (std::size_t j = 0; j < np; ++j) REQUIRE(same(mem.dparameter[j], T(1)));
                }
                break;
            }
            case 3: {  // batched_reset, sometimes out of range
                const std::size_t nb = r.u8() % 6;
                before = mem;
                const T L = api.L(&cell);
                const int rs = api.batched_reset(&cell, nb);
                if (nb == 0 || nb > cfg.max_batch) {
                    REQUIRE(rs == NGCRT_ERR_INVALID_BATCH_SIZE);
                    REQUIRE(std::memcmp(&before, &mem, sizeof mem) == 0);
                    REQUIRE(same(api.L(&cell), L));
                } else {
                    REQUIRE(rs == NGCRT_OK);
                    batch = nb;
                    REQUIRE(api.L(&cell) == T(0));
                }
                break;
            }
            case 4:  // reset
                REQUIRE(api.reset(&cell) == NGCRT_OK);
                REQUIRE(api.batch_size(&cell) == batch);
                break;
            case 5: {  // set_scale, good or bad values, right or wrong count
                if (!laplacian) break;
                T values[64];
                for (std::size_t j = 0; j < 64; ++j) values[j] = r.u8() < 128 ? T(0.5) : value<T>(r);
                const std::size_t count = r.u8() & 1 ? np : (r.u8() % 65);
                bool all_ok = true;
                for (std::size_t j = 0; j < count && j < 64; ++j)
                    all_ok &= values[j] > T(0) && values[j] <= std::numeric_limits<T>::max();
                before = mem;
                const int ss = api.set_scale(&cell, values, count);
                if (count != np)
                    REQUIRE(ss == NGCRT_ERR_SIZE_MISMATCH);
                else
                    REQUIRE(ss == (all_ok ? NGCRT_OK : NGCRT_ERR_INVALID_SIGMA));
                if (ss != NGCRT_OK) REQUIRE(std::memcmp(&before, &mem, sizeof mem) == 0);
                break;
            }
            case 6:  // another cell's functions refuse this instance and change nothing
                before = mem;
                REQUIRE(other.step(&cell, T(0)) == NGCRT_ERR_INVALID_ARGUMENT);
                REQUIRE(other.reset(&cell) == NGCRT_ERR_INVALID_ARGUMENT);
                REQUIRE(other.mask(&cell) == nullptr && other.batch_size(&cell) == 0 &&
                        other.L(&cell) == T(0));
                REQUIRE(std::memcmp(&before, &mem, sizeof mem) == 0);
                break;
            default:  // a NULL instance, or set_subnormals with a good or a bad mode
                if (op & 8) {
                    const std::int32_t m = static_cast<std::int32_t>(r.u8() % 4) - 1;  // -1..2
                    ngcrt_subnormals mode;
                    std::memcpy(&mode, &m, sizeof mode);
                    before = mem;
                    const int ss = api.set_subnormals(&cell, mode);
                    REQUIRE(ss == (m == 0 || m == 1 ? NGCRT_OK : NGCRT_ERR_INVALID_ARGUMENT));
                    REQUIRE(std::memcmp(&before, &mem, sizeof mem) == 0);
                    break;
                }
                REQUIRE(api.step(nullptr, T(0)) == NGCRT_ERR_NULL_BUFFER);
                REQUIRE(api.L(nullptr) == T(0));
                REQUIRE(api.set_subnormals(nullptr, NGCRT_SUBNORMALS_FLUSH) == NGCRT_ERR_NULL_BUFFER);
                break;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    reader r{data, size};
    const std::uint8_t head = r.u8();
    if (head & 1)
        run<double>(r, (head & 2) != 0);
    else
        run<float>(r, (head & 2) != 0);
    return 0;
}
