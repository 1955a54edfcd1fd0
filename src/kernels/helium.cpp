// helium kernel (Armv8.1-M MVE with floating point: Cortex-M55, M85), 4 floats a register.
//
// Helium's floating-point arithmetic is not IEEE-754 in one respect that matters here: it
// flushes subnormal inputs and results to zero whatever FPSCR.FZ says (as ARMv7 NEON
// does). It does record each flush in FPSCR's cumulative flags: IDC for an input, UFC for
// a result. So a block of 1024 elements runs in Helium with those two flags cleared, and
// if either is set afterwards the whole block is redone by the scalar kernel, in IEEE VFP
// arithmetic (src/engine/lane_groups.hpp, block_sum): the same operations in the same order, so the bits
// are those of every other target. A vector pass costs nothing extra per element; data
// that never comes near the subnormal range (|values| >= 2^-126, products too) never
// takes the redo, and the worst case is bounded: the vector pass plus the scalar one.
//
// Until a block is known to be exact it must stay redoable, so the vector pass does not
// eat the mask (mask := 1); that happens after the check, as its own store pass.
//
// These loops implement the Gaussian cell's ngclearn 3.1, scalar-Sigma math (the variants
// whose Cell::kernel::fpu_asm is set). Helium has no floating-point divide and no double
// precision: every other cell and variant, and double, run the scalar kernel (IEEE VFP),
// as does everything on a core without MVE.
#include <arm_mve.h>

#include "kernel_entry.hpp"
#include "engine/traverse.hpp"

// q0-q7 (s0-s31), the flags, and the memory the stores write.
#define NGCRT_HELIUM_CLOBBERS                                                                             \
    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", \
        "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28", "s29", \
        "s30", "s31", "cc", "memory"

// What both assembly loops of group_rows_asm share: loading their operands, clearing the
// sums and the carried e (q2), skipping a block without whole rows ...
#define NGCRT_HELIUM_LOOP_ENTRY                           \
    "ldm %[a], {r0, r1, r2, r3, r4, r5, r6, r8, r12}\n\t" \
    "vmov.i32 q2, #0\n\t"                                 \
    "vmov.i32 q6, #0\n\t"                                 \
    "vmov.i32 q7, #0\n\t"                                 \
    "cmp r6, #0\n\t"                                      \
    "beq 2f\n"                                            \
    "1:\n\t"
// ... and, after the loop, the carried e's square added to lanes 0-3 and both sums stored.
#define NGCRT_HELIUM_LOOP_EXIT \
    "2:\n\t"                   \
    "vmul.f32 q2, q2, q2\n\t"  \
    "vadd.f32 q6, q6, q2\n\t"  \
    "vstrw.32 q6, [r12]\n\t"   \
    "vstrw.32 q7, [r12, #16]\n\t"

// llvm-mca region markers around one loop pass (8 elements: the loop's own counter and
// branch included) for tools/mcu_estimate.py; nothing in a normal build.
#ifdef NGCRT_MCA_REGIONS
#define NGCRT_MCA_BEGIN_LIVE "@ LLVM-MCA-BEGIN helium_live\n\t"
#define NGCRT_MCA_END_LIVE "@ LLVM-MCA-END helium_live\n"
#define NGCRT_MCA_BEGIN_DEFAULT "@ LLVM-MCA-BEGIN helium_default\n\t"
#define NGCRT_MCA_END_DEFAULT "@ LLVM-MCA-END helium_default\n"
#define NGCRT_MCA_BEGIN_EAT "@ LLVM-MCA-BEGIN helium_eat\n\t"
#define NGCRT_MCA_END_EAT "@ LLVM-MCA-END helium_eat\n"
#else
#define NGCRT_MCA_BEGIN_LIVE
#define NGCRT_MCA_END_LIVE
#define NGCRT_MCA_BEGIN_DEFAULT
#define NGCRT_MCA_END_DEFAULT
#define NGCRT_MCA_BEGIN_EAT
#define NGCRT_MCA_END_EAT
#endif

namespace ngcrt::detail {
namespace helium {

// FPSCR's cumulative flags for a flushed input (IDC, bit 7) and a tiny result (UFC, bit 3).
constexpr unsigned flush_flags = (1u << 7) | (1u << 3);

// "memory" keeps the vector pass's loads and stores (and so its arithmetic) between the
// two FPSCR accesses; asm volatile statements keep their order.
inline unsigned read_fpscr() noexcept {
    unsigned v;
    asm volatile("vmrs %0, fpscr" : "=r"(v) : : "memory");
    return v;
}
inline void write_fpscr(unsigned v) noexcept { asm volatile("vmsr fpscr, %0" : : "r"(v) : "memory"); }

// A cell variant whose math is the Gaussian one these loops implement (Cell::kernel::fpu_asm).
template <class Cell, Convention C, auto F, bool Mod, bool Mask, bool Eat>
struct lane_groups {
    using rows_t = row_ptrs<float>;
    using exact = step_kernel<scalar_pack<float>, Cell, C, F, Mod, Mask, Eat>;
    using exact_keep_mask = step_kernel<scalar_pack<float>, Cell, C, F, Mod, Mask, false>;
    using M = typename exact::M;
    static constexpr std::size_t group = 8;  // lanes: two registers of running sums

    // One 8-lane group of `rows` rows from p (rows 32 elements apart), its sums into lane[0..8):
    //   e = target - mu; t = e * e; acc += t; d = e * k; [d = d * modulator;] [d = d * mask;]
    //   dmu = d; dtarget = -d (the sign bit flipped)
    // In C for the rarer cases (modulator or mask alone live) ...
    static void group_rows_c(const rows_t& p, std::size_t rows, float k, float* lane) noexcept {
        float32x4_t acc0 = vdupq_n_f32(0.f), acc1 = vdupq_n_f32(0.f);
        for (std::size_t r = 0; r < rows; ++r) {
            const rows_t q = exact::at(p, r * sum_lanes);
            const float32x4_t e0 = vsubq_f32(vld1q_f32(q.target), vld1q_f32(q.prediction));
            const float32x4_t e1 = vsubq_f32(vld1q_f32(q.target + 4), vld1q_f32(q.prediction + 4));
            float32x4_t d0 = vmulq_n_f32(e0, k);
            float32x4_t d1 = vmulq_n_f32(e1, k);
            if constexpr (Mod) {
                d0 = vmulq_f32(d0, vld1q_f32(q.modulator));
                d1 = vmulq_f32(d1, vld1q_f32(q.modulator + 4));
            }
            if constexpr (Mask) {
                d0 = vmulq_f32(d0, vld1q_f32(q.mask));
                d1 = vmulq_f32(d1, vld1q_f32(q.mask + 4));
            }
            acc0 = vaddq_f32(acc0, vmulq_f32(e0, e0));
            acc1 = vaddq_f32(acc1, vmulq_f32(e1, e1));
            vst1q_f32(q.dprediction, d0);
            vst1q_f32(q.dprediction + 4, d1);
            vst1q_f32(q.dtarget, vnegq_f32(d0));
            vst1q_f32(q.dtarget + 4, vnegq_f32(d1));
        }
        vst1q_f32(lane, acc0);
        vst1q_f32(lane + 4, acc1);
    }

    // ... and in assembly for the two common cases (all inputs live, or modulator and mask
    // untouched): GCC's schedule of the C above leaves Helium's load/store and
    // floating-point units idle half the time (about 5.6 / 3.6 cycles per element by
    // llvm-mca, against 3.9 / 2.75 here). Each loop pass does two registers (lanes 0-3 in
    // q2/q3, 4-7 in q0/q1), alternating a load or store with an arithmetic instruction so
    // the two overlap; lanes 0-3's e*e and sum are done at the start of the next pass
    // (q2 holds e for them; +0 before the first pass, and adding +0 to a sum that starts
    // at +0 changes nothing). The running sums live in q6 (lanes 0-3) and q7 (lanes 4-7).
    // Operands go through memory and fixed registers (r0 mu, r1 target, r2 modulator,
    // r3 mask, r4 dmu, r5 dtarget, r6 rows, r8 k's bits, r12 lane): nine pointers and
    // counters in registers of the compiler's choosing do not fit an -O0 build's.
    struct asm_args {
        const float* mu;
        const float* target;
        const float* modulator;
        const float* mask;
        float* dmu;
        float* dtarget;
        std::size_t rows;
        unsigned k;
        float* lane;
    };
    template <bool Live>
    static void group_rows_asm(const rows_t& p, std::size_t rows, float k, float* lane) noexcept {
        asm_args args{p.prediction, p.target, p.modulator, p.mask, p.dprediction, p.dtarget, rows, 0u, lane};
        __builtin_memcpy(&args.k, &k, sizeof k);  // (no <cstring>: freestanding builds)
        if constexpr (Live) {
            asm volatile(NGCRT_HELIUM_LOOP_ENTRY NGCRT_MCA_BEGIN_LIVE
                         "vldrw.32 q0, [r1, #16]\n\t"
                         "vmul.f32 q2, q2, q2\n\t"
                         "vldrw.32 q1, [r0, #16]\n\t"
                         "vadd.f32 q6, q6, q2\n\t"
                         "vldrw.32 q2, [r1], #128\n\t"
                         "vsub.f32 q0, q0, q1\n\t"
                         "vldrw.32 q3, [r0], #128\n\t"
                         "vmul.f32 q1, q0, r8\n\t"
                         "vldrw.32 q4, [r2, #16]\n\t"
                         "vsub.f32 q2, q2, q3\n\t"
                         "vldrw.32 q5, [r3, #16]\n\t"
                         "vmul.f32 q1, q1, q4\n\t"
                         "vldrw.32 q4, [r2], #128\n\t"
                         "vmul.f32 q1, q1, q5\n\t"
                         "vldrw.32 q5, [r3], #128\n\t"
                         "vmul.f32 q3, q2, r8\n\t"
                         "vstrw.32 q1, [r4, #16]\n\t"
                         "vmul.f32 q3, q3, q4\n\t"
                         "subs r6, #1\n\t"
                         "vneg.f32 q1, q1\n\t"
                         "vmul.f32 q3, q3, q5\n\t"
                         "vstrw.32 q1, [r5, #16]\n\t"
                         "vmul.f32 q0, q0, q0\n\t"
                         "vstrw.32 q3, [r4], #128\n\t"
                         "vneg.f32 q3, q3\n\t"
                         "vadd.f32 q7, q7, q0\n\t"
                         "vstrw.32 q3, [r5], #128\n\t"
                         "bne.w 1b\n\t" NGCRT_MCA_END_LIVE NGCRT_HELIUM_LOOP_EXIT
                         :  // no outputs: the results are in memory
                         : [a] "r"(&args)
                         : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r8", "r12", NGCRT_HELIUM_CLOBBERS);
        } else {
            asm volatile(NGCRT_HELIUM_LOOP_ENTRY NGCRT_MCA_BEGIN_DEFAULT
                         "vldrw.32 q0, [r1, #16]\n\t"
                         "vmul.f32 q2, q2, q2\n\t"
                         "vldrw.32 q1, [r0, #16]\n\t"
                         "vadd.f32 q6, q6, q2\n\t"
                         "vldrw.32 q2, [r1], #128\n\t"
                         "vsub.f32 q0, q0, q1\n\t"
                         "vldrw.32 q3, [r0], #128\n\t"
                         "vmul.f32 q1, q0, r8\n\t"
                         "subs r6, #1\n\t"
                         "vsub.f32 q2, q2, q3\n\t"
                         "vstrw.32 q1, [r4, #16]\n\t"
                         "vmul.f32 q3, q2, r8\n\t"
                         "vneg.f32 q1, q1\n\t"
                         "vstrw.32 q3, [r4], #128\n\t"
                         "vneg.f32 q3, q3\n\t"
                         "vstrw.32 q1, [r5, #16]\n\t"
                         "vmul.f32 q0, q0, q0\n\t"
                         "vstrw.32 q3, [r5], #128\n\t"
                         "vadd.f32 q7, q7, q0\n\t"
                         "bne.w 1b\n\t" NGCRT_MCA_END_DEFAULT NGCRT_HELIUM_LOOP_EXIT
                         :  // no outputs: the results are in memory
                         : [a] "r"(&args)
                         : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r8", "r12", NGCRT_HELIUM_CLOBBERS);
        }
    }

    // Elementwise outputs of one block of len <= 1024 elements at s, in Helium, mask not
    // eaten; its 32 lane sums in lane[] (the fixed order: lane l adds element i = l mod 32,
    // in increasing i). Walks the block 8 lanes at a time down the rows, like the scalar
    // kernel (the 32 sums and the working registers do not fit Helium's 8 registers).
    static void vector_pass(const rows_t& s, std::size_t len, const typename exact::ctx& x,
                            float* lane) noexcept {
        const float k = M::fpu_factor(x.v);
        const std::size_t rows = len / sum_lanes, m = len % sum_lanes;
        for (std::size_t g = 0; g < sum_lanes; g += group) {
            const rows_t p = exact::at(s, g);
            if constexpr (Mod == Mask) {
                group_rows_asm<Mod>(p, rows, k, lane + g);
            } else {
                group_rows_c(p, rows, k, lane + g);
            }
        }
        // The partial last row, in IEEE scalar arithmetic, element l into lane l.
        const rows_t p = exact::at(s, rows * sum_lanes);
        const typename exact_keep_mask::ctx xk{x.v, x.s};
        for (std::size_t l = 0; l < m; ++l) exact_keep_mask::elem(p, l, lane[l], {}, xk);
    }

    // mask := 1 over len elements, 8 a loop pass.
    static void eat(float* mask, std::size_t len) noexcept {
        std::size_t n = len / 8;
        float* p = mask;
        asm volatile(
            "vmov.f32 q0, #1.0\n\t"
            "cmp %[n], #0\n\t"
            "beq 2f\n"
            "1:\n\t" NGCRT_MCA_BEGIN_EAT
            "vstrw.32 q0, [%[p], #16]\n\t"
            "subs %[n], #1\n\t"
            "vstrw.32 q0, [%[p]], #32\n\t"
            "bne.w 1b\n\t" NGCRT_MCA_END_EAT "2:\n\t"
            : [p] "+r"(p), [n] "+l"(n)
            :
            : "s0", "s1", "s2", "s3", "cc", "memory");
        for (std::size_t i = len / 8 * 8; i < len; ++i) mask[i] = 1.f;
    }

    static float run(const args_of<Cell, float>& a) noexcept {
        const rows_t s = exact::streams(a);
        const typename exact::ctx x = exact::context(a);
        double total = 0.0;
        for (std::size_t b = 0; b < a.n; b += sum_block) {
            const std::size_t len = a.n - b < sum_block ? a.n - b : sum_block;
            const rows_t sb = exact::at(s, b);
            const unsigned before = read_fpscr();
            write_fpscr(before & ~flush_flags);
            float lane[sum_lanes];
            vector_pass(sb, len, x, lane);
            const unsigned after = read_fpscr();
            write_fpscr((after & ~flush_flags) | (before & flush_flags));  // the caller's flags back
            float sum;
            if (after & flush_flags) {
                sum = lane_group_stage<typename exact::E>::block_sum(sb, len, x);  // flushed: redo in IEEE
            } else {
                if constexpr (Eat) eat(sb.mask_eat, len);
                halve<sum_lanes / 2>(lane);
                sum = lane[0];
            }
            total += static_cast<double>(sum);
        }
        return exact::finish(a, x, total);
    }
};

template <class Cell, class T, Convention C, auto F>
T run_flags(const args_of<Cell, T>& a) noexcept {
    if constexpr (std::is_same_v<T, float> && Cell::template kernel<scalar_pack<float>, C, F>::fpu_asm) {
        const bool mod = a.modulator != nullptr, mask = a.mask != nullptr, eat = a.mask_eat != nullptr;
        if (!mod && !mask) return lane_groups<Cell, C, F, false, false, false>::run(a);
        if (mod && !mask) return lane_groups<Cell, C, F, true, false, false>::run(a);
        if (!mod)
            return eat ? lane_groups<Cell, C, F, false, true, true>::run(a)
                       : lane_groups<Cell, C, F, false, true, false>::run(a);
        return eat ? lane_groups<Cell, C, F, true, true, true>::run(a)
                   : lane_groups<Cell, C, F, true, true, false>::run(a);
    } else {
        return detail::run_flags<scalar_pack<T>, Cell, C, F>(a);
    }
}

template <class Cell, class T>
T run_step(const args_of<Cell, T>& a) noexcept {
    return visit_variant<Cell, T>(a.convention, a.form, [&](auto c, auto f) {
        return run_flags<Cell, T, decltype(c)::value, decltype(f)::value>(a);
    });
}

}  // namespace helium

namespace kernels {
template <class Cell, class T>
T isa_helium::step(const args_of<Cell, T>& a) noexcept {
    return helium::run_step<Cell, T>(a);
}
template <class Cell, class T, Convention C, auto F>
T isa_helium::step_as(const args_of<Cell, T>& a) noexcept {
    return helium::run_flags<Cell, T, C, F>(a);
}
// (in VFP: Helium flushes subnormals)
template <class T>
bool isa_helium::factor(const T* A, std::size_t N, T* ws, T& logdet) noexcept {
    return linalg::factor<scalar_pack<T>>(A, N, ws, logdet);
}
// The other kinds of component: in VFP too.
template <class Kind, class T>
void isa_helium::run(typename Kind::template args<T>& a) noexcept {
    kind_kernels<Kind, scalar_pack<T>>::run(a);
}
}  // namespace kernels

}  // namespace ngcrt::detail

template struct ngcrt::detail::emit<
    ngcrt::detail::kernels::kernel_entries<ngcrt::detail::kernels::isa_helium>>;
template struct ngcrt::detail::emit_kinds<ngcrt::detail::kernels::isa_helium>;
