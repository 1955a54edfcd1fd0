// An ordinary program using ngcrt: one step of a float cell and of a double cell on fixed
// inputs, printed with printf and checked against the bits every target and kernel must
// give (computed independently in NumPy / Python, in the spec's operation and summation
// order). Built with FMA contraction allowed, it would fail if those flags reached
// ngcrt's arithmetic.
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <ngcrt/ngcrt.hpp>

namespace {

template <class T>
std::uint64_t bits(T v) {
    if constexpr (sizeof(T) == 4) {
        std::uint32_t b;
        std::memcpy(&b, &v, sizeof b);
        return b;
    } else {
        std::uint64_t b;
        std::memcpy(&b, &v, sizeof b);
        return b;
    }
}

struct expected {
    std::uint32_t dmu_hash;  // FNV-1a over the little-endian bytes of all 74 dmu values
    std::uint64_t L_bits;
};

// 37 units (a SIMD tail on every width), batch 2, Sigma 0.7, ngclearn 3.1. Inputs with
// full mantissas (a value divided by 3 or 7), so that e*e is inexact and a fused
// multiply-add in the sum would show in L. (int -> float, * 2^-29 and a lone division
// are correctly rounded under any flags short of -ffast-math.)
template <class T>
bool run(const char* type, expected want) {
    ngcrt::GaussianErrorCell<T, ngcrt::Units<37>, 2> cell(T(0.7));
    if (cell.batched_reset(2) != ngcrt::status::ok) return false;
    std::uint32_t x = 12345;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return static_cast<float>(static_cast<std::int32_t>(x)) * 0x1p-29f;  // in (-4, 4)
    };
    for (std::size_t i = 0; i < 74; ++i) {
        cell.mu()[i] = T(next()) / T(3);
        cell.target()[i] = T(next()) / T(7);
    }
    const ngcrt::status st = cell.advance_state();
    std::uint32_t h = 0x811c9dc5u;
    for (T v : cell.dmu()) {
        const std::uint64_t b = bits(v);
        for (unsigned k = 0; k < sizeof(T); ++k) {
            h ^= static_cast<std::uint32_t>((b >> (8 * k)) & 0xffu);
            h *= 0x01000193u;
        }
    }
    std::printf("%s: status %s, dmu[0] = %a, L = %a, hash(dmu) = 0x%08lx\n", type, ngcrt::to_string(st),
                static_cast<double>(cell.dmu()[0]), static_cast<double>(cell.L()),
                static_cast<unsigned long>(h));
    return st == ngcrt::status::ok && h == want.dmu_hash && bits(cell.L()) == want.L_bits;
}

}  // namespace

int main() {
    // The kernel this build chose for this CPU (a host build dispatches at run time:
    // AVX-512 where the CPU has it), then every other kernel it can run, forced.
    std::printf("consumer: kernel %s (runtime dispatch: %s)\n", ngcrt::to_string(ngcrt::active_kernel()),
                ngcrt::runtime_dispatch() ? "yes" : "no");
    bool same = run<float>("float ", {0xa7852a9eu, 0xc27a52b2u}) &&
                run<double>("double", {0x32bbd539u, 0xc04f4a565250fcddu});
    const ngcrt::kernel chosen = ngcrt::active_kernel();
    for (ngcrt::kernel k : ngcrt::all_kernels) {
        if (k == chosen || ngcrt::force_kernel(k) != ngcrt::status::ok) continue;
        std::printf("consumer: forced kernel %s\n", ngcrt::to_string(k));
        same = run<float>("float ", {0xa7852a9eu, 0xc27a52b2u}) && same;
        same = run<double>("double", {0x32bbd539u, 0xc04f4a565250fcddu}) && same;
    }
    ngcrt::reset_kernel();
    std::printf("consumer: %s\n", same ? "same bits as every target" : "BITS DIFFER");
    return same ? 0 : 1;
}
