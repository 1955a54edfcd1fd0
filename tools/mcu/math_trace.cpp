// tools/mcu/math_trace.cpp - one call each of picolibc's expf and logf and of ngcrt's float
// exp and log, between marker calls, for tools/mcu_estimate.py: it runs this program under
// qemu-system-arm with an execution trace, takes the instructions each call executed, and
// runs llvm-mca over them. Inputs are ordinary values (no special case in either library).
#include <math.h>

#include <ngcrt/math.hpp>

volatile float in_exp = 3.7f, in_log = 37.5f, out;

extern "C" void __attribute__((noinline)) ngcrt_mca_mark(int) { __asm__ volatile(""); }

int main() {
    ngcrt_mca_mark(1);
    out = expf(in_exp);
    ngcrt_mca_mark(2);
    out = logf(in_log);
    ngcrt_mca_mark(3);
    out = ngcrt::math::exp(in_exp);
    ngcrt_mca_mark(4);
    out = ngcrt::math::log(in_log);
    ngcrt_mca_mark(5);
    return 0;
}
