// tests/conformance/cases.hpp - the conformance cases and their input generator, exactly as
// in make_family_golden.py (which writes the goldens of every cell from the same inputs).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include <ngcrt/ngcrt.hpp>

#define NGCRT_INF_F std::numeric_limits<float>::infinity()
#define NGCRT_INF_D std::numeric_limits<double>::infinity()

namespace ngcrt_conformance {

struct conformance_case {
    const char* name;
    ngcrt::shape shape;
    std::size_t batch;
    double scalar_sigma;
    bool modulator_live, mask_live, tiny;
    bool planted = false;
};

inline const conformance_case cases[] = {
    {"dense1", ngcrt::shape::dense(1), 1, 0.7, false, false, false},
    {"dense7_b3", ngcrt::shape::dense(7), 3, 0.7, true, true, false},
    {"dense33_b2", ngcrt::shape::dense(33), 2, 1.3, true, false, false},
    {"dense67_b2", ngcrt::shape::dense(67), 2, 2.0, false, true, false},
    {"dense1029", ngcrt::shape::dense(1029), 1, 0.7, true, true, false},
    {"fmap3x5x7_b2", ngcrt::shape::feature_map(3, 5, 7), 2, 0.9, true, true, false},
    {"fmap2x2x3_b3", ngcrt::shape::feature_map(2, 2, 3), 3, 1.0, false, false, false},
    {"tiny40", ngcrt::shape::dense(40), 1, 0x1p127, true, true, true},
    {"planted1056", ngcrt::shape::dense(1056), 1, 0.7, true, true, false, true},
    {"planted1056_default", ngcrt::shape::dense(1056), 1, 0.7, false, false, false, true},
};

// "planted": regular inputs with a few values near the subnormal range, in two different
// 1024-element blocks: {index, field (0 mu, 1 target, 2 modulator, 3 mask), value}.
struct plant {
    std::size_t index;
    int field;
    double value;
};
inline const plant planted[] = {
    {100, 0, 0.0},         {100, 1, 0x3p-149},    {100, 2, 1.0},  {100, 3, 1.0},   // subnormal target
    {1029, 2, 1.0},        {1029, 3, 0x1p-133},                                    // subnormal mask
    {1030, 0, 0x1.8p-126}, {1030, 1, 0x1.4p-126}, {1030, 2, 1.0}, {1030, 3, 1.0},  // e = -2^-128
};

inline const double tiny_mu[] = {0x1.8p-126, 0x1p-140,  -0x1p-149,  0x1p-70, 1.0,
                                 0.0,        -0x1p-126, 0x1.8p-126, 0x1p-60, -1.0};
inline const double tiny_target[] = {0x1.4p-126, 0.0,       0x1p-149, 0.0,      1.0 + 0x1p-23,
                                     0x1p-130,   -0x1p-126, 0x1p-125, -0x1p-60, 1.0};
inline const double tiny_mod[] = {1.0, 0x1p-60, -0x1p-128, 0.0, 0x1p60, -1.0};
inline const double tiny_mask[] = {1.0, 0.5, 0x1p-100, 0.0, 0x1p-133, 1.0, 1.0};
inline const double tiny_sigma[] = {1.0,
                                    static_cast<double>(0.7f),
                                    0x1p100,
                                    0x1p127,
                                    static_cast<double>(std::numeric_limits<float>::max()),
                                    0x1p-40};

struct xorshift32 {
    std::uint32_t x;
    std::uint32_t next() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return x;
    }
};

struct case_inputs {
    std::vector<double> mu, target, modulator, mask, sigma;  // exact in float and double
};

inline case_inputs make_inputs(int index, const conformance_case& c) {
    const std::size_t units = c.shape.size(), n = units * c.batch;
    case_inputs in;
    if (c.tiny) {
        for (std::size_t i = 0; i < n; ++i) {
            in.mu.push_back(tiny_mu[i % 10]);
            in.target.push_back(tiny_target[(i + i / 10) % 10]);
            in.modulator.push_back(tiny_mod[i % 6]);
            in.mask.push_back(tiny_mask[i % 7]);
        }
        for (std::size_t j = 0; j < units; ++j) in.sigma.push_back(tiny_sigma[j % 6]);
        return in;
    }
    std::uint32_t seed = 0x9E3779B9u ^ (static_cast<std::uint32_t>(index) * 0x85EBCA6Bu);
    xorshift32 g{seed ? seed : 1u};
    auto dyadic = [](std::uint32_t v, std::uint32_t span, int offset) {
        return static_cast<double>(static_cast<int>(v % span) - offset) * 0x1p-10;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t a = g.next(), b = g.next();
        const double m = dyadic(a, 8193, 4096);
        const std::uint32_t sel = b & 15u;
        in.mu.push_back(m);
        in.target.push_back(sel == 0 ? m : sel == 1 ? 0.0 : dyadic(b >> 4, 8193, 4096));
    }
    for (std::size_t i = 0; i < n; ++i) in.modulator.push_back(dyadic(g.next(), 4097, 2048));
    const double mask_values[] = {0.0, 1.0, 1.0, 0.5};
    for (std::size_t i = 0; i < n; ++i) in.mask.push_back(mask_values[g.next() & 3u]);
    for (std::size_t j = 0; j < units; ++j)
        in.sigma.push_back(0.25 + static_cast<double>(g.next() % 4096) * 0x1p-10);
    if (c.planted) {
        std::vector<double>* fields[] = {&in.mu, &in.target, &in.modulator, &in.mask};
        for (const plant& p : planted) (*fields[p.field])[p.index] = p.value;
    }
    return in;
}

// A dense case's full covariance (make_family_golden.py's full_sigma): 0.25 + sigma_i on the
// diagonal, ((7 i + 3 j) mod 17 - 8) 2^-12 off it, symmetric; row-major N x N.
inline std::vector<double> full_sigma(const case_inputs& in, std::size_t N) {
    std::vector<double> a(N * N);
    for (std::size_t i = 0; i < N; ++i) {
        a[i * N + i] = 0.25 + in.sigma[i];
        for (std::size_t j = 0; j < i; ++j)
            a[i * N + j] = a[j * N + i] =
                static_cast<double>(static_cast<int>((7 * i + 3 * j) % 17) - 8) * 0x1p-12;
    }
    return a;
}

template <class T>
std::vector<T> as(const std::vector<double>& v) {
    return std::vector<T>(v.begin(), v.end());
}

}  // namespace ngcrt_conformance
