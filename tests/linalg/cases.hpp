// tests/linalg/cases.hpp - the test matrices and their reference (reference.inc, from
// make_reference.py) and the golden fingerprints (fingerprint.inc, from ngcrt_linalg_print).
#pragma once

#include <cstddef>
#include <cstdint>

#include "run.hpp"

namespace ngcrt_linalg_test {
#include "reference.inc"
inline constexpr std::size_t n_cases = sizeof cases / sizeof cases[0];
}  // namespace ngcrt_linalg_test
