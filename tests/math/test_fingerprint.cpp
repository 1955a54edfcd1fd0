// tests/math/test_fingerprint.cpp - same bits everywhere for ngcrt::math: fixed inputs
// (special values, subnormals, every range-reduction boundary, the over/underflow
// thresholds, regular values) through the scalar form, the array form and the SIMD form of
// this target (every x86 ISA the CPU runs; NEON on Arm), float and double, compared bit
// for bit with goldens from the NumPy re-implementation (tests/math/fingerprint.inc, from
// make_fingerprint.py). No tolerance: NaN bits included.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include <ngcrt/engine/step.hpp>  // ngcrt::detail::use_software_flush
#include <ngcrt/math.hpp>

#include "fingerprint.inc"
#include "flush_fingerprint.inc"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace ngcrt_math_test {
enum class fn { exp, expm1, log, log1p };
#if defined(NGCRT_MATH_TEST_SSE2)
void apply_sse2(fn, const float*, float*, std::size_t) noexcept;
void apply_sse2(fn, const double*, double*, std::size_t) noexcept;
void apply_avx2(fn, const float*, float*, std::size_t) noexcept;
void apply_avx2(fn, const double*, double*, std::size_t) noexcept;
void apply_avx512(fn, const float*, float*, std::size_t) noexcept;
void apply_avx512(fn, const double*, double*, std::size_t) noexcept;
#endif
#if defined(NGCRT_MATH_TEST_NEON)
void apply_neon(fn, const float*, float*, std::size_t) noexcept;
#if defined(__aarch64__)
void apply_neon(fn, const double*, double*, std::size_t) noexcept;
#endif
#endif
}  // namespace ngcrt_math_test

namespace {

using ngcrt_math_test::fn;
constexpr std::size_t max_n = 512;

template <class T>
using simd_fn = void (*)(fn, const T*, T*, std::size_t) noexcept;

template <class T, class U>
T from_bits(U u) {
    T v;
    std::memcpy(&v, &u, sizeof v);
    return v;
}
template <class U, class T>
U to_bits(T v) {
    U u;
    std::memcpy(&u, &v, sizeof u);
    return u;
}

template <class T>
T scalar(fn f, T x) {
    switch (f) {
        case fn::exp: return ngcrt::math::exp(x);
        case fn::expm1: return ngcrt::math::expm1(x);
        case fn::log: return ngcrt::math::log(x);
        case fn::log1p: return ngcrt::math::log1p(x);
    }
    return x;
}
template <class T>
void array(fn f, const T* x, T* y, std::size_t n) {
    switch (f) {
        case fn::exp: return ngcrt::math::exp(x, y, n);
        case fn::expm1: return ngcrt::math::expm1(x, y, n);
        case fn::log: return ngcrt::math::log(x, y, n);
        case fn::log1p: return ngcrt::math::log1p(x, y, n);
    }
}
const char* name(fn f) {
    switch (f) {
        case fn::exp: return "exp";
        case fn::expm1: return "expm1";
        case fn::log: return "log";
        case fn::log1p: return "log1p";
    }
    return "?";
}

// Compares one form's outputs with the goldens; prints the first few differences.
template <class T, class U, std::size_t N>
std::size_t differences(const char* form, fn f, const U (&xs)[N], const U* want, const T* got) {
    std::size_t bad = 0;
    for (std::size_t i = 0; i < N; ++i) {
        const U g = to_bits<U>(got[i]);
        if (g == want[i]) continue;
        if (bad++ < 5) {
            std::printf("  %s %s(%a) = %a [0x%llx], golden %a [0x%llx]\n", form, name(f),
                        static_cast<double>(from_bits<T>(xs[i])), static_cast<double>(got[i]),
                        static_cast<unsigned long long>(g), static_cast<double>(from_bits<T>(want[i])),
                        static_cast<unsigned long long>(want[i]));
        }
    }
    return bad;
}

template <class T, class U, std::size_t N>
void check(const U (&xs)[N], const U* const (&goldens)[4], const char* const* simd_names,
           const simd_fn<T>* simd, std::size_t n_simd) {
    static_assert(N <= max_n, "grow max_n");
    static T x[max_n], y[max_n];
    for (std::size_t i = 0; i < N; ++i) x[i] = from_bits<T>(xs[i]);
    const fn fns[] = {fn::exp, fn::expm1, fn::log, fn::log1p};
    for (int k = 0; k < 4; ++k) {
        const fn f = fns[k];
        for (std::size_t i = 0; i < N; ++i) y[i] = scalar(f, x[i]);
        CHECK(differences("scalar", f, xs, goldens[k], y) == 0);
        array(f, x, y, N);
        CHECK(differences("array", f, xs, goldens[k], y) == 0);
        for (std::size_t i = 0; i < N; ++i) y[i] = x[i];
        array(f, y, y, N);  // in place
        CHECK(differences("array in place", f, xs, goldens[k], y) == 0);
        for (std::size_t s = 0; s < n_simd; ++s) {
            if (!simd[s]) continue;
            simd[s](f, x, y, N);
            CHECK(differences(simd_names[s], f, xs, goldens[k], y) == 0);
        }
    }
}

#if defined(NGCRT_MATH_TEST_SSE2)
bool cpu_has_avx512() {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl");
}
#endif

// The SIMD forms compiled for this target that this CPU runs (nullptr: not run here).
template <class T>
std::size_t simd_forms(const char* const*& names, const simd_fn<T>*& forms) {
#if defined(NGCRT_MATH_TEST_SSE2)
    __builtin_cpu_init();
    static const char* const n[] = {"sse2", "avx2", "avx512"};
    static const simd_fn<T> f[] = {
        static_cast<simd_fn<T>>(ngcrt_math_test::apply_sse2),
        __builtin_cpu_supports("avx2") ? static_cast<simd_fn<T>>(ngcrt_math_test::apply_avx2) : nullptr,
        cpu_has_avx512() ? static_cast<simd_fn<T>>(ngcrt_math_test::apply_avx512) : nullptr};
    names = n;
    forms = f;
    for (std::size_t i = 0; i < 3; ++i)
        std::printf("math fingerprint: SIMD form %s %s\n", n[i], f[i] ? "run" : "skipped (CPU)");
    return 3;
#elif defined(NGCRT_MATH_TEST_NEON) && !defined(__aarch64__)
    static const char* const n[] = {"neon"};
    if constexpr (sizeof(T) == 4) {
        static const simd_fn<T> f[] = {ngcrt_math_test::apply_neon};
        names = n;
        forms = f;
        std::printf("math fingerprint: SIMD form neon (ARMv7: float only, flushed lanes redone)\n");
        return 1;
    }
    return 0;
#elif defined(NGCRT_MATH_TEST_NEON)
    static const char* const n[] = {"neon64"};
    static const simd_fn<T> f[] = {static_cast<simd_fn<T>>(ngcrt_math_test::apply_neon)};
    names = n;
    forms = f;
    std::printf("math fingerprint: SIMD form neon64\n");
    return 1;
#else
    (void)names;
    (void)forms;
    std::printf("math fingerprint: no SIMD form on this target (scalar only)\n");
    return 0;
#endif
}

// ---- Subnormals::flush: the same inputs, each function's outputs as one FNV-1a fingerprint
// (tests/math/flush_fingerprint.inc). The goldens are x86's own MXCSR DAZ + FTZ arithmetic,
// the mode's definition: NGCRT_PRINT_FLUSH_GOLDENS=1 ngcrt_math_fingerprint '[flush]' on an
// x86-64 host prints the file. Every target's software form must give the same bits.
template <class T>
T scalar(fn f, T x, ngcrt::Subnormals m) {
    switch (f) {
        case fn::exp: return ngcrt::math::exp(x, m);
        case fn::expm1: return ngcrt::math::expm1(x, m);
        case fn::log: return ngcrt::math::log(x, m);
        case fn::log1p: return ngcrt::math::log1p(x, m);
    }
    return x;
}
template <class T>
void array(fn f, const T* x, T* y, std::size_t n, ngcrt::Subnormals m) {
    switch (f) {
        case fn::exp: return ngcrt::math::exp(x, y, n, m);
        case fn::expm1: return ngcrt::math::expm1(x, y, n, m);
        case fn::log: return ngcrt::math::log(x, y, n, m);
        case fn::log1p: return ngcrt::math::log1p(x, y, n, m);
    }
}
template <class T>
std::uint64_t fnv(const T* v, std::size_t n) {
    std::uint64_t h = 0xCBF29CE484222325U;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t b = 0;
        std::memcpy(&b, &v[i], sizeof(T));
        h = (h ^ b) * 0x100000001B3U;
    }
    return h;
}
bool print_flush_goldens() { return std::getenv("NGCRT_PRINT_FLUSH_GOLDENS") != nullptr; }

#if defined(__x86_64__) || defined(__i386__)
struct mxcsr_flush {
    unsigned saved = _mm_getcsr();
    mxcsr_flush() { _mm_setcsr(saved | 0x8040U); }
    mxcsr_flush(const mxcsr_flush&) = delete;
    mxcsr_flush& operator=(const mxcsr_flush&) = delete;
    ~mxcsr_flush() { _mm_setcsr(saved); }
};
bool mxcsr_flush_honoured() {
    const mxcsr_flush on;
    volatile float tiny = 0x1p-140F, two = 2.0F;
    return tiny * two == 0.0F;
}
#endif

template <class T, class U, std::size_t N>
void check_flush(const char* type, const U (&xs)[N], const std::uint64_t (&golden)[4],
                 const char* const* simd_names, const simd_fn<T>* simd, std::size_t n_simd) {
    static T x[max_n], y[max_n], x_flushed[max_n];
    for (std::size_t i = 0; i < N; ++i) {
        x[i] = from_bits<T>(xs[i]);
        // (what the functions read in flush mode: a subnormal input as a zero of its sign)
        x_flushed[i] =
            x[i] != T(0) && x[i] < std::numeric_limits<T>::min() && x[i] > -std::numeric_limits<T>::min()
                ? (x[i] < T(0) ? T(-0.0) : T(0))
                : x[i];
    }
    const fn fns[] = {fn::exp, fn::expm1, fn::log, fn::log1p};
    const ngcrt::Subnormals flush = ngcrt::Subnormals::flush;
    if (print_flush_goldens()) std::printf("static const std::uint64_t flush_fp_%s[4] = {", type);
    for (int k = 0; k < 4; ++k) {
        const fn f = fns[k];
        INFO(name(f) << " (" << type << "), flushed");
        for (std::size_t i = 0; i < N; ++i) y[i] = scalar(f, x[i], flush);
        if (print_flush_goldens()) {
            std::printf("0x%016llxU%s", static_cast<unsigned long long>(fnv(y, N)), k < 3 ? ", " : "};\n");
            continue;
        }
        CHECK(fnv(y, N) == golden[k]);
        // IEEE arithmetic gives other bits on these inputs (subnormal inputs, results below 2^-126).
        for (std::size_t i = 0; i < N; ++i) y[i] = scalar(f, x[i], ngcrt::Subnormals::ieee);
        CHECK(fnv(y, N) != golden[k]);
        array(f, x, y, N, flush);
        CHECK(fnv(y, N) == golden[k]);
        // The software form (every other target's) on this one too.
        ngcrt::detail::use_software_flush(true);
        for (std::size_t i = 0; i < N; ++i) y[i] = scalar(f, x[i], flush);
        ngcrt::detail::use_software_flush(false);
        CHECK(fnv(y, N) == golden[k]);
#if defined(__x86_64__) || defined(__i386__)
        // The SIMD forms, which a cell's step runs, under x86's own flush mode.
        if (!mxcsr_flush_honoured()) continue;
        for (std::size_t s = 0; s < n_simd; ++s) {
            if (!simd[s]) continue;
            INFO(simd_names[s]);
            {
                const mxcsr_flush on;
                simd[s](f, x_flushed, y, N);
            }
            CHECK(fnv(y, N) == golden[k]);
        }
#else
        (void)simd_names;
        (void)simd;
        (void)n_simd;
        (void)x_flushed;
#endif
    }
}

}  // namespace

TEST_CASE("math fingerprint: Subnormals::flush, every form, bit for bit", "[flush]") {
    if (print_flush_goldens())
        std::printf(
            "// tests/math/flush_fingerprint.inc - generated on an x86-64 host by\n"
            "//   NGCRT_PRINT_FLUSH_GOLDENS=1 ngcrt_math_fingerprint '[flush]'\n"
            "// (x86's MXCSR DAZ + FTZ: Subnormals::flush's definition); do not edit.\n"
            "// FNV-1a fingerprints of exp, expm1, log, log1p on fingerprint.inc's inputs.\n");
    const char* const* names = nullptr;
    const simd_fn<float>* forms = nullptr;
    const std::size_t n = simd_forms<float>(names, forms);
    check_flush<float>("f32", fp_f32_x, flush_fp_f32, names, forms, n);
    const char* const* names64 = nullptr;
    const simd_fn<double>* forms64 = nullptr;
    const std::size_t n64 = simd_forms<double>(names64, forms64);
    check_flush<double>("f64", fp_f64_x, flush_fp_f64, names64, forms64, n64);
}

TEST_CASE("math fingerprint: float, every form, bit for bit") {
    const char* const* names = nullptr;
    const simd_fn<float>* forms = nullptr;
    const std::size_t n = simd_forms<float>(names, forms);
    const std::uint32_t* const goldens[4] = {fp_f32_exp, fp_f32_expm1, fp_f32_log, fp_f32_log1p};
    check<float>(fp_f32_x, goldens, names, forms, n);
}

TEST_CASE("math fingerprint: double, every form, bit for bit") {
    const char* const* names = nullptr;
    const simd_fn<double>* forms = nullptr;
    const std::size_t n = simd_forms<double>(names, forms);
    const std::uint64_t* const goldens[4] = {fp_f64_exp, fp_f64_expm1, fp_f64_log, fp_f64_log1p};
    check<double>(fp_f64_x, goldens, names, forms, n);
}
