// What a user who sets FTZ/DAZ (x86 MXCSR: flush subnormal results to zero, read subnormal
// inputs as zero) gets in Subnormals::ieee, where ngcrt leaves the environment alone
// (Subnormals::flush sets them itself around a step: docs/realtime.md). With them set, every element whose error is subnormal has dmu and
// dtarget flushed to zero; every other element, and L (whose terms e * e underflow to zero
// anyway), keeps its bits.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "support.hpp"

#if defined(__x86_64__) || defined(__SSE2__)
#include <xmmintrin.h>

namespace {

constexpr unsigned ftz_bit = 1u << 15, daz_bit = 1u << 6;

struct mxcsr_guard {
    unsigned saved = _mm_getcsr();
    mxcsr_guard() = default;
    mxcsr_guard(const mxcsr_guard&) = delete;
    mxcsr_guard& operator=(const mxcsr_guard&) = delete;
    ~mxcsr_guard() { _mm_setcsr(saved); }
};

// Whether the flush bits just set are honoured (an emulator such as valgrind may not).
bool flushes() {
    volatile float tiny = 1e-39f, one = 1.0f;
    const float p = tiny * one;
    return p == 0.0f;
}

std::uint32_t bits(float v) {
    std::uint32_t u = 0;
    std::memcpy(&u, &v, sizeof u);
    return u;
}

struct ftz_outputs {
    float dmu[64], dtarget[64], L;
};

// 64 units, Sigma 2, mu = 0: even units a normal error (1 + j), odd units a subnormal
// one (+-j * 1e-40).
ftz_outputs ftz_step() {
    ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 1> cell{2.0f};
    REQUIRE(cell.batched_reset(1) == ngcrt::status::ok);
    for (std::size_t j = 0; j < 64; ++j)
        cell.target()[j] = j % 2 == 0 ? 1.0f + float(j) : (j % 4 == 1 ? 1.0f : -1.0f) * float(j) * 1e-40f;
    REQUIRE(cell.advance_state(1.0f) == ngcrt::status::ok);
    ftz_outputs o{};
    for (std::size_t j = 0; j < 64; ++j) {
        o.dmu[j] = cell.dmu()[j];
        o.dtarget[j] = cell.dtarget()[j];
    }
    o.L = cell.L();
    return o;
}

}  // namespace

TEST_CASE("FTZ/DAZ set by the user flush the subnormal errors' dmu and dtarget, nothing else", "[ftz]") {
    const ftz_outputs ieee = ftz_step();
    ftz_outputs flushed{};
    {
        mxcsr_guard restore;
        _mm_setcsr(restore.saved | ftz_bit | daz_bit);
        if (!flushes()) {
            WARN("FTZ/DAZ are not honoured here (an emulator?): nothing to show");
            return;
        }
        flushed = ftz_step();
    }
    for (std::size_t j = 0; j < 64; ++j) {
        CAPTURE(j);
        if (j % 2 == 0) {  // a normal error: the same bits
            CHECK(bits(flushed.dmu[j]) == bits(ieee.dmu[j]));
            CHECK(bits(flushed.dtarget[j]) == bits(ieee.dtarget[j]));
        } else {  // a subnormal error: IEEE keeps e * (1/Sigma) = e / 2, FTZ/DAZ give zero
            CHECK(std::fpclassify(ieee.dmu[j]) == FP_SUBNORMAL);
            CHECK(flushed.dmu[j] == 0.0f);
            CHECK(flushed.dtarget[j] == 0.0f);
        }
    }
    CHECK(bits(flushed.L) == bits(ieee.L));
}
#endif
