// ngcrt/detail/step.hpp - the boundary between the header-only cell logic and the
// compiled kernels. All floating-point arithmetic that decides output bits happens
// behind these functions, inside the library, compiled with the library's own flags
// (-ffp-contract=off, no -ffast-math) whatever the consumer's flags are.
#pragma once

#include <cstddef>

#include "ngcrt/convention.hpp"

namespace ngcrt::detail {

// One step over n = batch * units elements (n >= 1). With e = target - mu:
//   d_i      = e_i * (1/Sigma_j)  (3.1)   or   e_i / Sigma_j  (3.2),   j = i mod units
//   dmu_i    = (d_i * modulator_i) * mask_i
//   dtarget_i = -dmu_i (sign bit flipped)
//   mask_i   = 1                   if mask_eat != nullptr
// and returns L (see docs/determinism.md for the fixed summation order).
template <class T>
struct step_args {
    const T* mu = nullptr;
    const T* target = nullptr;
    const T* modulator = nullptr;  // nullptr: known to hold ones, not read
    const T* mask = nullptr;       // nullptr: known to hold ones, not read
    T* mask_eat = nullptr;         // non-null (== mask): write ones after reading
    const T* Sigma = nullptr;      // 1 value (scalar) or `units` values (per unit), validated
    T* dmu = nullptr;
    T* dtarget = nullptr;
    std::size_t units = 0;
    std::size_t n = 0;
    SigmaShape sigma_shape = SigmaShape::scalar;
    Convention convention = Convention::ngclearn_3_1;
    // Scalar Sigma only, from scalar_sigma_factors(Sigma[0]): k = 1/Sigma (3.1) or Sigma
    // (3.2), L = (-S) * L_factor. Computed when Sigma is checked, not at every step.
    T k = T(1);
    T L_factor = T(0.5);
};

// k and L_factor above for a scalar Sigma s: 1/s and 1/((s*s)*2) (3.1), s and 0.5/s (3.2).
void scalar_sigma_factors(float s, Convention c, float& k, float& L_factor) noexcept;
void scalar_sigma_factors(double s, Convention c, double& k, double& L_factor) noexcept;

float step(const step_args<float>& a) noexcept;
double step(const step_args<double>& a) noexcept;

// The same for one convention and Sigma form, known at compile time (a fixed-type cell):
// a firmware build, which compiles one kernel and no dispatch, then links only the loops
// of that convention and Sigma form. Defined (explicitly instantiated) in the library.
template <class T, Convention C, SigmaShape S>
T step_as(const step_args<T>& a) noexcept;

template <class T>
using step_fn = T (*)(const step_args<T>&) noexcept;

// True if all n values are > 0 and finite (compiled in the library, so a consumer's
// -ffinite-math-only cannot remove the NaN check).
bool sigma_valid(const float* s, std::size_t n) noexcept;
bool sigma_valid(const double* s, std::size_t n) noexcept;

}  // namespace ngcrt::detail
