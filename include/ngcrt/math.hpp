// ngcrt/math.hpp - deterministic exp, expm1, log, log1p: the same bits on every target.
//
//   float y = ngcrt::math::exp(x);            // also expm1, log, log1p; float and double
//   ngcrt::math::log(in, out, n);             // array forms (out may equal in)
//
// Built only from IEEE-754 + - *, comparisons and integer operations on the bit pattern,
// in a fixed order, inside libngcrt.a with its own flags (-ffp-contract=off
// -fno-fast-math): your compiler flags cannot change the bits. float versions use float
// arithmetic only (fine on a single-precision FPU). At most 1 ulp from the exact result
// (every finite float input tested; double on 10^8 random inputs), special values as C's
// <math.h> (Annex F), subnormals exact. A NaN input comes back quiet with its payload; a
// NaN from a non-NaN input (log(-1)) is the positive default quiet NaN. The kernels of
// the cells call the same algorithms on SIMD registers, with the same bits.
// Method and measured accuracy: docs/math.md.
#pragma once

#include <cstddef>

#include "ngcrt/subnormals.hpp"

namespace ngcrt::math {

float exp(float x) noexcept;
float expm1(float x) noexcept;
float log(float x) noexcept;
float log1p(float x) noexcept;
double exp(double x) noexcept;
double expm1(double x) noexcept;
double log(double x) noexcept;
double log1p(double x) noexcept;

// ---- tanh, sin, cos (RateCell's tanh, telu, sine): the same promises, accuracy in docs/math.md.
float tanh(float x) noexcept;
float sin(float x) noexcept;
float cos(float x) noexcept;
double tanh(double x) noexcept;
double sin(double x) noexcept;
double cos(double x) noexcept;
// ---- end tanh, sin, cos

// y[i] = f(x[i]) for i < n; y may equal x (in place), otherwise the arrays must not overlap.
void exp(const float* x, float* y, std::size_t n) noexcept;
void expm1(const float* x, float* y, std::size_t n) noexcept;
void log(const float* x, float* y, std::size_t n) noexcept;
void log1p(const float* x, float* y, std::size_t n) noexcept;
void exp(const double* x, double* y, std::size_t n) noexcept;
void expm1(const double* x, double* y, std::size_t n) noexcept;
void log(const double* x, double* y, std::size_t n) noexcept;
void log1p(const double* x, double* y, std::size_t n) noexcept;

// The same under a Subnormals mode (include/ngcrt/subnormals.hpp): ieee is the functions
// above; flush reads a subnormal x as zero and makes every tiny result inside the function
// zero (a result below the smallest normal is zero), with the same bits on every target,
// as a cell's step computes them in that mode.
float exp(float x, Subnormals mode) noexcept;
float expm1(float x, Subnormals mode) noexcept;
float log(float x, Subnormals mode) noexcept;
float log1p(float x, Subnormals mode) noexcept;
double exp(double x, Subnormals mode) noexcept;
double expm1(double x, Subnormals mode) noexcept;
double log(double x, Subnormals mode) noexcept;
double log1p(double x, Subnormals mode) noexcept;
void exp(const float* x, float* y, std::size_t n, Subnormals mode) noexcept;
void expm1(const float* x, float* y, std::size_t n, Subnormals mode) noexcept;
void log(const float* x, float* y, std::size_t n, Subnormals mode) noexcept;
void log1p(const float* x, float* y, std::size_t n, Subnormals mode) noexcept;
void exp(const double* x, double* y, std::size_t n, Subnormals mode) noexcept;
void expm1(const double* x, double* y, std::size_t n, Subnormals mode) noexcept;
void log(const double* x, double* y, std::size_t n, Subnormals mode) noexcept;
void log1p(const double* x, double* y, std::size_t n, Subnormals mode) noexcept;

}  // namespace ngcrt::math
