// RateCell's memory-traffic floor (bench/bench_rate.cpp's BM_rate_floor), compiled with
// -march=native: the step's three loads (j, j_td, z) and three stores (z, zF, j) in one pass,
// no arithmetic.
#include <cstddef>

namespace ngcrt_bench {

void rate_floor(float* j, const float* j_td, float* z, float* zF, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        const float a = j[i], b = j_td[i], c = z[i];
        z[i] = b;
        zF[i] = c;
        j[i] = a;
    }
}

}  // namespace ngcrt_bench
