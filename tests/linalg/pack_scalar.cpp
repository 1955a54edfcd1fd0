// tests/linalg/pack_scalar.cpp - src/linalg/cholesky.hpp on the scalar pack (every target).
#include "run.hpp"

namespace ngcrt_linalg_test {
const runner& runner_scalar() {
    static const runner r =
        make_runner<ngcrt::detail::scalar_pack<float>, ngcrt::detail::scalar_pack<double>>("scalar");
    return r;
}
}  // namespace ngcrt_linalg_test
