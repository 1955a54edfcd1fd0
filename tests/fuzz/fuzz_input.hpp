// tests/fuzz/fuzz_input.hpp - what every libFuzzer target of the C API shares: the invariant
// check, the input read as a stream of bytes, and the values it decodes to (the special ones
// included). Header-only; each target includes it once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>

#include "ngcrt/ngcrt.h"

namespace ngcrt_fuzz {

[[noreturn]] inline void broken(const char* file, int line, const char* what) {
    std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    std::abort();
}

// Every status is one of ngcrt.h's codes.
inline bool known_status(int s) { return s <= 0 && s >= NGCRT_ERR_INVALID_TIME_STEP; }

// The input, read as a stream of bytes (zeros once exhausted).
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

}  // namespace ngcrt_fuzz

#define NGCRT_FUZZ_REQUIRE(cond)                                      \
    do {                                                              \
        if (!(cond)) ::ngcrt_fuzz::broken(__FILE__, __LINE__, #cond); \
    } while (0)
