// ngcrt/gaussian_error_cell.hpp - ngclearn's GaussianErrorCell: its description for the
// engine (compartments, forms, help, elementwise math) and its public names.
//
// Three ways to own the memory, one implementation (include/ngcrt/engine/):
//   GaussianErrorCell<T, Units<...>, MaxBatch, Convention, SigmaShape>
//       fixed capacity: every compartment is an aligned array inside the object;
//   GaussianErrorCellView<T>
//       the capacity-erased view every GaussianErrorCell is; functions take it by reference;
//   GaussianErrorCellView<T>::init(config, buffers)
//       the same view over caller-provided buffers (host tools, the C API).
// Semantics: docs/semantics.md; the math below is stated in docs/determinism.md.
#pragma once

#include <cstddef>
#include <type_traits>

#include "ngcrt/convention.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/fixed.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/engine/view.hpp"
#include "ngcrt/help.hpp"

namespace ngcrt {

namespace cells {

// GaussianErrorCell: e = target - mu, d = e * (1/Sigma) (3.1) or e / Sigma (3.2);
// dmu = (d * modulator) * mask, dtarget = -dmu; L = -sum(e*e) * c (docs/determinism.md).
struct gaussian : detail::cell_variants<detail::one_kernel_per_convention, detail::scalar_or_per_unit_parameter> {
    NGCRT_CELL_NAMES(mu, Sigma)
    static constexpr cell_text text{
        "gaussian_error", "GaussianErrorCell",
        "GaussianErrorCell - computes mismatch/error signals at each time step t (between a `target` and a prediction `mu`)",
        "Gaussian(x=target; mu, sigma)", "mu", "Gaussian mean", "External input prediction value(s)",
        "Gaussian data/target variable", "External input target signal value(s)", "Gaussian Log likelihood",
        "Local loss / free-energy value embodied by this error-cell", "dmu",
        "first derivative of loss w.r.t. prediction value(s)", "first derivative of loss w.r.t. target value(s)", "Sigma",
        "Gaussian variance/covariance", "External variance/covariance prediction value(s)", "dSigma",
        "first derivative of loss w.r.t. variance/covariance value(s)",
        {"sigma", "External input variance value (currently fixed and not learnable)"}};

    // A scalar Sigma s: factor[0] = k = 1/s (3.1) or s (3.2); factor[1] = L's factor,
    // 1/((s*s)*2) (3.1) or 0.5/s (3.2).
    template <class T>
    static void factors(const T* sigma, detail::step_args<T>& a) noexcept {
        const T s = sigma[0];
        if (a.convention == Convention::ngclearn_3_1) {
            a.factor[0] = T(1) / s;
            a.factor[1] = T(1) / ((s * s) * T(2));
        } else {
            a.factor[0] = s;
            a.factor[1] = T(0.5) / s;
        }
    }

    // The elementwise math on a pack P of registers (src/engine/traverse.hpp), for one
    // convention and Sigma form. With e = target - mu, j the unit:
    //   d = e * (1/Sigma_j) (3.1) or e / Sigma_j (3.2);  dmu's ungated value g = d
    //   t = e * e (scalar Sigma: L = (-S) * factor[1])
    //     = (e * e) * c_j, c_j = 1/((Sigma_j*Sigma_j)*2) (3.1) or 0.5/Sigma_j (3.2) (L = -S)
    template <class P, Convention C, SigmaShape F>
    struct kernel : detail::kernel_defaults {
        using T = typename P::value_type;
        using reg = typename P::reg;
        static constexpr bool per_unit = F == SigmaShape::per_unit;
        // The Cortex-M FPU assembly (src/kernels/cortex_m_fpu.hpp) is this math: e*e summed,
        // e * k gated.
        static constexpr bool fpu_asm = std::is_same_v<T, float> && C == Convention::ngclearn_3_1 && !per_unit;

        struct constants {
            reg k;  // 1/Sigma (3.1) or Sigma (3.2), scalar Sigma
            T ks;
            T L_factor;
        };
        static constants prepare(const detail::step_args<T>& a) noexcept {
            return {P::splat(a.factor[0]), a.factor[0], a.factor[1]};
        }
        struct result {
            reg g, t;                // dmu before gating; the term of L's sum
            reg e, ee, d, r, ss, c;  // intermediates, for bad()
        };
        static result elem(const constants& k, reg mu, reg tg, reg s) noexcept {
            const reg one = P::splat(T(1));
            result o{};
            o.e = tg - mu;
            o.ee = o.e * o.e;
            if constexpr (per_unit) {
                if constexpr (C == Convention::ngclearn_3_1) {
                    o.r = P::div(one, s);
                    o.d = o.e * o.r;
                    o.ss = s * s;
                    o.c = P::div(one, o.ss * P::splat(T(2)));
                } else {
                    o.d = P::div(o.e, s);
                    o.c = P::div(P::splat(T(0.5)), s);
                }
                o.t = o.ee * o.c;
            } else {
                if constexpr (C == Convention::ngclearn_3_1) {
                    o.d = o.e * k.k;
                } else {
                    o.d = P::div(o.e, k.k);
                }
                o.t = o.ee;
            }
            o.g = o.d;
            return o;
        }
        // A pack that flushes subnormals: lanes whose arithmetic above met the subnormal
        // range (the engine adds the inputs, the sum and the gating). Divisions are IEEE in
        // every pack; their results may be subnormal.
        static auto bad(const constants& k, reg mu, reg tg, reg s, const result& o) noexcept {
            auto b = ((o.e == P::splat(T(0))) & (tg != mu)) | P::flushed(o.ee, o.e, o.e);
            if constexpr (per_unit) {
                b = b | P::subnormal(s) | P::subnormal(o.c) | P::subnormal(o.d) | P::flushed(o.t, o.ee, o.c);
                if constexpr (C == Convention::ngclearn_3_1)
                    b = b | P::subnormal(o.r) | P::flushed(o.d, o.e, o.r) | P::flushed(o.ss, s, s);
            } else if constexpr (C == Convention::ngclearn_3_1) {
                b = b | P::flushed(o.d, o.e, k.k);  // k itself is checked by bad_constants
            } else {
                b = b | P::subnormal(o.d);
            }
            return b;
        }
        // 1/Sigma subnormal (Sigma > 2^126 in float): the whole step in IEEE arithmetic.
        static bool bad_constants(const constants& k) noexcept {
            if constexpr (C == Convention::ngclearn_3_1 && !per_unit) return P::any(P::subnormal(k.k));
            return false;
        }
        static T fpu_factor(const constants& k) noexcept { return k.ks; }
    };
};

}  // namespace cells

// What a Gaussian view needs besides its buffers, and its buffers (named as ngclearn's).
using cell_config = basic_cell_config<SigmaShape>;
template <class T>
using cell_buffers = cells::gaussian::buffers<T>;

// The capacity-erased view every GaussianErrorCell is.
template <class T>
using GaussianErrorCellView = named_view<cells::gaussian, T>;

// ngclearn's GaussianErrorCell with fixed capacity.
//   ngclearn: GaussianErrorCell("e", n_units=64, batch_size=4, sigma=2.)
//   ngcrt:    ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 4> e{2.f};
template <class T, class UnitShape, std::size_t MaxBatch = 1, Convention Conv = Convention::ngclearn_3_1,
          SigmaShape Shape = SigmaShape::scalar>
class GaussianErrorCell : public fixed_error_cell<cells::gaussian, T, UnitShape, MaxBatch, Conv, Shape> {
    using base = fixed_error_cell<cells::gaussian, T, UnitShape, MaxBatch, Conv, Shape>;

public:
    using base::base;
    static constexpr SigmaShape sigma_shape_value = Shape;
    static constexpr std::size_t sigma_size = base::parameter_size;
};

}  // namespace ngcrt
