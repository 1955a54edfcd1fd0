// src/parameters.cpp - the checks and constants a view computes outside the step: a
// parameter's validity and factors (when it is accepted), a time constant's validity and a
// state's integration factor (once per dt). Compiled here, with the library's
// floating-point flags, like everything that decides bits.
#include <cstddef>
#include <limits>
#include <tuple>

#include "engine/variants.hpp"
#include "linalg/cholesky.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/math.hpp"

namespace ngcrt::detail {

static_assert(dense_workspace_count(17) == linalg::workspace_size(17) &&
                  dense_stride(17) == linalg::stride(17) &&
                  dense_workspace_count(64) == linalg::workspace_size(64),
              "the public dense layout is src/linalg/cholesky.hpp's");

// A full covariance is checked by its factorisation (Cell::factors returns false).
template <class Cell, class T>
bool parameter_factors(const T* param, args_of<Cell, T>& a, T* workspace) noexcept {
    if constexpr (Cell::has_parameter) {
        const auto form = static_cast<typename Cell::form_type>(a.form);
        if (!Cell::dense(form) && !positive_finite(param, Cell::parameter_count(form, a.units))) return false;
        return Cell::factors(param, a, workspace);
    } else {
        (void)param;
        (void)a;
        (void)workspace;
        return true;
    }
}
template <class Cell, class T>
bool parameter_valid(const T* param, const args_of<Cell, T>& a, T* workspace) noexcept {
    if constexpr (Cell::has_parameter) {
        const auto form = static_cast<typename Cell::form_type>(a.form);
        if (!Cell::dense(form)) return positive_finite(param, Cell::parameter_count(form, a.units));
        T logdet{};
        return dense_factor(param, a.units, workspace, logdet);
    } else {
        (void)param;
        (void)a;
        (void)workspace;
        return true;
    }
}

// > 0 and finite, checked without early exit (data-independent time).
template <class T>
bool positive_finite(const T* v, std::size_t n) noexcept {
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i) {
        const T x = v[i];
        ok &= (x > T(0)) & (x <= std::numeric_limits<T>::max());
    }
    return ok;
}
template bool positive_finite<float>(const float*, std::size_t) noexcept;
template bool positive_finite<double>(const double*, std::size_t) noexcept;

// A leaky state's a (docs/spec/leaky-gaussian-error-cell.md): -expm1(-(dt / tau)) or
// dt / tau, with ngcrt's expm1 (the same bits on every target); 1 for tau = 0 (the step then
// takes e = x).
template <class T>
T integration_factor(T dt, T tau, unsigned char integrator) noexcept {
    if (tau == T(0)) return T(1);
    const T r = dt / tau;
    return integrator == static_cast<unsigned char>(Integrator::euler) ? r : -ngcrt::math::expm1(-r);
}
template <class T>
bool valid_tau(T tau) noexcept {
    return tau == T(0) || positive_finite(&tau, 1);
}
template bool valid_tau<float>(float) noexcept;
template bool valid_tau<double>(double) noexcept;
template float integration_factor<float>(float, float, unsigned char) noexcept;
template double integration_factor<double>(double, double, unsigned char) noexcept;

// Every cell's parameter entries the headers call: emitted for float and double.
struct parameter_entries {
    template <class Cell, class T>
    static constexpr auto entries() noexcept {
        return std::tuple{&parameter_factors<Cell, T>, &parameter_valid<Cell, T>};
    }
};
template struct emit<parameter_entries>;

}  // namespace ngcrt::detail
