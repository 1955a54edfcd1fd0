// Subnormals::flush in software, for every cell and variant: the engine on the scalar pack
// over flushing<T> (src/engine/flushing.hpp), whose operators compute exactly what x86's
// SSE arithmetic does with MXCSR.DAZ and FTZ set. The compact form (modulator, mask and
// mask eating read from the streams at run time): one copy of each variant's loop.
// Every target compiles it; x86 runs it only when the tests ask (use_software_flush), to
// compare it with the hardware's mode.
#include <cstddef>
#include <cstring>
#include <tuple>
#include <type_traits>

#include "engine/flushing.hpp"
#include "engine/traverse.hpp"
#include "kernels/kernel_entry.hpp"

namespace ngcrt::detail::kernels {
namespace {

// The step's arguments over flushing<T>: the same buffers, seen as flushing<T> (same size,
// alignment and representation), and the same constants, copied bit for bit.
template <class Cell, class T>
args_of<Cell, flushing<T>> flushing_args(const args_of<Cell, T>& a) noexcept {
    using F = flushing<T>;
    using from = typename Cell::template step_constants<T>;
    using to = typename Cell::template step_constants<F>;
    static_assert(
        sizeof(from) == sizeof(to) && std::is_trivially_copyable_v<from> && std::is_trivially_copyable_v<to>,
        "a cell's step_constants<flushing<T>> has step_constants<T>'s layout");
    args_of<Cell, F> f;
    f.prediction = reinterpret_cast<const F*>(a.prediction);
    f.target = reinterpret_cast<const F*>(a.target);
    f.modulator = reinterpret_cast<const F*>(a.modulator);
    f.mask = reinterpret_cast<const F*>(a.mask);
    f.mask_eat = reinterpret_cast<F*>(a.mask_eat);
    f.parameter = reinterpret_cast<const F*>(a.parameter);
    f.dprediction = reinterpret_cast<F*>(a.dprediction);
    f.dtarget = reinterpret_cast<F*>(a.dtarget);
    f.dparameter = reinterpret_cast<F*>(a.dparameter);
    f.workspace = reinterpret_cast<const F*>(a.workspace);
    f.state = reinterpret_cast<F*>(a.state);
    f.units = a.units;
    f.n = a.n;
    f.convention = a.convention;
    f.form = a.form;
    std::memcpy(static_cast<void*>(&f.constants), &a.constants, sizeof(from));
    return f;
}

template <class Cell, class T, Convention C, auto F>
T run_variant(const args_of<Cell, T>& a) noexcept {
    static_assert(sizeof(flushing<T>) == sizeof(T) && alignof(flushing<T>) == alignof(T),
                  "flushing<T> has T's layout");
    using P = scalar_pack<flushing<T>>;
    return step_kernel<P, Cell, C, F, false, false, false, true>::run(flushing_args<Cell, T>(a)).v;
}

}  // namespace

template <class Cell, class T>
T soft_flush::step(const args_of<Cell, T>& a) noexcept {
    return visit_variant<Cell, T>(a.convention, a.form, [&](auto c, auto f) {
        return run_variant<Cell, T, decltype(c)::value, decltype(f)::value>(a);
    });
}
template <class Cell, class T, Convention C, auto F>
T soft_flush::step_as(const args_of<Cell, T>& a) noexcept {
    return run_variant<Cell, T, C, F>(a);
}

// Every cell's entries, for float and double (explicit instantiation, as the ISA kernels).
struct soft_flush_entries {
    template <class Cell, class T, Convention C, auto F>
    struct variant {
        static constexpr step_fn<Cell, T> value = &soft_flush::step_as<Cell, T, C, F>;
    };
    template <class Cell, class T>
    static constexpr auto entries() noexcept {
        return std::tuple{&soft_flush::step<Cell, T>, variant_entries<variant, Cell, T>()};
    }
};

}  // namespace ngcrt::detail::kernels

template struct ngcrt::detail::emit<ngcrt::detail::kernels::soft_flush_entries>;
