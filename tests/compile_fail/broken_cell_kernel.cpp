// Must not compile: a cell description whose kernel has no elem(). The cell contract
// (include/ngcrt/engine/contract.hpp) names the missing member.
#include <ngcrt/ngcrt.hpp>

namespace broken {
struct cell : ngcrt::detail::cell_variants<
                  ngcrt::detail::one_kernel_for_both_conventions,
                  ngcrt::detail::no_parameter<ngcrt::BernoulliInput, ngcrt::BernoulliInput::probability>> {
    NGCRT_CELL_NAMES(p)
    template <class T>
    struct step_constants {};
    static constexpr ngcrt::cell_text text{"broken", "BrokenCell"};
    template <class P, ngcrt::Convention C, ngcrt::BernoulliInput F>
    struct kernel : ngcrt::detail::kernel_defaults {
        using T = typename P::value_type;
        using reg = typename P::reg;
        static constexpr bool flush_checked = false;
        struct constants {};
        template <class A>
        static constants prepare(const A& /*a*/) noexcept {
            return {};
        }
        struct result {
            reg g, t;
        };
        // no elem(): the math is missing
    };
};
}  // namespace broken

ngcrt::error_cell_view<broken::cell, float> view;
int main() { return 0; }
