// bench/bench_math.cpp - ngcrt::math against glibc and xsimd, per element, side by side in
// the same process as the step benchmarks (scripts/bench.sh; tools/perf_report.py renders
// the "Elementary functions" section of docs/performance.md from these rows):
//
//   BM_math_<fn>_<type>_ngcrt_<isa>   ngcrt's SIMD form (src/math/elementary.hpp) compiled
//                                     for that ISA (scalar: the scalar form, not vectorised)
//   BM_math_<fn>_<type>_xsimd_<isa>   xsimd::exp / xsimd::log at the same width (its own
//                                     bits: FMA where the ISA has it)
//   BM_math_<fn>_<type>_glibc         expf/logf (exp/log for f64) in a plain loop
//
// fn: exp, log; type: f32, f64; n = 1024 elements (in L1), inputs spread over the range
// a model meets (exp: [-20, 20]; log: [1e-3, 1e3], log-uniform). Time per element =
// real_time / n; an ISA this CPU lacks is skipped.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench_math.hpp"

namespace {

using ngcrt_bench::math_fn;
constexpr std::size_t n_elements = 1024;

template <class T>
std::vector<T> inputs(math_fn f) {
    std::vector<T> x(n_elements);
    std::uint32_t s = 0x9e3779b9u;
    for (auto& v : x) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        const double u = static_cast<double>(s) * 0x1p-32;  // [0, 1)
        v = static_cast<T>(f == math_fn::log ? std::pow(10.0, -3.0 + 6.0 * u) : -20.0 + 40.0 * u);
    }
    return x;
}

bool cpu_has(const char* isa) {
    __builtin_cpu_init();
    if (std::string_view(isa) == "avx512")
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl");
    if (std::string_view(isa) == "avx2") return __builtin_cpu_supports("avx2");
    return true;
}

template <class T, class Fn>
void run(benchmark::State& state, math_fn f, const char* isa, Fn fn) {
    if (!cpu_has(isa)) {
        state.SkipWithError("ISA not available on this CPU");
        return;
    }
    const std::vector<T> x = inputs<T>(f);
    std::vector<T> y(n_elements);
    for (auto _ : state) {
        fn(f, x.data(), y.data(), n_elements);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n_elements));
}

template <class T>
void glibc_loop(math_fn f, const T* x, T* y, std::size_t n) {
    if (f == math_fn::exp) {
        for (std::size_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);  // expf / exp
    } else {
        for (std::size_t i = 0; i < n; ++i) y[i] = std::log(x[i]);  // logf / log
    }
}

template <class T>
void register_rows(const char* fname, math_fn f, const char* tname) {
    using fn_t = void (*)(math_fn, const T*, T*, std::size_t);
    struct row {
        const char* who;
        const char* isa;
        fn_t fn;
    };
    const row rows[] = {
        {"ngcrt", "scalar", ngcrt_bench::ngcrt_math_scalar},
        {"ngcrt", "sse2", ngcrt_bench::ngcrt_math_sse2},
        {"ngcrt", "avx2", ngcrt_bench::ngcrt_math_avx2},
        {"ngcrt", "avx512", ngcrt_bench::ngcrt_math_avx512},
        {"xsimd", "sse2", ngcrt_bench::xsimd_math_sse2},
        {"xsimd", "avx2", ngcrt_bench::xsimd_math_avx2},
        {"xsimd", "avx512", ngcrt_bench::xsimd_math_avx512},
        {"glibc", "scalar", glibc_loop<T>},
    };
    for (const row& r : rows) {
        std::string name = std::string("BM_math_") + fname + "_" + tname + "_" + r.who;
        if (std::string_view(r.who) != "glibc") name += std::string("_") + r.isa;
        const char* isa = r.isa;
        const fn_t fn = r.fn;
        benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& st) {
            run<T>(st, f, isa, fn);
        })->Arg(static_cast<std::int64_t>(n_elements));
    }
}

const bool registered = [] {
    register_rows<float>("exp", math_fn::exp, "f32");
    register_rows<float>("log", math_fn::log, "f32");
    register_rows<double>("exp", math_fn::exp, "f64");
    register_rows<double>("log", math_fn::log, "f64");
    return true;
}();

}  // namespace
