// tests/main.cpp - Catch2 runner that can pin the step kernel for the whole run:
//   ngcrt_tests --ngcrt-kernel avx2 [catch options]
// CTest runs the suite once per kernel this way, so a failure names its kernel. A kernel
// this CPU cannot execute exits with 77, which CTest reports as skipped.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <vector>

#include <ngcrt/ngcrt.hpp>

#ifndef NGCRT_TEST_TARGET
#define NGCRT_TEST_TARGET "unknown"
#endif

namespace ngcrt_test {
// What the kernel runs on, in words (the target's own ISA flags, as the compiler saw them).
const char* simd_path(ngcrt::kernel k) {
    if (k != ngcrt::kernel::scalar) return ngcrt::describe(k);
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
    return "scalar C++ (Cortex-M FPU)";
#elif defined(__riscv)
    return "scalar C++ (RISC-V)";
#else
    return "scalar C++";
#endif
}
}  // namespace ngcrt_test

int main(int argc, char** argv) {
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--ngcrt-kernel") == 0 && i + 1 < argc) {
            const char* name = argv[++i];
            bool known = false;
            for (ngcrt::kernel k : ngcrt::all_kernels) {
                if (std::strcmp(ngcrt::to_string(k), name) != 0) continue;
                known = true;
                if (ngcrt::force_kernel(k) != ngcrt::status::ok) {
                    std::printf("kernel %s is not available on this build/CPU: skipped\n", name);
                    return 77;
                }
            }
            if (!known) {
                std::fprintf(stderr, "unknown kernel '%s'\n", name);
                return 2;
            }
            continue;
        }
        args.push_back(argv[i]);
    }
    std::printf("ngcrt tests on target %s, kernel %s (SIMD path: %s; runtime dispatch: %s)\n",
                NGCRT_TEST_TARGET, ngcrt::to_string(ngcrt::active_kernel()),
                ngcrt_test::simd_path(ngcrt::active_kernel()), ngcrt::runtime_dispatch() ? "yes" : "no");
    return Catch::Session().run(static_cast<int>(args.size()), args.data());
}
