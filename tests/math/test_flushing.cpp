// tests/math/test_flushing.cpp - Subnormals::flush's rule, operation by operation: the
// software form (src/engine/flushing.hpp, what every non-x86 core runs) on cases worked out
// by hand from the rule (every target), and against x86's own MXCSR.DAZ + FTZ arithmetic on
// millions of operands around the subnormal range (x86 hosts whose hardware honours the
// bits; an emulator such as valgrind may not, and the comparison is then skipped).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <ios>
#include <limits>
#include <random>

#include "engine/flushing.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define NGCRT_TEST_X86 1
#else
#define NGCRT_TEST_X86 0
#endif

namespace {

using ngcrt::detail::flushing;

template <class T, class U>
T from_bits(U u) {
    T v;
    std::memcpy(&v, &u, sizeof v);
    return v;
}
template <class T>
auto to_bits(T v) {
    typename flushing<T>::uint u;
    std::memcpy(&u, &v, sizeof u);
    return u;
}

enum class op { add, sub, mul, div };

template <class T>
T soft(op o, T a, T b) {
    const flushing<T> x(a), y(b);
    switch (o) {
        case op::add: return (x + y).v;
        case op::sub: return (x - y).v;
        case op::mul: return (x * y).v;
        case op::div: return (x / y).v;
    }
    return T(0);
}

}  // namespace

// Worked out from the rule (docs/realtime.md, "The flush mode"); x86 agrees (below).
TEST_CASE("flushing<float>: the rule on hand-made cases", "[flush]") {
    struct one_case {
        std::uint32_t a, b;
        op o;
        std::uint32_t expect;
        const char* why;
    };
    const one_case cases[] = {
        {0x3F7FFFFEU, 0x00800001U, op::mul, 0x00800000U,
         "2^-126 (1 - 2^-46) rounds to 2^-126 at any exponent: not tiny (Arm's flush would give 0)"},
        {0x3F7FFFFFU, 0x00800000U, op::mul, 0x00000000U,
         "2^-126 - 2^-150 is a 24-bit number below 2^-126: tiny, although IEEE rounds it up to 2^-126"},
        {0xBF7FFFFFU, 0x00800000U, op::mul, 0x80000000U, "the same, negative: -0"},
        {0x00000001U, 0x4B000000U, op::mul, 0x00000000U, "a subnormal operand reads as 0 (IEEE: 2^-126)"},
        {0x00800000U, 0x3F000000U, op::mul, 0x00000000U, "2^-127: tiny"},
        {0x00800000U, 0x3F800000U, op::mul, 0x00800000U, "2^-126 * 1: the smallest normal stays"},
        {0x00800001U, 0x00800000U, op::sub, 0x00000000U, "a difference of 2^-149: tiny"},
        {0x00800000U, 0x80800001U, op::add, 0x80000000U, "a sum of -2^-149: -0"},
        {0x01000000U, 0x80800000U, op::add, 0x00800000U, "2^-125 - 2^-126 = 2^-126: not tiny"},
        {0x00400000U, 0x00400000U, op::add, 0x00000000U, "two subnormal operands: 0 + 0"},
        {0x00800000U, 0x40000000U, op::div, 0x00000000U, "2^-126 / 2: tiny"},
        {0x00800001U, 0x3F800001U, op::div, 0x00800000U, "(2^-126 (1 + 2^-23)) / (1 + 2^-23) = 2^-126"},
        {0x3F800000U, 0x00000001U, op::div, 0x7F800000U, "1 / (a subnormal read as 0) = +inf"},
        {0x00000000U, 0x00000000U, op::div, 0x7FC00000U, "0 / 0: the default NaN"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const float r = soft(c.o, from_bits<float>(c.a), from_bits<float>(c.b));
        if (c.expect == 0x7FC00000U) {
            CHECK(r != r);
        } else {
            CHECK(to_bits(r) == c.expect);
        }
    }
    // Comparisons read subnormals as zeros; the sign flip and conversions.
    const flushing<float> sub(from_bits<float>(0x00000005U)), zero(0.0F),
        neg_sub(from_bits<float>(0x80000005U));
    CHECK(sub == zero);
    CHECK_FALSE(sub > zero);
    CHECK(neg_sub == sub);
    CHECK(to_bits((-sub).v) == 0x80000005U);  // the sign flip is not arithmetic: bits kept
    CHECK(to_bits(static_cast<double>(sub)) == 0U);
    // A double that is tiny as a float: 2^-126 - 2^-150 rounds to 2^-126 in IEEE, is 0 here.
    CHECK(to_bits(flushing<float>(0x1p-126 - 0x1p-150).v) == 0U);
    CHECK(to_bits(flushing<float>(0x1p-126 - 0x1p-152).v) == 0x00800000U);
    CHECK(to_bits(flushing<float>(0x1p-130).v) == 0U);
    CHECK(to_bits(flushing<float>(-0x1p-130).v) == 0x80000000U);
}

TEST_CASE("flushing<double>: the rule on hand-made cases", "[flush]") {
    const double min = 0x1p-1022;
    auto mul = [](double a, double b) { return to_bits(soft(op::mul, a, b)); };
    CHECK(mul(1.0 - 0x1p-52, min * (1.0 + 0x1p-52)) == to_bits(min));  // rounds up to min: kept
    CHECK(mul(1.0 - 0x1p-53, min) == 0U);                              // 53 bits below min: tiny
    CHECK(mul(min, 0.5) == 0U);
    CHECK(to_bits(soft(op::sub, min * (1.0 + 0x1p-52), min)) == 0U);
    CHECK(to_bits(soft(op::add, 0x1p-1060, 0x1p-1060)) == 0U);
    CHECK(to_bits(soft(op::div, min, 1.0)) == to_bits(min));
}

#if NGCRT_TEST_X86
namespace {

// x86's own arithmetic with MXCSR.DAZ + FTZ, one operation per call (volatile operands:
// nothing is folded at compile time or moved out of the MXCSR setting).
template <class T>
[[gnu::noinline]] T hardware(op o, T a, T b) {
    const volatile T x = a, y = b;
    switch (o) {
        case op::add: return x + y;
        case op::sub: return x - y;
        case op::mul: return x * y;
        case op::div: return x / y;
    }
    return T(0);
}
template <class T>
[[gnu::noinline]] bool hardware_less(T a, T b) {
    const volatile T x = a, y = b;
    return x < y;
}
[[gnu::noinline]] float hardware_narrow(double d) {
    const volatile double x = d;
    return static_cast<float>(x);
}

struct flush_bits_set {
    unsigned saved = _mm_getcsr();
    flush_bits_set() { _mm_setcsr(saved | 0x8040U); }
    flush_bits_set(const flush_bits_set&) = delete;
    flush_bits_set& operator=(const flush_bits_set&) = delete;
    ~flush_bits_set() { _mm_setcsr(saved); }
};

bool hardware_honours_flush() {
    const flush_bits_set on;
    return hardware(op::mul, 0x1p-140F, 2.0F) == 0.0F;
}

// Random operands whose results land around the subnormal range: exponents chosen so that
// the exact result's exponent is near the smallest normal's, random significands (a few
// with the last bits all ones or zeros), subnormal and zero operands among them.
template <class T>
struct operands {
    using U = typename flushing<T>::uint;
    static constexpr int mant = sizeof(T) == 4 ? 23 : 52, bias = sizeof(T) == 4 ? 127 : 1023;
    std::mt19937_64 g{20261207};
    U bits(int e, bool negative) {
        U m = static_cast<U>(g()) & ((U(1) << mant) - 1);
        switch (g() % 8) {
            case 0: m |= (U(1) << mant) - (U(1) << (mant / 2)); break;  // top bits ones
            case 1: m &= ~((U(1) << (mant / 2)) - 1); break;            // low bits zeros
            default: break;
        }
        const U field = e <= 0 ? U(0) : static_cast<U>(e);
        return (negative ? U(1) << (sizeof(T) * 8 - 1) : U(0)) | (field << mant) | m;
    }
    // A pair for o: exponent fields (biased) of a and b.
    void pair(op o, T& a, T& b) {
        const int span = sizeof(T) == 4 ? 60 : 400;
        const int ea = 1 + static_cast<int>(g() % (2 * bias - 2));
        int eb = 0;
        const int jitter = static_cast<int>(g() % 7) - 3;
        switch (o) {
            case op::mul: eb = 1 + bias - ea + jitter; break;             // 2^(ea+eb-2bias) near 2^(1-bias)
            case op::div: eb = ea - 1 + bias - 1 + jitter - bias; break;  // quotient near the smallest normal
            case op::add:
            case op::sub: {
                const int e = 1 + static_cast<int>(g() % 3);  // both near the smallest normal
                a = from_bits<T>(bits(e, g() % 2 != 0));
                b = from_bits<T>(bits(1 + static_cast<int>(g() % 3), g() % 2 != 0));
                if (g() % 4 == 0) b = from_bits<T>(bits(0, g() % 2 != 0));  // a subnormal
                return;
            }
        }
        (void)span;
        eb = eb < 0 ? 0 : eb > 2 * bias ? 2 * bias : eb;
        a = from_bits<T>(bits(ea, g() % 2 != 0));
        b = from_bits<T>(bits(eb, g() % 2 != 0));
        if (g() % 16 == 0) b = from_bits<T>(bits(0, g() % 2 != 0));
        if (o == op::mul && g() % 4 == 0) {
            // b within a few ulps of min / a: the exact product within a few ulps of the
            // smallest normal, where "tiny after rounding" and IEEE's rounding disagree.
            a = from_bits<T>(bits(bias - 8 + static_cast<int>(g() % 16), false));
            b = std::numeric_limits<T>::min() / a;
            for (int k = static_cast<int>(g() % 7) - 3; k != 0; k += k < 0 ? 1 : -1)
                b = std::nextafter(b, k < 0 ? T(0) : T(1));
        }
    }
};

template <class T>
void compare_with_hardware(std::size_t count) {
    operands<T> gen;
    std::size_t differ = 0, flushed = 0, window = 0;
    for (op o : {op::add, op::sub, op::mul, op::div}) {
        for (std::size_t i = 0; i < count; ++i) {
            T a, b;
            gen.pair(o, a, b);
            T h;
            bool less_h;
            {
                const flush_bits_set on;
                h = hardware(o, a, b);
                less_h = hardware_less(a, b);
            }
            const T s = soft(o, a, b);
            const T ieee = hardware(o, a, b);  // MXCSR as it was: IEEE
            flushed += to_bits(ieee) != to_bits(h);
            // IEEE rounds to the smallest normal, the rule does not (or the other way round).
            window += (to_bits(ieee) & ~(typename flushing<T>::uint(1) << (sizeof(T) * 8 - 1))) ==
                          to_bits(std::numeric_limits<T>::min()) &&
                      to_bits(h) != to_bits(ieee);
            const bool same = to_bits(h) == to_bits(s) || (h != h && s != s);
            if (!same && differ++ < 5) {
                FAIL_CHECK("op " << static_cast<int>(o) << ": " << std::hexfloat << a << ", " << b
                                 << ": hardware " << h << ", software " << s);
            }
            CHECK(less_h == (flushing<T>(a) < flushing<T>(b)));
        }
    }
    CHECK(differ == 0);
    INFO("results the flush mode changed: "
         << flushed << ", of which rounded to the smallest normal by IEEE: " << window);
    CHECK(flushed > count);  // the operands do reach the subnormal range
    CHECK(window > 0);       // and the window where the tininess rule matters
}

}  // namespace

TEST_CASE("flushing<T>: x86's MXCSR DAZ + FTZ arithmetic, bit for bit", "[flush][x86]") {
    if (!hardware_honours_flush()) {
        WARN("MXCSR's flush bits are not honoured here (an emulator?): nothing to compare with");
        return;
    }
    compare_with_hardware<float>(400000);
    compare_with_hardware<double>(400000);
    // Conversions from double to float around the smallest normal float.
    std::mt19937_64 g(7);
    std::size_t differ = 0;
    for (int i = 0; i < 200000; ++i) {
        const double d = std::ldexp(1.0 + static_cast<double>(g() % (1ULL << 52)) * 0x1p-52,
                                    -128 + static_cast<int>(g() % 4)) *
                         (g() % 2 != 0 ? -1.0 : 1.0);
        float h;
        {
            const flush_bits_set on;
            h = hardware_narrow(d);
        }
        differ += to_bits(h) != to_bits(flushing<float>(d).v);
    }
    CHECK(differ == 0);
}
#endif
