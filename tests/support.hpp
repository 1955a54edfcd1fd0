// tests/support.hpp - an independent reference for the spec, random inputs, bit comparison.
//
// The reference is written straight from docs/spec/gaussian-error-cell.md, one
// element at a time, with no knowledge of the kernel's blocking: elementwise outputs in
// the cell's own precision T (the spec's formulas, in the spec's order; this file is
// compiled with -ffp-contract=off), and L accumulated in double.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <random>
#include <vector>

#include <ngcrt/ngcrt.hpp>

// The largest number of elements (batch x units) a test case may use. Bare-metal builds
// lower it (tests/CMakeLists.txt): the Cortex-M55 board has 512 KiB of RAM in all.
#ifndef NGCRT_TEST_MAX_ELEMENTS
#define NGCRT_TEST_MAX_ELEMENTS 100000000
#endif

namespace ngcrt_test {

inline constexpr std::size_t max_elements = NGCRT_TEST_MAX_ELEMENTS;

template <class T>
struct bits_of;
template <>
struct bits_of<float> {
    using type = std::uint32_t;
};
template <>
struct bits_of<double> {
    using type = std::uint64_t;
};

template <class T>
typename bits_of<T>::type bits(T v) {
    typename bits_of<T>::type b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

// The exact value as a C99 hex float ("%a"), for messages and comparisons.
template <class T>
std::string hex(T v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", static_cast<double>(v));
    return buf;
}

// Index of the first element whose bits differ, or -1.
template <class T>
long first_bit_difference(const T* a, const T* b, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (bits(a[i]) != bits(b[i])) return static_cast<long>(i);
    return -1;
}

template <class T>
struct reference_result {
    std::vector<T> dmu, dtarget;
    double L = 0;  // accumulated in double
};

// The spec, element by element. Sigma holds 1 or units values.
template <class T>
reference_result<T> reference_step(const std::vector<T>& mu, const std::vector<T>& target,
                                   const std::vector<T>& modulator, const std::vector<T>& mask,
                                   const std::vector<T>& Sigma, std::size_t units, ngcrt::Convention conv) {
    const std::size_t n = mu.size();
    reference_result<T> r;
    r.dmu.resize(n);
    r.dtarget.resize(n);
    const bool per_unit = Sigma.size() != 1;
    double S = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const T s = per_unit ? Sigma[i % units] : Sigma[0];
        const T e = target[i] - mu[i];
        T d;
        if (conv == ngcrt::Convention::ngclearn_3_1) {
            const T rs = T(1) / s;
            d = e * rs;
        } else {
            d = e / s;
        }
        r.dmu[i] = (d * modulator[i]) * mask[i];
        const T nd = -d;
        r.dtarget[i] = (nd * modulator[i]) * mask[i];
        const double ed = static_cast<double>(e);
        const double sd = static_cast<double>(s);
        const double c = conv == ngcrt::Convention::ngclearn_3_1 ? 1.0 / ((sd * sd) * 2.0) : 0.5 / sd;
        S += per_unit ? ed * ed * c : ed * ed;
    }
    if (!per_unit) {
        const double sd = static_cast<double>(Sigma[0]);
        S *= conv == ngcrt::Convention::ngclearn_3_1 ? 1.0 / ((sd * sd) * 2.0) : 0.5 / sd;
    }
    r.L = -S;
    return r;
}

// Deterministic random inputs.
struct rng {
    std::mt19937_64 g;
    explicit rng(std::uint64_t seed) : g(seed) {}
    double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(g); }
    std::size_t index(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(g); }
    bool coin(double p = 0.5) { return uniform(0, 1) < p; }

    template <class T>
    std::vector<T> values(std::size_t n, double lo, double hi, double zero_probability = 0.05) {
        std::vector<T> v(n);
        for (auto& x : v) {
            x = static_cast<T>(uniform(lo, hi));
            if (coin(zero_probability)) x = coin() ? T(0) : T(-0.0);
        }
        return v;
    }
    template <class T>
    std::vector<T> binary_mask(std::size_t n) {
        std::vector<T> v(n);
        for (auto& x : v) x = coin(0.7) ? T(1) : T(0);
        return v;
    }
};

// Kernels this machine can execute (scalar first).
inline std::vector<ngcrt::kernel> executable_kernels() {
    std::vector<ngcrt::kernel> ks;
    for (ngcrt::kernel k : ngcrt::all_kernels)
        if (ngcrt::kernel_available(k)) ks.push_back(k);
    return ks;
}

// Restores the default kernel when a test that forces kernels ends.
struct kernel_guard {
    ngcrt::kernel saved = ngcrt::active_kernel();
    ~kernel_guard() { (void)ngcrt::force_kernel(saved); }
};

// Heap-backed caller buffers for a view (tests only), each followed by a guard region.
// A well-conditioned symmetric positive definite N x N matrix (row-major, both triangles):
// a diagonal in [1, 3) plus off-diagonal values in [-0.5, 0.5) / N (strictly diagonally
// dominant).
template <class T>
std::vector<T> spd_matrix(std::size_t N, rng& r) {
    std::vector<T> a(N * N);
    for (std::size_t i = 0; i < N; ++i) {
        a[i * N + i] = static_cast<T>(r.uniform(1.0, 3.0));
        for (std::size_t j = 0; j < i; ++j)
            a[i * N + j] = a[j * N + i] = static_cast<T>(r.uniform(-0.5, 0.5) / static_cast<double>(N));
    }
    return a;
}

// Values around the subnormal range, for Subnormals::flush (a mix: ordinary values in
// [lo, hi), subnormals, the smallest normals, values whose squares or products with an
// ordinary value fall near the smallest normal or below it, zeros of either sign).
template <class T>
std::vector<T> near_subnormal(std::size_t n, rng& r, double lo, double hi) {
    const double min = static_cast<double>(std::numeric_limits<T>::min());
    const double root = std::sqrt(min);
    std::vector<T> v(n);
    for (auto& x : v) {
        const double sign = r.coin() ? 1.0 : -1.0;
        switch (r.index(8)) {
            case 0:
            case 1: x = static_cast<T>(r.uniform(lo, hi)); break;
            case 2: x = static_cast<T>(sign * min * r.uniform(0.0, 1.0)); break;  // subnormal
            case 3: x = static_cast<T>(sign * min * r.uniform(1.0, 4.0)); break;
            case 4: x = static_cast<T>(sign * root * r.uniform(0.5, 2.0)); break;    // square near min
            case 5: x = static_cast<T>(sign * root * r.uniform(1e-3, 1e-1)); break;  // square underflows
            case 6: x = r.coin() ? T(0) : T(-0.0); break;
            default: x = static_cast<T>(sign * min * r.uniform(0.999999, 1.000001)); break;
        }
    }
    return v;
}
// True if v is subnormal (non-zero, below the smallest normal).
template <class T>
bool subnormal(T v) {
    return v != T(0) && std::fabs(v) < std::numeric_limits<T>::min();
}

// Selects Subnormals::flush's software form for a test's lifetime (x86), then the hardware's.
struct software_flush {
    software_flush() { ngcrt::detail::use_software_flush(true); }
    software_flush(const software_flush&) = delete;
    software_flush& operator=(const software_flush&) = delete;
    ~software_flush() { ngcrt::detail::use_software_flush(false); }
};

template <class T>
struct owned_buffers {
    static constexpr std::size_t guard = 37;  // odd on purpose: not a vector multiple
    static constexpr T sentinel = T(-1234.5);
    std::size_t n, ns, nw;
    std::vector<T> mu, target, modulator, mask, Sigma, dSigma, dmu, dtarget, workspace, state;

    // workspace: by default two values per parameter value (a per-unit parameter's
    // factors); a full covariance's needs Cell::workspace_count.
    owned_buffers(std::size_t capacity_elements, std::size_t sigma_elements,
                  std::size_t workspace_elements = 0)
        : n(capacity_elements), ns(sigma_elements),
          nw(workspace_elements ? workspace_elements : 2 * sigma_elements) {
        for (auto* v : all()) v->assign(n + guard, sentinel);
        Sigma.assign(ns + guard, sentinel);
        dSigma.assign(ns + guard, sentinel);
        workspace.assign(nw + guard, sentinel);
    }
    // The unit-shaped buffers (the state: a leaky cell's e, unused by the others).
    std::vector<std::vector<T>*> all() { return {&mu, &target, &modulator, &mask, &dmu, &dtarget, &state}; }
    ngcrt::cell_buffers<T> buffers() {
        return {{mu.data(), n},   {target.data(), n},  {modulator.data(), n},
                {mask.data(), n}, {Sigma.data(), ns},  {dSigma.data(), ns},
                {dmu.data(), n},  {dtarget.data(), n}, {workspace.data(), nw}};
    }
    // The same buffers for any cell's view (by slot: mu is the prediction, Sigma the
    // parameter; a cell without a parameter ignores those two).
    template <class View>
    typename View::buffers buffers_for() {
        return View::buffers::from_roles({{{mu.data(), n},
                                           {target.data(), n},
                                           {modulator.data(), n},
                                           {mask.data(), n},
                                           {dmu.data(), n},
                                           {dtarget.data(), n},
                                           {Sigma.data(), ns},
                                           {dSigma.data(), ns},
                                           {workspace.data(), nw},
                                           {state.data(), n}}});
    }
    // True if every guard element still holds the sentinel.
    bool guards_intact() {
        auto ok = [](const std::vector<T>& v, std::size_t from) {
            for (std::size_t i = from; i < v.size(); ++i)
                if (bits(v[i]) != bits(sentinel)) return false;
            return true;
        };
        for (auto* v : all())
            if (!ok(*v, n)) return false;
        return ok(Sigma, ns) && ok(dSigma, ns) && ok(workspace, nw);
    }
};

}  // namespace ngcrt_test
