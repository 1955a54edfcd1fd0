// ngcrt/rate_cell.hpp - RateCell: ngclearn 3.1's graded (rate-coded) neurons. Each unit holds
// a pre-activation state z driven by a bottom-up current j and a top-down current j_td; its
// output is zF = fx(z) * output_scale. Semantics, operation order and decisions:
// docs/spec/rate-cell.md.
//
//   ngcrt::RateSettings<float> s;                       // ngclearn's constructor arguments
//   s.tau_m = 25.f; s.act_fx = ngcrt::Activation::sigmoid;
//   s.integration = ngcrt::integrator_from_name("euler");  // ngclearn's name -> what it runs
//   ngcrt::RateCell<float, ngcrt::Units<64>, 4> z1{s};  // fixed capacity: 4 rows of 64 units
//   z1.j()[0] = 0.2f;  z1.advance_state(1.f);  float y = z1.zF()[0];
//
// A step is one fused pass over memory (read j, j_td, z; write z, zF and j): the library's
// compiled kind `rate_kind` (include/ngcrt/engine/kind.hpp), the same bits on every kernel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <type_traits>

#include "ngcrt/config.hpp"
#include "ngcrt/convention.hpp"
#include "ngcrt/engine/kind.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"
#include "ngcrt/units.hpp"

namespace ngcrt {

// ngclearn's act_fx names (docs/spec/rate-cell.md, "Activations"). softmax and bkwta work on
// a batch row (the last axis of an (h, w, c) shape: its c units); bkwta needs >= 5 of them.
enum class Activation : unsigned char {
    identity = 0,
    sigmoid = 1,
    tanh = 2,
    relu = 3,
    lrelu = 4,
    relu6 = 5,
    softplus = 6,
    elu = 7,
    silu = 8,
    gelu = 9,
    telu = 10,
    sine = 11,
    softmax = 12,
    unit_threshold = 13,
    heaviside = 14,
    bkwta = 15,
};
// The prior's leak (ngclearn's prior = (name, gamma)).
enum class Prior : unsigned char { gaussian = 0, laplacian = 1, cauchy = 2, exp = 3 };
// The three methods ngclearn's RateCell implements. Which one a NAME runs is
// integrator_from_name()'s table (ngclearn's, quirks included).
enum class RateIntegration : unsigned char { euler = 0, midpoint = 1, rk4 = 2 };
// ngclearn's threshold = (type, lambda). cauchy_threshold cannot run in ngclearn 3.1 / 3.2
// (its step raises): ngcrt refuses it at init.
enum class Threshold : unsigned char { none = 0, soft_threshold = 1, cauchy_threshold = 2 };

namespace detail {
constexpr bool same_name(const char* a, std::string_view b) noexcept {
    return a != nullptr && std::string_view(a) == b;
}
constexpr bool contains(const char* a, std::string_view b) noexcept {
    return a != nullptr && std::string_view(a).find(b) != std::string_view::npos;
}
}  // namespace detail

// What ngclearn 3.1 RUNS for an integration_type name (not what the name says):
//   "euler", "rk1", "ralston", "rk2_ralston", "rk4", any other name   -> Euler
//   "midpoint", "rk2"                                                 -> RK2 midpoint
//   "heun", "rk2_heun"                                                -> RK4 (classic)
// (ngclearn maps the name to a code, and its cell has branches for codes 0, 1 and 2 only.)
// Whoever tuned a model in ngclearn tuned it with the method that really ran.
constexpr RateIntegration integrator_from_name(const char* name) noexcept {
    using detail::same_name;
    if (same_name(name, "midpoint") || same_name(name, "rk2")) return RateIntegration::midpoint;
    if (same_name(name, "heun") || same_name(name, "rk2_heun")) return RateIntegration::rk4;
    return RateIntegration::euler;
}
// True for the names ngclearn prints its "unrecognized integration method" message for
// ("rk1" and any unknown name); they run Euler.
constexpr bool integrator_name_unrecognized(const char* name) noexcept {
    using detail::same_name;
    return !(same_name(name, "euler") || same_name(name, "midpoint") || same_name(name, "rk2") ||
             same_name(name, "heun") || same_name(name, "rk2_heun") || same_name(name, "ralston") ||
             same_name(name, "rk2_ralston") || same_name(name, "rk4"));
}
// ngclearn's act_fx name; an unknown name is refused (invalid_argument), as ngclearn fails at
// construction. Any name containing "heaviside" is heaviside.
constexpr status activation_from_name(const char* name, Activation& out) noexcept {
    constexpr std::string_view names[] = {"identity", "sigmoid",  "tanh",    "relu",          "lrelu",
                                          "relu6",    "softplus", "elu",     "silu",          "gelu",
                                          "telu",     "sine",     "softmax", "unit_threshold"};
    for (std::size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
        if (detail::same_name(name, names[i])) {
            out = static_cast<Activation>(i);
            return status::ok;
        }
    }
    if (detail::same_name(name, "bkwta")) {
        out = Activation::bkwta;
        return status::ok;
    }
    if (detail::contains(name, "heaviside")) {
        out = Activation::heaviside;
        return status::ok;
    }
    return status::invalid_argument;
}
// ngclearn's prior name; any other name quietly runs gaussian (as in ngclearn).
constexpr Prior prior_from_name(const char* name) noexcept {
    if (detail::same_name(name, "laplacian")) return Prior::laplacian;
    if (detail::same_name(name, "cauchy")) return Prior::cauchy;
    if (detail::same_name(name, "exp")) return Prior::exp;
    return Prior::gaussian;
}
// ngclearn's threshold type; any other type means none.
constexpr Threshold threshold_from_name(const char* name) noexcept {
    if (detail::same_name(name, "soft_threshold")) return Threshold::soft_threshold;
    if (detail::same_name(name, "cauchy_threshold")) return Threshold::cauchy_threshold;
    return Threshold::none;
}

constexpr const char* to_string(Activation a) noexcept {
    constexpr const char* names[] = {
        "identity", "sigmoid", "tanh", "relu", "lrelu",   "relu6",          "softplus",  "elu",
        "silu",     "gelu",    "telu", "sine", "softmax", "unit_threshold", "heaviside", "bkwta"};
    return static_cast<std::size_t>(a) < 16 ? names[static_cast<std::size_t>(a)] : "unknown";
}
constexpr const char* to_string(Prior p) noexcept {
    return p == Prior::gaussian    ? "gaussian"
           : p == Prior::laplacian ? "laplacian"
           : p == Prior::cauchy    ? "cauchy"
                                   : "exp";
}
constexpr const char* to_string(RateIntegration m) noexcept {
    return m == RateIntegration::euler ? "euler" : m == RateIntegration::midpoint ? "midpoint" : "rk4";
}

// ngclearn's constructor arguments (its defaults), T-valued ones rounded to T once.
//   tau_m        <= 0: the stateless mode (z = j + j_td); NaN or infinite: refused
//   convention   ngclearn_3_1 (default): 3.1's derivatives, its wrong ones included;
//                ngclearn_3_2: 3.2's swish derivative for silu and gelu (softmax refused:
//                3.2's derivative is a Jacobian); exact: corrected derivatives
//                (docs/spec/rate-cell.md, "Convention::exact")
template <class T>
struct RateSettings {
    T tau_m = T(0);
    Prior prior = Prior::gaussian;
    T gamma = T(0);  // the prior's leak rate
    Activation act_fx = Activation::identity;
    T output_scale = T(1);
    Threshold threshold = Threshold::none;
    T threshold_lambda = T(0);
    RateIntegration integration = RateIntegration::euler;
    T resist_scale = T(1);
    bool is_stateful = true;
    Convention convention = Convention::ngclearn_3_1;
};

namespace cells {

// The compiled kind (include/ngcrt/engine/kind.hpp): one call steps `rows` rows of `units`
// elements (row-major, contiguous). j_out receives jm (nullptr: j is wired, no write-back).
struct rate_kind {
    template <class T>
    struct args {
        const T* j = nullptr;
        const T* j_td = nullptr;
        T* z = nullptr;
        T* zF = nullptr;
        T* j_out = nullptr;
        std::size_t units = 0;  // a row (for softmax / bkwta: the last axis)
        std::size_t rows = 0;   // batch rows x the leading axes of an (h, w, c) shape
        T dt = T(0);
        T half_dt = T(0);  // dt * 0.5
        T rate = T(0);     // 1 / tau_m, one rounding
        T gamma = T(0);
        T resist_scale = T(1);
        T output_scale = T(1);
        T lambda = T(0);
        Activation act_fx = Activation::identity;
        Prior prior = Prior::gaussian;
        RateIntegration method = RateIntegration::euler;
        Convention convention = Convention::ngclearn_3_1;
        bool soft_threshold = false;
        bool stateless = false;
    };
};

}  // namespace cells

// Caller storage for a view: each pointer `capacity` elements (max batch x units), T-aligned.
template <class T>
struct RateBuffers {
    T* j = nullptr;
    T* j_td = nullptr;
    T* z = nullptr;
    T* zF = nullptr;
    std::size_t capacity = 0;
};

// ngclearn's help() for RateCell, as text.
struct rate_cell_help {
    std::string_view cell_name = "RateCell";
    std::string_view cell_type = "RateCell - evolves neurons according to rate-coded/continuous dynamics";
    std::string_view dynamics = "tau_m * dz/dt = Prior(z; gamma) + (j * fx'(z) * resist_scale + j_td)";
    std::string_view compartments =
        "inputs:  j     (Input Stimulus Current, mA; a step writes j * fx'(z) * resist_scale back to an "
        "unwired j)\n"
        "         j_td  (Modulatory Stimulus Current, mA)\n"
        "outputs: z     (Rate Activity, mA)\n"
        "         zF    (Transformed Rate Activity: fx(z) * output_scale)";
    std::string_view hyperparameters =
        "n_units, tau_m (<= 0: stateless), prior (gaussian, laplacian, cauchy, exp; gamma), act_fx, "
        "output_scale, "
        "threshold (soft_threshold, lambda), integration_type (euler; midpoint/rk2 run RK2; heun/rk2_heun "
        "run "
        "RK4; ralston, rk4 and unknown names run Euler), batch_size, resist_scale, is_stateful";
};

// RateCell over caller buffers. Every failing call returns its status and changes nothing.
template <class T>
class RateCellView {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "RateCell takes float or double");

public:
    // units: rank 1 (N) or 3 (H, W, C); batch_size rows in use (1..max_batch), buffers hold
    // max_batch rows. Refused: a bad shape or batch, null / misaligned / short / overlapping
    // buffers, tau_m NaN or infinite (invalid_time_step), gamma, output_scale, resist_scale or
    // lambda not finite, a cauchy threshold, bkwta with fewer than 5 units per row, softmax
    // under ngclearn_3_2, an enumerator out of range (invalid_argument).
    status init(const shape& units, std::size_t batch_size, std::size_t max_batch, const RateSettings<T>& s,
                const RateBuffers<T>& b) noexcept {
        if (!units.valid() || (units.rank != 1 && units.rank != 3))
            return detail::fail(status::invalid_shape, "init");
        if (batch_size == 0 || batch_size > max_batch)
            return detail::fail(status::invalid_batch_size, "init");
        const std::size_t n = units.size();
        if (max_batch > std::size_t(-1) / n) return detail::fail(status::invalid_batch_size, "init");
        if (!b.j || !b.j_td || !b.z || !b.zF) return detail::fail(status::null_buffer, "init");
        for (const T* p : {b.j, b.j_td, b.z, b.zF})
            if (reinterpret_cast<std::uintptr_t>(p) % alignof(T) != 0)
                return detail::fail(status::misaligned_buffer, "init");
        if (b.capacity < n * max_batch) return detail::fail(status::size_mismatch, "init");
        const T* ptrs[] = {b.j, b.j_td, b.z, b.zF};
        for (int x = 0; x < 4; ++x)
            for (int y = x + 1; y < 4; ++y)
                if (overlap(ptrs[x], ptrs[y], n * max_batch))
                    return detail::fail(status::overlapping_buffers, "init");
        const status st = check(s, units);
        if (st != status::ok) return detail::fail(st, "init");
        units_ = units;
        n_ = n;
        max_batch_ = max_batch;
        batch_ = batch_size;
        b_ = b;
        s_ = s;
        j_in_ = nullptr;
        j_td_in_ = nullptr;
        ready_ = true;
        clear(batch_);
        return status::ok;
    }

    bool initialized() const noexcept { return ready_; }
    std::size_t batch_size() const noexcept { return batch_; }
    std::size_t max_batch() const noexcept { return max_batch_; }
    std::size_t n_units() const noexcept { return n_; }
    const shape& units() const noexcept { return units_; }
    const RateSettings<T>& settings() const noexcept { return s_; }
    bool stateless() const noexcept { return !s_.is_stateful || !(s_.tau_m > T(0)); }

    // The compartments of the rows in use (batch_size() x units, row-major). j() and j_td()
    // are the cell's own buffers (a wired input reads from its source instead).
    span<T> j() noexcept { return {b_.j, batch_ * n_}; }
    span<T> j_td() noexcept { return {b_.j_td, batch_ * n_}; }
    span<T> z() noexcept { return {b_.z, batch_ * n_}; }
    span<T> zF() noexcept { return {b_.zF, batch_ * n_}; }
    span<const T> j() const noexcept { return {b_.j, batch_ * n_}; }
    span<const T> j_td() const noexcept { return {b_.j_td, batch_ * n_}; }
    span<const T> z() const noexcept { return {b_.z, batch_ * n_}; }
    span<const T> zF() const noexcept { return {b_.zF, batch_ * n_}; }

    // Wiring: j or j_td read from a source (a synapse's outputs) of max_batch x units elements;
    // nullptr unwires. A wired j gets no write-back (the engine never writes through a
    // binding) and is not zeroed by a reset.
    status bind_j(const T* source) noexcept { return bind(j_in_, source, "bind_j"); }
    status bind_j_td(const T* source) noexcept { return bind(j_td_in_, source, "bind_j_td"); }
    bool j_wired() const noexcept { return j_in_ != nullptr; }
    bool j_td_wired() const noexcept { return j_td_in_ != nullptr; }

    // ngclearn's advance_state(dt): dt > 0 and finite (else invalid_time_step).
    status advance_state(T dt) noexcept {
        if (!ready_) return detail::fail(status::not_initialized, "advance_state");
        if (!(dt > T(0)) || !(dt <= max_finite()))
            return detail::fail(status::invalid_time_step, "advance_state");
        cells::rate_kind::args<T> a;
        a.j = j_in_ ? j_in_ : b_.j;
        a.j_td = j_td_in_ ? j_td_in_ : b_.j_td;
        a.z = b_.z;
        a.zF = b_.zF;
        a.j_out = j_in_ ? nullptr : b_.j;
        const bool row_op = s_.act_fx == Activation::softmax || s_.act_fx == Activation::bkwta;
        a.units = row_op ? (units_.rank == 3 ? units_.dims[2] : n_) : n_;
        a.rows = batch_ * n_ / a.units;
        a.dt = dt;
        a.half_dt = dt * T(0.5);
        a.rate = T(1) / s_.tau_m;
        a.gamma = s_.gamma;
        a.resist_scale = s_.resist_scale;
        a.output_scale = s_.output_scale;
        a.lambda = s_.threshold_lambda;
        a.act_fx = s_.act_fx;
        a.prior = s_.prior;
        a.method = s_.integration;
        a.convention = s_.convention;
        a.soft_threshold = s_.threshold == Threshold::soft_threshold;
        a.stateless = stateless();
        detail::run_kind<cells::rate_kind, T>(a);
        return status::ok;
    }

    // ngclearn's reset(): batched_reset(batch_size()).
    status reset() noexcept {
        if (!ready_) return detail::fail(status::not_initialized, "reset");
        clear(batch_);
        return status::ok;
    }
    // ngclearn's batched_reset(b): b rows in use from now on (1..max_batch), unwired j and
    // j_td, z and zF set to zeros.
    status batched_reset(std::size_t b) noexcept {
        if (!ready_) return detail::fail(status::not_initialized, "batched_reset");
        if (b == 0 || b > max_batch_) return detail::fail(status::invalid_batch_size, "batched_reset");
        batch_ = b;
        clear(b);
        return status::ok;
    }

    static constexpr rate_cell_help help() noexcept { return {}; }

    // The settings' rules (init's), without a view.
    static status check(const RateSettings<T>& s, const shape& units) noexcept {
        if (!finite(s.tau_m)) return status::invalid_time_step;
        if (!finite(s.gamma) || !finite(s.output_scale) || !finite(s.resist_scale) ||
            !finite(s.threshold_lambda))
            return status::invalid_argument;
        if (static_cast<unsigned>(s.act_fx) > 15U || static_cast<unsigned>(s.prior) > 3U ||
            static_cast<unsigned>(s.integration) > 2U || static_cast<unsigned>(s.threshold) > 1U ||
            static_cast<unsigned>(s.convention) > 2U)
            return status::invalid_argument;
        if (s.act_fx == Activation::softmax && s.convention == Convention::ngclearn_3_2)
            return status::invalid_argument;
        const std::size_t row = units.rank == 3 ? units.dims[2] : units.dims[0];
        if (s.act_fx == Activation::bkwta && row < 5) return status::invalid_argument;
        return status::ok;
    }

private:
    static constexpr T max_finite() noexcept { return std::numeric_limits<T>::max(); }
    static constexpr bool finite(T v) noexcept { return v >= -max_finite() && v <= max_finite(); }
    static bool overlap(const T* a, const T* b, std::size_t n) noexcept {
        const auto x = reinterpret_cast<std::uintptr_t>(a), y = reinterpret_cast<std::uintptr_t>(b);
        return x < y + n * sizeof(T) && y < x + n * sizeof(T);
    }
    status bind(const T*& slot_ptr, const T* source, const char* where) noexcept {
        if (!ready_) return detail::fail(status::not_initialized, where);
        if (source != nullptr) {
            if (reinterpret_cast<std::uintptr_t>(source) % alignof(T) != 0)
                return detail::fail(status::misaligned_buffer, where);
            // A source must not be one of the buffers a step writes.
            for (const T* p : {b_.z, b_.zF, b_.j})
                if (overlap(source, p, n_ * max_batch_))
                    return detail::fail(status::overlapping_buffers, where);
        }
        slot_ptr = source;
        return status::ok;
    }
    void clear(std::size_t rows) noexcept {
        const std::size_t m = rows * n_;
        for (std::size_t i = 0; i < m; ++i) {
            if (!j_in_) b_.j[i] = T(0);
            if (!j_td_in_) b_.j_td[i] = T(0);
            b_.z[i] = T(0);
            b_.zF[i] = T(0);
        }
    }

    shape units_{};
    std::size_t n_ = 0, max_batch_ = 0, batch_ = 0;
    RateBuffers<T> b_{};
    RateSettings<T> s_{};
    const T* j_in_ = nullptr;
    const T* j_td_in_ = nullptr;
    bool ready_ = false;
};

// RateCell with fixed capacity: Units<N> (or <H, W, C>) x MaxBatch rows, its compartments
// aligned arrays inside the object. Construction with invalid settings leaves the cell
// uninitialised: init_status() says why, and every call returns not_initialized until
// configure() accepts settings.
template <class T, class UnitShape, std::size_t MaxBatch = 1>
class RateCell {
    static_assert(is_units<UnitShape>::value, "RateCell<T, Units<...>, MaxBatch>");
    static_assert(MaxBatch > 0, "MaxBatch must be positive");

public:
    static constexpr std::size_t n_units = UnitShape::size;
    static constexpr std::size_t capacity = n_units * MaxBatch;

    RateCell() noexcept : RateCell(RateSettings<T>{}) {}
    explicit RateCell(const RateSettings<T>& s, std::size_t batch_size = MaxBatch) noexcept
        : status_(apply(s, batch_size)) {}
    // The view points into the object: no copies, no moves.
    RateCell(const RateCell&) = delete;
    RateCell& operator=(const RateCell&) = delete;
    RateCell(RateCell&&) = delete;
    RateCell& operator=(RateCell&&) = delete;
    ~RateCell() = default;

    // New settings (and batch size); on failure nothing changes, the cell keeps its settings.
    status configure(const RateSettings<T>& s, std::size_t batch_size = MaxBatch) noexcept {
        const status st = apply(s, batch_size);
        if (st == status::ok) status_ = st;
        return st;
    }
    status init_status() const noexcept { return status_; }

    span<T> j() noexcept { return view_.j(); }
    span<T> j_td() noexcept { return view_.j_td(); }
    span<T> z() noexcept { return view_.z(); }
    span<T> zF() noexcept { return view_.zF(); }
    span<const T> j() const noexcept { return view_.j(); }
    span<const T> j_td() const noexcept { return view_.j_td(); }
    span<const T> z() const noexcept { return view_.z(); }
    span<const T> zF() const noexcept { return view_.zF(); }
    status bind_j(const T* source) noexcept { return view_.bind_j(source); }
    status bind_j_td(const T* source) noexcept { return view_.bind_j_td(source); }
    status advance_state(T dt) noexcept { return view_.advance_state(dt); }
    status reset() noexcept { return view_.reset(); }
    status batched_reset(std::size_t b) noexcept { return view_.batched_reset(b); }
    std::size_t batch_size() const noexcept { return view_.batch_size(); }
    const RateSettings<T>& settings() const noexcept { return view_.settings(); }
    RateCellView<T>& view() noexcept { return view_; }
    static constexpr rate_cell_help help() noexcept { return {}; }

private:
    status apply(const RateSettings<T>& s, std::size_t batch_size) noexcept {
        return view_.init(UnitShape::value, batch_size, MaxBatch, s,
                          RateBuffers<T>{j_.v, j_td_.v, z_.v, zF_.v, capacity});
    }
    struct alignas(simd_alignment) storage {
        T v[capacity];
    };
    storage j_{}, j_td_{}, z_{}, zF_{};
    RateCellView<T> view_;
    status status_ = status::not_initialized;
};

}  // namespace ngcrt
