// ngcrt/convention.hpp - which arithmetic a cell computes (an ngclearn release's, or the
// exact log-density's), and Sigma's form.
#pragma once

namespace ngcrt {

// ngclearn_3_1 (default, the release ngcrt was seeded from):
//   d = e * (1 / Sigma),  L = (-S) * (1 / ((Sigma * Sigma) * 2))
// ngclearn_3_2 (also 3.0; the current ngclearn release):
//   d = e / Sigma,        L = (-S) * (0.5 / Sigma)
// With Sigma = 1 both give identical bits. (The Laplacian and Bernoulli cells compute the
// same in both.)
// exact: the cell's true log-density (constants and log-determinant included) and its
// true derivatives, the parameter's too (docs/semantics.md, "The exact convention"):
// what ngclearn's FIXMEs ask for, chosen explicitly.
enum class Convention : unsigned char { ngclearn_3_1 = 0, ngclearn_3_2 = 1, exact = 2 };

// ngclearn's sigma_shape: one Sigma for the whole cell (its default (1,1)) or one per unit,
// broadcast over the batch; or (Gaussian, exact convention, dense units only) a full N x N
// covariance over the units of a batch row, row-major, symmetric positive definite (only its
// lower triangle is read).
enum class SigmaShape : unsigned char { scalar = 0, per_unit = 1, full = 2 };

constexpr const char* to_string(Convention c) noexcept {
    return c == Convention::ngclearn_3_1   ? "ngclearn_3_1"
           : c == Convention::ngclearn_3_2 ? "ngclearn_3_2"
                                           : "exact";
}
constexpr const char* to_string(SigmaShape s) noexcept {
    return s == SigmaShape::scalar ? "scalar" : s == SigmaShape::per_unit ? "per_unit" : "full";
}

}  // namespace ngcrt
