// tools/mcu/probe.cpp - the scalar step kernel's two common cases, compiled alone for a
// Cortex-M core with llvm-mca region markers around one 8-element lane group of a row
// (tools/mcu_estimate.py). The same source as the library's kernel: src/engine/.
#include "engine/traverse.hpp"
#include "ngcrt/gaussian_error_cell.hpp"

namespace ngcrt::detail {

// llvm-mca region markers around one 8-element lane group of a row (src/engine/lane_groups.hpp's
// hook), for the two cases below.
template <bool Live>
using probe_element = element_step<scalar_pack<float>, cells::gaussian, Convention::ngclearn_3_1,
                                   SigmaShape::scalar, Live, Live, Live>;
template <>
struct lane_group_marks<probe_element<true>> {
    static void begin() noexcept { asm volatile("@ LLVM-MCA-BEGIN live"); }
    static void end() noexcept { asm volatile("@ LLVM-MCA-END live"); }
};
template <>
struct lane_group_marks<probe_element<false>> {
    static void begin() noexcept { asm volatile("@ LLVM-MCA-BEGIN default"); }
    static void end() noexcept { asm volatile("@ LLVM-MCA-END default"); }
};

float probe_live(const args_of<cells::gaussian, float>& a) noexcept {
    return step_kernel<scalar_pack<float>, cells::gaussian, Convention::ngclearn_3_1, SigmaShape::scalar,
                       true, true, true>::run(a);
}

float probe_default(const args_of<cells::gaussian, float>& a) noexcept {
    return step_kernel<scalar_pack<float>, cells::gaussian, Convention::ngclearn_3_1, SigmaShape::scalar,
                       false, false, false>::run(a);
}

}  // namespace ngcrt::detail

#ifdef NGCRT_PROBE_HELIUM
// Cortex-M55: the helium kernel (its Helium loops carry helium_* region markers).
#include "kernels/helium.cpp"
#endif
