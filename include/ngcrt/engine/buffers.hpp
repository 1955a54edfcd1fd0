// ngcrt/engine/buffers.hpp - what a view is given: its configuration and its caller buffers,
// and the checks init() makes of them (written once for every cell).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ngcrt/config.hpp"
#include "ngcrt/convention.hpp"
#include "ngcrt/engine/names.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/status.hpp"
#include "ngcrt/units.hpp"

namespace ngcrt {

// What a view needs to know besides its buffers. Form is the cell's own variant choice
// (SigmaShape for Gaussian and Laplacian, BernoulliInput for Bernoulli).
template <class Form>
struct basic_cell_config {
    shape unit_shape = shape::dense(1);
    std::size_t max_batch = 1;  // capacity: the largest batch_size() allowed
    Form form = Form{};
    Convention convention = Convention::ngclearn_3_1;
};

namespace detail {

template <class T>
bool overlaps(const T* a, std::size_t na, const T* b, std::size_t nb) noexcept {
    const auto pa = reinterpret_cast<std::uintptr_t>(a), pb = reinterpret_cast<std::uintptr_t>(b);
    return pa < pb + nb * sizeof(T) && pb < pa + na * sizeof(T);
}

// The sizes a configuration gives its buffers: n unit-shaped values (max_batch * units), np
// of the parameter and its derivative, nw of workspace.
struct buffer_sizes {
    std::size_t units, n, np, nw;
};

// The checks init() makes, in order (nothing is written): the shape, the capacity, the
// variant, a full covariance's rank, overflow; then every buffer the configuration uses:
// null, aligned for T, large enough (the parameter's two exactly its count), and no two
// overlapping. ok with the sizes in `sizes`, or the first failure's status.
template <class Cell, class T, class Config>
status check_buffers(const Config& cfg, const role_spans<T>& all, buffer_sizes& sizes) noexcept {
    if (!cfg.unit_shape.valid()) return status::invalid_shape;
    if (cfg.max_batch == 0) return status::invalid_batch_size;
    if (!Cell::valid(cfg.convention, cfg.form)) return status::invalid_argument;
    // A full covariance is over the units of a dense row.
    if (Cell::dense(cfg.form) && cfg.unit_shape.rank != 1) return status::invalid_shape;
    const std::size_t units = cfg.unit_shape.size();
    const std::size_t n = units * cfg.max_batch;
    if (n / cfg.max_batch != units) return status::size_mismatch;  // overflow
    // No buffer can hold more bytes than a pointer difference can count (and the overlap
    // checks below compute n * sizeof(T)).
    if (n > std::size_t(PTRDIFF_MAX) / sizeof(T)) return status::size_mismatch;
    const std::size_t np = Cell::parameter_count(cfg.form, units);
    const std::size_t nw = Cell::workspace_count(cfg.form, units);
    // The buffers this configuration uses: the parameter's two only with a parameter, the
    // workspace only when the form needs one, the state only with a state.
    auto used = [&](int i) {
        if (i < 6) return true;
        if (i < 8) return bool(Cell::has_parameter);
        if (i == 8) return nw > 0;
        return bool(Cell::has_state);
    };
    auto size = [&](int i) { return i < 6 || i == 9 ? n : i < 8 ? np : nw; };
    for (int i = 0; i < 10; ++i) {
        if (!used(i)) continue;
        const span<T>& b = all[i];
        if (b.data() == nullptr) return status::null_buffer;
        if (reinterpret_cast<std::uintptr_t>(b.data()) % alignof(T) != 0) return status::misaligned_buffer;
        if (i < 6 || i == 9 ? b.size() < n : i < 8 ? b.size() != np : b.size() < nw)
            return status::size_mismatch;
    }
    for (int i = 0; i < 10; ++i)
        for (int j = i + 1; j < 10; ++j)
            if (used(i) && used(j) && overlaps(all[i].data(), size(i), all[j].data(), size(j)))
                return status::overlapping_buffers;
    sizes = {units, n, np, nw};
    return status::ok;
}

}  // namespace detail
}  // namespace ngcrt
