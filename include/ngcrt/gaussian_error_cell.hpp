// ngcrt/gaussian_error_cell.hpp - ngclearn's GaussianErrorCell, allocation-free.
//
// Three ways to own the memory, one implementation:
//   GaussianErrorCell<T, Units<...>, MaxBatch, Convention, SigmaShape>
//       fixed capacity: every compartment is an aligned array inside the object;
//   GaussianErrorCellView<T>
//       the capacity-erased view every GaussianErrorCell is; functions take it by
//       reference. All of the cell's rules (validation, reset, wiring, mask eating)
//       live here, once;
//   GaussianErrorCellView<T>::init(config, buffers)
//       the same view over caller-provided buffers (host tools, the C API).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ngcrt/config.hpp"
#include "ngcrt/convention.hpp"
#include "ngcrt/detail/step.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"
#include "ngcrt/units.hpp"

namespace ngcrt {

// The input compartments that can be wired to an external buffer.
enum class input : unsigned char { mu = 0, target, Sigma, modulator, mask };

// What a view needs to know besides its buffers.
struct cell_config {
    shape unit_shape = shape::dense(1);
    std::size_t max_batch = 1;  // capacity: the largest batch_size() allowed
    SigmaShape sigma_shape = SigmaShape::scalar;
    Convention convention = Convention::ngclearn_3_1;
};

// Caller-provided storage. Unit-shaped buffers hold at least max_batch * units values;
// Sigma and dSigma hold exactly 1 (scalar) or units (per unit) values. Buffers must be
// distinct, non-null and aligned for T; SIMD alignment is welcome but not required.
template <class T>
struct cell_buffers {
    span<T> mu, target, modulator, mask;
    span<T> Sigma, dSigma;
    span<T> dmu, dtarget;
};

template <class T>
class GaussianErrorCellView {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "ngcrt cells are implemented for float and double");

public:
    using value_type = T;

    // An empty view: every operation returns status::not_initialized until init() succeeds.
    GaussianErrorCellView() noexcept = default;
    GaussianErrorCellView(const GaussianErrorCellView&) = delete;  // would alias buffers and
    GaussianErrorCellView& operator=(const GaussianErrorCellView&) = delete;  // split flags
    ~GaussianErrorCellView() = default;  // the buffers belong to the caller

    // Binds the view to caller buffers and puts the cell in its initial state (all of
    // the capacity: inputs zeros, modulator and mask ones, outputs zeros, Sigma = sigma,
    // batch_size() = max_batch). On error nothing changes.
    status init(const cell_config& cfg, const cell_buffers<T>& buf, T sigma = T(1)) noexcept {
        // Any convention and Sigma form, chosen at run time: the generic step.
        return init_with(cfg, buf, sigma, static_cast<detail::step_fn<T>>(&detail::step));
    }

protected:
    // init() with the step function to call: the generic one (init), or a fixed-type
    // cell's own convention and Sigma form (so firmware links only that variant's loops).
    status init_with(const cell_config& cfg, const cell_buffers<T>& buf, T sigma, detail::step_fn<T> step) noexcept {
        if (!cfg.unit_shape.valid()) return detail::fail(status::invalid_shape, "init");
        if (cfg.max_batch == 0) return detail::fail(status::invalid_batch_size, "init");
        const std::size_t unit_count = cfg.unit_shape.size();
        const std::size_t n = unit_count * cfg.max_batch;
        if (n / cfg.max_batch != unit_count) return detail::fail(status::size_mismatch, "init");  // overflow
        // No buffer can hold more bytes than a pointer difference can count (and the
        // overlap checks below compute n * sizeof(T)).
        if (n > std::size_t(PTRDIFF_MAX) / sizeof(T)) return detail::fail(status::size_mismatch, "init");
        const std::size_t ns = cfg.sigma_shape == SigmaShape::scalar ? 1 : unit_count;
        const span<T>* all[8] = {&buf.mu,  &buf.target, &buf.modulator, &buf.mask,
                                 &buf.dmu, &buf.dtarget, &buf.Sigma,    &buf.dSigma};
        for (int i = 0; i < 8; ++i) {
            const span<T>& b = *all[i];
            if (b.data() == nullptr) return detail::fail(status::null_buffer, "init");
            if (reinterpret_cast<std::uintptr_t>(b.data()) % alignof(T) != 0) return detail::fail(status::misaligned_buffer, "init");
            if (i < 6 ? b.size() < n : b.size() != ns) return detail::fail(status::size_mismatch, "init");
        }
        for (int i = 0; i < 8; ++i)
            for (int j = i + 1; j < 8; ++j)
                if (overlaps(all[i]->data(), i < 6 ? n : ns, all[j]->data(), j < 6 ? n : ns))
                    return detail::fail(status::overlapping_buffers, "init");
        if (!detail::sigma_valid(&sigma, 1)) return detail::fail(status::invalid_sigma, "init");

        shape_ = cfg.unit_shape;
        args_.units = unit_count;
        max_batch_ = cfg.max_batch;
        args_.sigma_shape = cfg.sigma_shape;
        args_.convention = cfg.convention;
        sigma_count_ = ns;
        adopt(buf);
        for (auto& b : bound_) b = nullptr;
        for (auto& b : bound_size_) b = 0;
        fill(own_[slot(input::Sigma)], ns, sigma);
        sigma_accepted(own_[slot(input::Sigma)]);
        // The whole capacity gets defined values once, so nothing is ever read uninitialised.
        fill(own_[slot(input::mu)], n, T(0));
        fill(own_[slot(input::target)], n, T(0));
        fill(args_.dmu, n, T(0));
        fill(args_.dtarget, n, T(0));
        fill(own_[slot(input::modulator)], n, T(1));
        fill(own_[slot(input::mask)], n, T(1));
        fill(dSigma_, ns, T(0));
        dSigma_ones_ = false;
        batch_ = max_batch_;
        L_ = T(0);
        modulator_ones_ = mask_ones_ = true;
        step_ = step;
        refresh_args();
        return status::ok;
    }

public:
    bool initialized() const noexcept { return batch_ != 0; }

    // ---- ngclearn's methods ------------------------------------------------------------

    // One step (dt is accepted and unused, as in ngclearn). See docs/semantics.md.
    // invalid_sigma (state unchanged) if Sigma holds a value <= 0, NaN or infinite.
    status advance_state(T dt = T(0)) noexcept {
        (void)dt;
        if (!initialized()) return detail::fail(status::not_initialized, "advance_state");
        // Sigma written since it was last checked (or wired, so read from elsewhere): check
        // it now, before anything is written, so a rejected step changes nothing.
        if (!sigma_checked_) {
            if (!detail::sigma_valid(args_.Sigma, sigma_count_)) return detail::fail(status::invalid_sigma, "advance_state");
            sigma_accepted(args_.Sigma);
            sigma_checked_ = !targeted(input::Sigma);  // a wired Sigma is checked at every step
        }
        L_ = step_(args_);
        if (!dSigma_ones_) {  // ngclearn computes no derivative for Sigma: always 1
            fill(dSigma_, sigma_count_, T(1));
            dSigma_ones_ = true;
        }
        if (args_.mask_eat != nullptr) {  // the own mask was eaten: it holds ones again
            mask_ones_ = true;
            args_.mask = args_.mask_eat = nullptr;
        }
        return status::ok;
    }

    // batched_reset(batch_size()).
    status reset() noexcept { return batched_reset(batch_); }

    // Sets the active batch size to b and resets: dmu, dtarget, dSigma, L <- 0;
    // modulator, mask <- 1; mu, target <- 0; wired compartments and Sigma untouched.
    // invalid_batch_size if b == 0 or b > max_batch(); size_mismatch if a wired buffer
    // does not hold b * units() values. On error nothing changes.
    status batched_reset(std::size_t b) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "batched_reset");
        if (b == 0 || b > max_batch_) return detail::fail(status::invalid_batch_size, "batched_reset");
        const std::size_t n = b * args_.units;
        for (input in : {input::mu, input::target, input::modulator, input::mask})
            if (bound_[slot(in)] != nullptr && bound_size_[slot(in)] != n) return detail::fail(status::size_mismatch, "batched_reset");
        batch_ = b;
        fill(args_.dmu, n, T(0));
        fill(args_.dtarget, n, T(0));
        fill(dSigma_, sigma_count_, T(0));
        dSigma_ones_ = false;
        L_ = T(0);
        if (!targeted(input::mu)) fill(own_[slot(input::mu)], n, T(0));
        if (!targeted(input::target)) fill(own_[slot(input::target)], n, T(0));
        if (!targeted(input::modulator)) fill(own_[slot(input::modulator)], n, T(1));
        if (!targeted(input::mask)) fill(own_[slot(input::mask)], n, T(1));
        modulator_ones_ = !targeted(input::modulator);
        mask_ones_ = !targeted(input::mask);
        refresh_args();
        return status::ok;
    }

    // ngclearn's help(), at compile time; see write_help_json().
    static constexpr const help_info& help() noexcept { return gaussian_error_cell_help; }

    // ---- compartments --------------------------------------------------------------------
    // Unit-shaped compartments expose batch_size() * units() values, row-major, batch
    // outermost. Mutable access to an input is write access: taking it tells the cell the
    // values may change, so the next step reads them. Write access lasts until the next
    // reset() (and, for mask, the next step, which "eats" it); retake it afterwards, or
    // wire the compartment to your own buffer with bind() if you keep a pointer.
    // A wired input has no writable storage: its mutable accessor returns an empty span.

    span<T> mu() noexcept { return writable(input::mu); }
    span<T> target() noexcept { return writable(input::target); }
    span<T> modulator() noexcept {
        modulator_ones_ = false;
        refresh_ones();
        return writable(input::modulator);
    }
    span<T> mask() noexcept {
        mask_ones_ = false;
        refresh_ones();
        return writable(input::mask);
    }
    // Sigma: 1 value (scalar) or units() values. Checked at the next step; set_Sigma()
    // checks at once.
    span<T> Sigma() noexcept {
        if (targeted(input::Sigma)) return {};
        sigma_checked_ = false;
        return {own_[slot(input::Sigma)], sigma_count_};
    }

    span<const T> mu() const noexcept { return readable(input::mu); }
    span<const T> target() const noexcept { return readable(input::target); }
    span<const T> modulator() const noexcept { return readable(input::modulator); }
    span<const T> mask() const noexcept { return readable(input::mask); }
    span<const T> Sigma() const noexcept { return readable(input::Sigma); }

    span<const T> dmu() const noexcept { return {args_.dmu, batch_ * args_.units}; }
    span<const T> dtarget() const noexcept { return {args_.dtarget, batch_ * args_.units}; }
    span<const T> dSigma() const noexcept { return {dSigma_, sigma_count_}; }
    T L() const noexcept { return L_; }

    // Sets every Sigma value to sigma. invalid_sigma (nothing changes) unless sigma > 0
    // and finite; not_initialized; size_mismatch if Sigma is wired.
    status set_Sigma(T sigma) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_Sigma");
        if (targeted(input::Sigma)) return detail::fail(status::size_mismatch, "set_Sigma");
        if (!detail::sigma_valid(&sigma, 1)) return detail::fail(status::invalid_sigma, "set_Sigma");
        fill(own_[slot(input::Sigma)], sigma_count_, sigma);
        sigma_accepted(own_[slot(input::Sigma)]);
        return status::ok;
    }
    // Copies values (1 or units() of them) into Sigma, all checked first.
    status set_Sigma(span<const T> values) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_Sigma");
        if (targeted(input::Sigma) || values.size() != sigma_count_) return detail::fail(status::size_mismatch, "set_Sigma");
        if (values.data() == nullptr) return detail::fail(status::null_buffer, "set_Sigma");
        if (!detail::sigma_valid(values.data(), sigma_count_)) return detail::fail(status::invalid_sigma, "set_Sigma");
        T* s = own_[slot(input::Sigma)];
        for (std::size_t i = 0; i < sigma_count_; ++i) s[i] = values[i];
        sigma_accepted(s);
        return status::ok;
    }

    // Checks what the next step would check (Sigma), without stepping.
    status validate() const noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "validate");
        return detail::sigma_valid(read_ptr(input::Sigma), sigma_count_) ? status::ok : status::invalid_sigma;
    }

    // ---- wiring (ngclearn's `source >> cell.mu`) -----------------------------------------
    // Zero-copy: the cell reads src in place at every step, never writes through it and
    // never resets it; a wired mask is not eaten. src must hold batch_size() * units()
    // values (Sigma: 1 or units()), be aligned for T, and not overlap this cell's outputs.
    status bind(input in, span<const T> src) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "bind");
        if (src.data() == nullptr) return detail::fail(status::null_buffer, "bind");
        if (reinterpret_cast<std::uintptr_t>(src.data()) % alignof(T) != 0) return detail::fail(status::misaligned_buffer, "bind");
        const std::size_t need = in == input::Sigma ? sigma_count_ : batch_ * args_.units;
        if (src.size() != need) return detail::fail(status::size_mismatch, "bind");
        const std::size_t n = max_batch_ * args_.units;
        if (overlaps(src.data(), need, args_.dmu, n) || overlaps(src.data(), need, args_.dtarget, n) ||
            overlaps(src.data(), need, dSigma_, sigma_count_))
            return detail::fail(status::overlapping_buffers, "bind");
        bound_[slot(in)] = src.data();
        bound_size_[slot(in)] = need;
        if (in == input::modulator) modulator_ones_ = false;
        if (in == input::mask) mask_ones_ = false;
        if (in == input::Sigma) sigma_checked_ = false;  // checked at every step while wired
        refresh_args();
        return status::ok;
    }
    // Back to the cell's own storage, which holds what it held before binding.
    void unbind(input in) noexcept {
        if (!initialized() || bound_[slot(in)] == nullptr) return;
        bound_[slot(in)] = nullptr;
        bound_size_[slot(in)] = 0;
        if (in == input::modulator) modulator_ones_ = false;  // unknown: read it
        if (in == input::mask) mask_ones_ = false;
        if (in == input::Sigma) sigma_checked_ = false;
        refresh_args();
    }
    // ngclearn's Compartment.targeted.
    bool targeted(input in) const noexcept { return bound_[slot(in)] != nullptr; }

    // ---- sizes ---------------------------------------------------------------------------
    std::size_t batch_size() const noexcept { return batch_; }
    std::size_t max_batch() const noexcept { return max_batch_; }
    std::size_t units() const noexcept { return args_.units; }
    const shape& unit_shape() const noexcept { return shape_; }
    SigmaShape sigma_shape() const noexcept { return args_.sigma_shape; }
    Convention convention() const noexcept { return args_.convention; }

protected:
    // Copies the state of `other` into this view, whose own buffers are `own` (same
    // capacity): for copying a fixed-capacity cell, whose pointers must not follow.
    void copy_state(const GaussianErrorCellView& other, const cell_buffers<T>& own) noexcept {
        shape_ = other.shape_;
        max_batch_ = other.max_batch_;
        sigma_count_ = other.sigma_count_;
        step_ = other.step_;
        // Sizes, Sigma form, convention and Sigma's factors; adopt() and refresh_args()
        // then point its streams at this cell's own storage and wiring.
        args_ = other.args_;
        adopt(own);
        for (int i = 0; i < 5; ++i) {
            bound_[i] = other.bound_[i];
            bound_size_[i] = other.bound_size_[i];
        }
        batch_ = other.batch_;
        L_ = other.L_;
        modulator_ones_ = other.modulator_ones_;
        mask_ones_ = other.mask_ones_;
        sigma_checked_ = other.sigma_checked_;
        dSigma_ones_ = other.dSigma_ones_;
        refresh_args();
    }

private:
    static constexpr int slot(input in) noexcept { return static_cast<int>(in); }
    // Sigma (valid) is what the next step uses: remember it is checked, and precompute
    // the scalar factors (1/Sigma, L's scale) once rather than at every step.
    void sigma_accepted(const T* sigma) noexcept {
        sigma_checked_ = true;
        if (args_.sigma_shape == SigmaShape::scalar) detail::scalar_sigma_factors(sigma[0], args_.convention, args_.k, args_.L_factor);
    }
    // The next step's arguments, from the state. Called by every operation that changes
    // the wiring, the batch size or the known-ones flags, so advance_state() passes
    // args_ as it is. (Sigma's factors k and L_factor are set by sigma_accepted().)
    void refresh_args() noexcept {
        args_.mu = read_ptr(input::mu);
        args_.target = read_ptr(input::target);
        args_.Sigma = read_ptr(input::Sigma);
        args_.n = batch_ * args_.units;
        refresh_ones();
    }
    // A stream known to hold ones is passed as null: the step neither reads it nor, for
    // the mask, rewrites it. Only the own mask is eaten (set to ones after the step).
    void refresh_ones() noexcept {
        args_.modulator = modulator_ones_ ? nullptr : read_ptr(input::modulator);
        args_.mask = mask_ones_ ? nullptr : read_ptr(input::mask);
        args_.mask_eat = (mask_ones_ || targeted(input::mask)) ? nullptr : own_[slot(input::mask)];
    }
    // Points the view at its own storage.
    void adopt(const cell_buffers<T>& own) noexcept {
        own_[slot(input::mu)] = own.mu.data();
        own_[slot(input::target)] = own.target.data();
        own_[slot(input::Sigma)] = own.Sigma.data();
        own_[slot(input::modulator)] = own.modulator.data();
        own_[slot(input::mask)] = own.mask.data();
        args_.dmu = own.dmu.data();
        args_.dtarget = own.dtarget.data();
        dSigma_ = own.dSigma.data();
    }
    static void fill(T* p, std::size_t n, T v) noexcept {
        for (std::size_t i = 0; i < n; ++i) p[i] = v;
    }
    static bool overlaps(const T* a, std::size_t na, const T* b, std::size_t nb) noexcept {
        const auto pa = reinterpret_cast<std::uintptr_t>(a), pb = reinterpret_cast<std::uintptr_t>(b);
        return pa < pb + nb * sizeof(T) && pb < pa + na * sizeof(T);
    }
    std::size_t count(input in) const noexcept { return in == input::Sigma ? sigma_count_ : batch_ * args_.units; }
    const T* read_ptr(input in) const noexcept {
        return bound_[slot(in)] != nullptr ? bound_[slot(in)] : own_[slot(in)];
    }
    span<T> writable(input in) noexcept {
        if (targeted(in)) return {};
        return {own_[slot(in)], count(in)};
    }
    span<const T> readable(input in) const noexcept { return {read_ptr(in), count(in)}; }

    T* own_[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};  // indexed by input
    const T* bound_[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};
    std::size_t bound_size_[5] = {0, 0, 0, 0, 0};
    T* dSigma_ = nullptr;
    shape shape_{};
    std::size_t max_batch_ = 0;
    std::size_t batch_ = 0;  // 0 <=> not initialised
    std::size_t sigma_count_ = 0;
    T L_ = T(0);
    bool modulator_ones_ = true;  // own modulator known to hold ones: the step skips it
    bool mask_ones_ = true;       // own mask known to hold ones: the step skips it
    bool sigma_checked_ = true;   // Sigma checked since write access was last given (never while wired)
    detail::step_fn<T> step_ = nullptr;  // the kernel entry advance_state() calls
    // The next step's arguments (streams, sizes, Sigma's factors k = 1/Sigma (3.1) or Sigma
    // (3.2) and L_factor), kept current by refresh_args(): the step's only copy of them.
    detail::step_args<T> args_{};
    bool dSigma_ones_ = false;    // dSigma already holds the step's ones: don't rewrite it
};

namespace detail {
// The arrays of a fixed-capacity cell; a base class so they exist before the view.
template <class T, std::size_t N, std::size_t NS>
struct cell_storage {
    alignas(simd_alignment) T mu_[N];
    alignas(simd_alignment) T target_[N];
    alignas(simd_alignment) T modulator_[N];
    alignas(simd_alignment) T mask_[N];
    alignas(simd_alignment) T dmu_[N];
    alignas(simd_alignment) T dtarget_[N];
    alignas(simd_alignment) T Sigma_[NS];
    alignas(simd_alignment) T dSigma_[NS];

    cell_buffers<T> buffers() noexcept {
        return {{mu_, N}, {target_, N}, {modulator_, N}, {mask_, N},
                {Sigma_, NS}, {dSigma_, NS}, {dmu_, N}, {dtarget_, N}};
    }
};
}  // namespace detail

// ngclearn's GaussianErrorCell with fixed capacity: MaxBatch x UnitShape values per
// compartment, stored inline, no heap. The active batch size (1..MaxBatch) is chosen at
// run time with batched_reset(); it starts at MaxBatch.
//   ngclearn: GaussianErrorCell("e", n_units=64, batch_size=4, sigma=2.)
//   ngcrt:    ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 4> e{2.f};
template <class T, class UnitShape, std::size_t MaxBatch = 1, Convention Conv = Convention::ngclearn_3_1,
          SigmaShape SShape = SigmaShape::scalar>
class GaussianErrorCell
    : private detail::cell_storage<T, UnitShape::size * MaxBatch, SShape == SigmaShape::scalar ? 1 : UnitShape::size>,
      public GaussianErrorCellView<T> {
    static_assert(is_units<UnitShape>::value, "UnitShape must be ngcrt::Units<N> or ngcrt::Units<H, W, C>");
    static_assert(MaxBatch > 0, "a cell needs a batch capacity of at least 1");
    static_assert(UnitShape::size <= std::size_t(-1) / MaxBatch, "capacity overflows size_t");

    using storage = detail::cell_storage<T, UnitShape::size * MaxBatch,
                                         SShape == SigmaShape::scalar ? 1 : UnitShape::size>;
    using view = GaussianErrorCellView<T>;

public:
    using unit_shape_type = UnitShape;
    static constexpr std::size_t n_units = UnitShape::size;
    static constexpr std::size_t capacity = MaxBatch;
    static constexpr Convention convention_value = Conv;
    static constexpr SigmaShape sigma_shape_value = SShape;
    static constexpr std::size_t sigma_size = SShape == SigmaShape::scalar ? 1 : UnitShape::size;

    static constexpr cell_config config() noexcept { return {UnitShape::value, MaxBatch, SShape, Conv}; }

    // sigma fills Sigma (every unit, if per unit). It is checked like any write to Sigma:
    // a value <= 0, NaN or infinite makes advance_state() return invalid_sigma until fixed.
    // cppcheck-suppress uninitDerivedMemberVar ; init_with() writes all of the storage
    explicit GaussianErrorCell(T sigma = T(1)) noexcept {
        // Cannot fail: sizes are static. The step is this type's own convention and Sigma form.
        (void)view::init_with(config(), storage::buffers(), T(1), &detail::step_as<T, Conv, SShape>);
        for (T& s : view::Sigma()) s = sigma;
    }
    // Per-unit Sigma from one value per unit.
    template <SigmaShape S = SShape, class = std::enable_if_t<S == SigmaShape::per_unit>>
    // cppcheck-suppress uninitDerivedMemberVar ; init_with() writes all of the storage
    explicit GaussianErrorCell(const std::array<T, n_units>& sigma) noexcept {
        (void)view::init_with(config(), storage::buffers(), T(1), &detail::step_as<T, Conv, SShape>);
        span<T> s = view::Sigma();
        for (std::size_t i = 0; i < n_units; ++i) s[i] = sigma[i];
    }

    // Copies are independent cells (same values, same wiring, own storage). A move is a
    // copy: the storage is inline, there is nothing to take over.
    // cppcheck-suppress uninitDerivedMemberVar ; storage(other) copies all of the storage
    GaussianErrorCell(const GaussianErrorCell& other) noexcept : storage(other), view() {
        view::copy_state(other, storage::buffers());
    }
    GaussianErrorCell& operator=(const GaussianErrorCell& other) noexcept {
        if (this != &other) {
            static_cast<storage&>(*this) = static_cast<const storage&>(other);
            view::copy_state(other, storage::buffers());
        }
        return *this;
    }
    ~GaussianErrorCell() = default;
};

}  // namespace ngcrt
