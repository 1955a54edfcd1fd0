// find_package(ngcrt) consumer: one step of the README's example, checked.
#include <cstdio>

#include <ngcrt/ngcrt.hpp>

int main() {
    ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 4> cell{2.0f};
    if (cell.batched_reset(3) != ngcrt::status::ok) return 1;
    for (float& t : cell.target()) t = 1.0f;
    if (cell.advance_state(1.0f) != ngcrt::status::ok) return 1;
    const bool ok = cell.dmu()[0] == 0.5f && cell.L() == -24.0f;
    std::printf("package consumer (C++): ngcrt %d.%d.%d, kernel %s, dmu[0] = %g, L = %g: %s\n",
                NGCRT_VERSION_MAJOR, NGCRT_VERSION_MINOR, NGCRT_VERSION_PATCH,
                ngcrt::to_string(ngcrt::active_kernel()), static_cast<double>(cell.dmu()[0]),
                static_cast<double>(cell.L()), ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
