// ngcrt/dense_synapse.hpp - ngclearn's DenseSynapse and StaticSynapse (its second name for
// the same class): outputs = ((inputs @ (weights * mask)) * resist_scale) + biases, each
// output element one running sum over the input index, increasing, every multiplication and
// addition rounded and none fused (docs/spec/synapses.md). The same product reads a weight
// matrix stored transposed (WeightLayout::transposed): a feedback synapse reads its forward
// synapse's weights in place and computes e @ W^T with the bits of a copy of W^T.
//
//   ngcrt::DenseSynapse<float, ngcrt::Units<784>, ngcrt::Units<10>, 4> W;      // weights inside
//   static const float w[784 * 10] = {...};                                  // weights in flash
//   ngcrt::StaticSynapse<float, ngcrt::Units<784>, ngcrt::Units<10>, 1, ngcrt::WeightStorage::caller> S{w};
//   ngcrt::StaticSynapse<float, ngcrt::Units<10>, ngcrt::Units<784>, 4, ngcrt::WeightStorage::caller>
//       E{W.weights(), ngcrt::WeightLayout::transposed};                     // inputs @ W^T
//
// Three ways to own the memory, as the error cells: the fixed-capacity class (every array
// inline), the same over weights in caller storage (read only: a const array in flash
// needs no RAM copy), and the view over caller buffers (DenseSynapseView<T>).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ngcrt/config.hpp"
#include "ngcrt/engine/synapse.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"
#include "ngcrt/units.hpp"

namespace ngcrt {

// Where a fixed-capacity synapse keeps its weights: inside the object, or in the caller's
// storage given to its constructor (read only for a DenseSynapse, a const array in flash
// included; writable for a HebbianSynapse, which learns into it).
enum class WeightStorage : unsigned char { inside, caller };

// A synapse's shape and capacity: in and out (ngclearn's shape = (in, out)), the largest
// batch, whether it has biases, and how its weights are stored.
struct dense_synapse_config {
    std::size_t in = 1, out = 1;
    std::size_t max_batch = 1;
    Biases biases = Biases::none;
    WeightLayout layout = WeightLayout::normal;
};

// A DenseSynapse's caller buffers: inputs max_batch * in values (or empty: the inputs are
// then wired only, and advance_state() answers null_buffer until bind_inputs()), outputs
// max_batch * out, the weights in * out (in the configured layout; a DenseSynapse only reads
// them), biases out values with Biases::row (else empty). Non-null (but inputs), aligned for
// T, pairwise disjoint.
template <class T>
struct dense_synapse_buffers {
    span<T> inputs;
    span<T> outputs;
    span<const T> weights;
    span<T> biases;
};

namespace detail {

// Overlap checks over a few regions (bytes), pairwise.
struct region {
    const void* p;
    std::size_t bytes;
};
inline bool regions_overlap(const region& a, const region& b) noexcept {
    if (a.p == nullptr || b.p == nullptr || a.bytes == 0 || b.bytes == 0) return false;
    const auto pa = reinterpret_cast<std::uintptr_t>(a.p), pb = reinterpret_cast<std::uintptr_t>(b.p);
    return pa < pb + b.bytes && pb < pa + a.bytes;
}
template <std::size_t N>
bool any_overlap(const region (&r)[N]) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = i + 1; j < N; ++j)
            if (regions_overlap(r[i], r[j])) return true;
    return false;
}
template <class T>
bool aligned(const T* p) noexcept {
    return reinterpret_cast<std::uintptr_t>(p) % alignof(T) == 0;
}
// A required buffer of n values: non-null, aligned, at least n long.
template <class T>
status check_buffer(span<T> b, std::size_t n) noexcept {
    if (b.data() == nullptr) return status::null_buffer;
    if (!aligned(b.data())) return status::misaligned_buffer;
    if (b.size() < n) return status::size_mismatch;
    return status::ok;
}

// The checked sizes of a synapse: in * out and max_batch * in, * out, without overflow.
struct synapse_sizes {
    std::size_t in, out, weights, batch_in, batch_out;
};
inline status synapse_sizes_of(std::size_t in, std::size_t out, std::size_t max_batch,
                               synapse_sizes& s) noexcept {
    if (in == 0 || out == 0) return status::invalid_shape;
    if (max_batch == 0) return status::invalid_batch_size;
    constexpr std::size_t limit = std::size_t(PTRDIFF_MAX) / 8;  // bytes a pointer difference counts
    if (in > limit / out || in > limit / max_batch || out > limit / max_batch) return status::size_mismatch;
    s = {in, out, in * out, in * max_batch, out * max_batch};
    return status::ok;
}

// What every synapse has (DenseSynapseView and HebbianSynapseView derive from it): the
// product, the compartments inputs, outputs, weights, biases and mask, wiring, reset.
template <class T>
class synapse_core {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "ngcrt synapses are implemented for float and double");

public:
    using value_type = T;

    synapse_core(const synapse_core&) = delete;  // would alias buffers
    synapse_core& operator=(const synapse_core&) = delete;

    bool initialized() const noexcept { return batch_ != 0; }

    // ---- ngclearn's methods ------------------------------------------------------------
    // outputs = ((inputs @ (weights * mask)) * resist_scale) + biases over batch_size() rows
    // (docs/spec/synapses.md). dt is accepted and unused (ngclearn's synapse takes none).
    status advance_state(T dt = T(0)) noexcept {
        (void)dt;
        if (!initialized()) return detail::fail(status::not_initialized, "advance_state");
        if (resist_refused_) return detail::fail(status::invalid_argument, "advance_state");
        if (read_inputs() == nullptr)
            return detail::fail(status::null_buffer, "advance_state");  // wired only, unbound
        kinds::synapse_product::args<T> a;
        a.inputs = read_inputs();
        a.outputs = outputs_;
        a.weights = weights_;
        a.mask = mask_;
        a.biases = biases_;
        a.batch = batch_;
        a.sum_length = in_;
        a.n_columns = out_;
        a.transposed = layout_ == WeightLayout::transposed;
        a.scaled = scaled_;
        a.resist_scale = resist_scale_;
        // Without biases ngclearn adds the scalar 0, which turns a -0 into +0. A sum from +0
        // is never -0, so only a scaled one needs it.
        a.add_zero = scaled_ && biases_ == nullptr;
        detail::synapse_product(a);
        return status::ok;
    }

    // batched_reset(batch_size()).
    status reset() noexcept { return batched_reset(batch_); }

    // Sets the active batch size to b (1..max_batch()) and resets: inputs (unless wired) and
    // outputs <- 0 (a HebbianSynapse also resets its own: hebbian_synapse.hpp). The
    // weights, biases, mask and resist_scale (and an optimizer's state) are kept.
    // invalid_batch_size for b = 0 or b > max_batch(), size_mismatch if a wired input does
    // not hold b rows; nothing changes then.
    status batched_reset(std::size_t b) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "batched_reset");
        if (b == 0 || b > max_batch_) return detail::fail(status::invalid_batch_size, "batched_reset");
        if (inputs_bound_ != nullptr && inputs_bound_size_ != b * in_)
            return detail::fail(status::size_mismatch, "batched_reset");
        batch_ = b;
        if (inputs_bound_ == nullptr) fill(inputs_own_, b * in_);
        fill(outputs_, b * out_);
        return status::ok;
    }

    // ---- compartments ------------------------------------------------------------------
    // inputs (batch_size() x in, row-major): write access, or empty while wired (or when the
    // synapse has no inputs buffer of its own).
    span<T> inputs() noexcept {
        return inputs_bound_ != nullptr || inputs_own_ == nullptr ? span<T>{}
                                                                  : span<T>{inputs_own_, batch_ * in_};
    }
    span<const T> inputs() const noexcept {
        return {read_inputs(), read_inputs() != nullptr ? batch_ * in_ : 0};
    }
    span<const T> outputs() const noexcept { return {outputs_, batch_ * out_}; }
    // The weights, in * out values in layout(); write access is empty for read-only weights.
    span<T> weights() noexcept { return {weights_mut_, weights_mut_ != nullptr ? in_ * out_ : 0}; }
    span<const T> weights() const noexcept { return {weights_, in_ * out_}; }
    // The biases (out values); empty without biases (ngclearn's scalar 0).
    span<T> biases() noexcept { return {biases_, biases_ != nullptr ? out_ : 0}; }
    span<const T> biases() const noexcept { return {biases_, biases_ != nullptr ? out_ : 0}; }
    // The mask (in * out values, the weights' layout), empty when there is none (the scalar 1).
    span<const T> mask() const noexcept { return {mask_, mask_ != nullptr ? in_ * out_ : 0}; }

    // ---- wiring (ngclearn's `source >> W.inputs`) and the mask -----------------------------
    // The synapse reads src in place at every step (never writes it, never resets it): it must
    // hold batch_size() * in values, be aligned for T and not overlap a buffer the synapse
    // writes. Nothing changes on error.
    status bind_inputs(span<const T> src) noexcept {
        return bind(src, in_, inputs_bound_, inputs_bound_size_, "bind_inputs");
    }
    void unbind_inputs() noexcept {
        inputs_bound_ = nullptr;
        inputs_bound_size_ = 0;
    }
    bool inputs_targeted() const noexcept { return inputs_bound_ != nullptr; }
    // A mask of in * out values in the weights' layout, read in place at every step and
    // multiplied into the weights (a HebbianSynapse's evolve() also multiplies it into the
    // weights it stores). Caller storage (a const array in flash will do), kept by reset.
    status bind_mask(span<const T> m) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "bind_mask");
        if (m.data() == nullptr) return detail::fail(status::null_buffer, "bind_mask");
        if (!aligned(m.data())) return detail::fail(status::misaligned_buffer, "bind_mask");
        if (m.size() != in_ * out_) return detail::fail(status::size_mismatch, "bind_mask");
        if (overlaps_written({m.data(), m.size() * sizeof(T)}))
            return detail::fail(status::overlapping_buffers, "bind_mask");
        mask_ = m.data();
        return status::ok;
    }
    void unbind_mask() noexcept { mask_ = nullptr; }

    // ngclearn's resist_scale (3.2: g_conduct_factor), finite; invalid_argument otherwise.
    status set_resist_scale(T resist_scale) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_resist_scale");
        if (!detail::finite(resist_scale)) return detail::fail(status::invalid_argument, "set_resist_scale");
        take_resist_scale(resist_scale);
        resist_refused_ = false;
        return status::ok;
    }
    T resist_scale() const noexcept { return resist_scale_; }

    // ---- sizes ---------------------------------------------------------------------------
    std::size_t in() const noexcept { return in_; }
    std::size_t out() const noexcept { return out_; }
    std::size_t batch_size() const noexcept { return batch_; }
    std::size_t max_batch() const noexcept { return max_batch_; }
    WeightLayout layout() const noexcept { return layout_; }
    bool has_biases() const noexcept { return biases_ != nullptr; }
    bool weights_read_only() const noexcept { return weights_mut_ == nullptr; }

protected:
    synapse_core() noexcept = default;
    ~synapse_core() = default;

    static void fill(T* p, std::size_t n, T v = T(0)) noexcept {
        if (p == nullptr) return;  // a compartment without a buffer (wired only)
        for (std::size_t i = 0; i < n; ++i) p[i] = v;
    }
    const T* read_inputs() const noexcept { return inputs_bound_ != nullptr ? inputs_bound_ : inputs_own_; }
    void take_resist_scale(T rs) noexcept {
        resist_scale_ = rs;
        scaled_ = !(rs == T(1));  // a factor of 1 is skipped: the same bits
    }

    // The checks every synapse makes of its configuration and dense buffers (nothing written).
    static status check_dense(std::size_t in, std::size_t out, std::size_t max_batch, Biases biases,
                              WeightLayout layout, span<T> inputs, span<T> outputs, span<const T> weights,
                              span<T> bias_buffer, synapse_sizes& z) noexcept {
        if (const status s = synapse_sizes_of(in, out, max_batch, z); s != status::ok) return s;
        if (biases != Biases::none && biases != Biases::row) return status::invalid_argument;
        if (layout != WeightLayout::normal && layout != WeightLayout::transposed)
            return status::invalid_argument;
        if (inputs.data() != nullptr) {  // none: inputs are wired only (bind_inputs before a step)
            if (const status s = check_buffer(inputs, z.batch_in); s != status::ok) return s;
        }
        if (const status s = check_buffer(outputs, z.batch_out); s != status::ok) return s;
        if (const status s = check_buffer(weights, z.weights); s != status::ok) return s;
        if (biases == Biases::row) {
            if (const status s = check_buffer(bias_buffer, out); s != status::ok) return s;
        }
        return status::ok;
    }
    // Takes the checked configuration: every compartment in its initial state.
    void take_dense(const synapse_sizes& z, std::size_t max_batch, Biases biases, WeightLayout layout,
                    T* inputs, T* outputs, const T* weights, T* weights_mut, T* bias_buffer, T rs) noexcept {
        in_ = z.in;
        out_ = z.out;
        max_batch_ = max_batch;
        layout_ = layout;
        inputs_own_ = inputs;
        outputs_ = outputs;
        weights_ = weights;
        weights_mut_ = weights_mut;
        biases_ = biases == Biases::row ? bias_buffer : nullptr;
        mask_ = nullptr;
        inputs_bound_ = nullptr;
        inputs_bound_size_ = 0;
        resist_refused_ = false;
        for (region& e : extra_written_) e = {nullptr, 0};
        take_resist_scale(rs);
        fill(inputs_own_, z.batch_in);
        fill(outputs_, z.batch_out);
        batch_ = max_batch;
    }
    void forget() noexcept { batch_ = 0; }

    // The regions this synapse writes (a bound input or mask must not overlap them): outputs,
    // writable weights, biases, and a HebbianSynapse's own (extra_written_).
    bool overlaps_written(const region& r) const noexcept {
        bool hit = regions_overlap(r, {outputs_, max_batch_ * out_ * sizeof(T)}) ||
                   regions_overlap(r, {weights_mut_, weights_mut_ != nullptr ? in_ * out_ * sizeof(T) : 0}) ||
                   regions_overlap(r, {biases_, biases_ != nullptr ? out_ * sizeof(T) : 0});
        for (const region& e : extra_written_) hit = hit || regions_overlap(r, e);
        return hit;
    }

    status bind(span<const T> src, std::size_t width, const T*& bound, std::size_t& bound_size,
                const char* where) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, where);
        if (src.data() == nullptr) return detail::fail(status::null_buffer, where);
        if (!aligned(src.data())) return detail::fail(status::misaligned_buffer, where);
        if (src.size() != batch_ * width) return detail::fail(status::size_mismatch, where);
        if (overlaps_written({src.data(), src.size() * sizeof(T)}))
            return detail::fail(status::overlapping_buffers, where);
        bound = src.data();
        bound_size = src.size();
        return status::ok;
    }

    // NOLINTBEGIN(cppcoreguidelines-non-private-member-variables-in-classes,misc-non-private-member-variables-in-classes)
    T* inputs_own_ = nullptr;
    const T* inputs_bound_ = nullptr;
    std::size_t inputs_bound_size_ = 0;
    T* outputs_ = nullptr;
    const T* weights_ = nullptr;
    T* weights_mut_ = nullptr;                                  // nullptr: read-only weights
    T* biases_ = nullptr;                                       // nullptr: none
    const T* mask_ = nullptr;                                   // nullptr: none
    std::size_t in_ = 0, out_ = 0, max_batch_ = 0, batch_ = 0;  // batch_ 0: not initialised
    WeightLayout layout_ = WeightLayout::normal;
    T resist_scale_ = T(1);
    bool scaled_ = false;
    bool resist_refused_ = false;  // a fixed synapse constructed with a resist_scale it refused
    region extra_written_[4] = {{nullptr, 0}, {nullptr, 0}, {nullptr, 0}, {nullptr, 0}};
    // NOLINTEND(cppcoreguidelines-non-private-member-variables-in-classes,misc-non-private-member-variables-in-classes)
};

// help() of the synapses: ngclearn's description of the class, in its structure
// (ngcrt::write_help_json). The compartments' `what` is the error cells' engine slot and
// means nothing here.
inline constexpr compartment_info dense_synapse_compartments[] = {
    {"inputs", compartment_role::input, true, "", "", "Takes in external input signal values",
     slot::prediction},
    {"outputs", compartment_role::output, true, "", "", "Output of synaptic transformation", slot::state},
    {"weights", compartment_role::output, false, "", "", "Synapse efficacy/strength parameter values",
     slot::state},
    {"biases", compartment_role::output, false, "", "", "Base-rate/bias parameter values", slot::state}};
inline constexpr hyperparameter_info dense_synapse_hyperparameters[] = {
    {"shape", "Shape of synaptic weight value matrix; number inputs x number outputs"},
    {"batch_size", "Batch size dimension of this component"},
    {"resist_scale", "Resistance level scaling factor (applied to output of transformation)"},
    {"biases", "none (ngclearn without bias_init: the scalar 0) or one row of out values"},
    {"layout", "normal: weights (in, out) row-major; transposed: the buffer holds W^T, (out, in)"}};
inline constexpr help_info dense_synapse_help{
    "DenseSynapse",
    "DenseSynapse - performs a synaptic transformation of inputs to produce output signals (a scaled linear "
    "multivariate transformation)",
    {dense_synapse_compartments, 4},
    "outputs = [(W * mask) * inputs] * resist_scale + b",
    {dense_synapse_hyperparameters, 5}};

}  // namespace detail

// A dense synapse over caller buffers (docs/memory.md's third form), any size.
template <class T>
class DenseSynapseView : public detail::synapse_core<T> {
    using core = detail::synapse_core<T>;

public:
    using config = dense_synapse_config;
    using buffers = dense_synapse_buffers<T>;

    DenseSynapseView() noexcept = default;

    // Binds the view to the buffers and puts it in its initial state: inputs and outputs
    // zeros, no mask, resist_scale as given (finite), batch_size() = max_batch. Checks: in,
    // out > 0 (invalid_shape), max_batch > 0 (invalid_batch_size), sizes overflowing
    // (size_mismatch), unknown biases or layout (invalid_argument), each buffer null,
    // misaligned or too short, any two overlapping, resist_scale not finite. On error nothing
    // is written and the view is not initialised.
    status init(const config& cfg, const buffers& buf, T resist_scale = T(1)) noexcept {
        this->forget();
        detail::synapse_sizes z{};
        if (const status s = core::check_dense(cfg.in, cfg.out, cfg.max_batch, cfg.biases, cfg.layout,
                                               buf.inputs, buf.outputs, buf.weights, buf.biases, z);
            s != status::ok)
            return detail::fail(s, "init");
        const detail::region r[] = {
            {buf.inputs.data(), z.batch_in * sizeof(T)},
            {buf.outputs.data(), z.batch_out * sizeof(T)},
            {buf.weights.data(), z.weights * sizeof(T)},
            {cfg.biases == Biases::row ? buf.biases.data() : nullptr, z.out * sizeof(T)}};
        if (detail::any_overlap(r)) return detail::fail(status::overlapping_buffers, "init");
        if (!detail::finite(resist_scale)) return detail::fail(status::invalid_argument, "init");
        this->take_dense(z, cfg.max_batch, cfg.biases, cfg.layout, buf.inputs.data(), buf.outputs.data(),
                         buf.weights.data(), nullptr, buf.biases.data(), resist_scale);
        return status::ok;
    }
    // The same over writable weights (the view then also gives write access to them).
    status init(const config& cfg, const buffers& buf, span<T> writable_weights, T resist_scale) noexcept {
        buffers b = buf;
        b.weights = writable_weights;
        if (const status s = init(cfg, b, resist_scale); s != status::ok) return s;
        this->weights_mut_ = writable_weights.data();
        return status::ok;
    }

    // ngclearn's help(), at compile time (write_help_json() formats it).
    static constexpr const help_info& help() noexcept { return detail::dense_synapse_help; }
};
template <class T>
using StaticSynapseView = DenseSynapseView<T>;

namespace detail {
template <class T, std::size_t N>
struct synapse_array {
    alignas(simd_alignment) T v[N];
};
// The fixed-capacity synapse's arrays: inputs, outputs and biases, and the weights when
// they are inside.
template <class T, std::size_t In, std::size_t Out, std::size_t MaxBatch, bool WeightsInside>
struct dense_storage {
    synapse_array<T, In * MaxBatch> inputs_array;
    synapse_array<T, Out * MaxBatch> outputs_array;
    synapse_array<T, Out> biases_array;
    synapse_array<T, In * Out> weights_array;
    span<T> own_weights() noexcept { return {weights_array.v, In * Out}; }
};
template <class T, std::size_t In, std::size_t Out, std::size_t MaxBatch>
struct dense_storage<T, In, Out, MaxBatch, false> {
    synapse_array<T, In * MaxBatch> inputs_array;
    synapse_array<T, Out * MaxBatch> outputs_array;
    synapse_array<T, Out> biases_array;
    span<T> own_weights() noexcept { return {}; }
};
}  // namespace detail

// A dense synapse with fixed capacity: inputs (MaxBatch x In), outputs (MaxBatch x Out) and
// biases inline; the weights (In x Out) inline too, or in caller storage
// (WeightStorage::caller: given to the constructor, read only). In and Out are
// ngcrt::Units<...> (a feature map's units are flattened, row-major).
//   ngclearn: DenseSynapse("W", shape=(784, 10), batch_size=4, bias_init=..., resist_scale=1.)
//   ngcrt:    ngcrt::DenseSynapse<float, ngcrt::Units<784>, ngcrt::Units<10>, 4> W{ngcrt::Biases::row};
// The weights start at zero (ngcrt takes the weights it is given: write them through
// weights()), the biases at zero.
template <class T, class In, class Out, std::size_t MaxBatch = 1,
          WeightStorage Storage = WeightStorage::inside>
class DenseSynapse
    : private detail::dense_storage<T, In::size, Out::size, MaxBatch, Storage == WeightStorage::inside>,
      public DenseSynapseView<T> {
    static_assert(is_units<In>::value && is_units<Out>::value, "In and Out must be ngcrt::Units<...>");
    static_assert(MaxBatch > 0, "a synapse needs a batch capacity of at least 1");
    static constexpr std::size_t n_in = In::size, n_out = Out::size, n_weights = In::size * Out::size;
    using storage = detail::dense_storage<T, n_in, n_out, MaxBatch, Storage == WeightStorage::inside>;
    using view = DenseSynapseView<T>;

    static constexpr dense_synapse_config config_for(Biases b, WeightLayout layout) noexcept {
        return {n_in, n_out, MaxBatch, b, layout};
    }
    typename view::buffers own(span<const T> weights) noexcept {
        return {{this->inputs_array.v, n_in * MaxBatch},
                {this->outputs_array.v, n_out * MaxBatch},
                weights,
                {this->biases_array.v, n_out}};
    }

public:
    static constexpr std::size_t capacity = MaxBatch;
    static constexpr WeightStorage weight_storage = Storage;

    // Weights inside (zeros), biases none or a row (zeros), resist_scale (finite; otherwise
    // every advance_state() returns invalid_argument until set_resist_scale() replaces it).
    template <WeightStorage S = Storage, std::enable_if_t<S == WeightStorage::inside, int> = 0>
    explicit DenseSynapse(Biases biases = Biases::none, T resist_scale = T(1)) noexcept {
        view::fill(this->weights_array.v, n_weights);
        view::fill(this->biases_array.v, n_out);
        start(view::init(config_for(biases, WeightLayout::normal), own(this->own_weights()),
                         this->own_weights(), T(1)),
              resist_scale);
    }
    // Weights in caller storage, read in place: a const array (flash) of In * Out values, its
    // size checked at compile time ...
    template <std::size_t N, WeightStorage S = Storage, std::enable_if_t<S == WeightStorage::caller, int> = 0>
    explicit DenseSynapse(const T (&weights)[N], WeightLayout layout = WeightLayout::normal,
                          Biases biases = Biases::none, T resist_scale = T(1)) noexcept {
        static_assert(N == n_weights, "the weight array must hold In * Out values");
        view::fill(this->biases_array.v, n_out);
        start(view::init(config_for(biases, layout), own({weights, N}), T(1)), resist_scale);
    }
    // ... or any span (checked at run time: a wrong size leaves the synapse not initialised,
    // and every call answers not_initialized).
    template <WeightStorage S = Storage, std::enable_if_t<S == WeightStorage::caller, int> = 0>
    explicit DenseSynapse(span<const T> weights, WeightLayout layout = WeightLayout::normal,
                          Biases biases = Biases::none, T resist_scale = T(1)) noexcept {
        view::fill(this->biases_array.v, n_out);
        if (weights.size() != n_weights) return;
        start(view::init(config_for(biases, layout), own(weights), T(1)), resist_scale);
    }

    // Not copyable: a copy would share the view's pointers (a fixed synapse is usually
    // large; copy its compartments instead).
    DenseSynapse(const DenseSynapse&) = delete;
    DenseSynapse& operator=(const DenseSynapse&) = delete;
    ~DenseSynapse() = default;

private:
    void start(status s, T resist_scale) noexcept {
        if (s != status::ok) return;
        if (!detail::finite(resist_scale)) {
            this->resist_refused_ = true;
            return;
        }
        this->take_resist_scale(resist_scale);
    }
};

// ngclearn's StaticSynapse: DenseSynapse under its other name.
template <class T, class In, class Out, std::size_t MaxBatch = 1,
          WeightStorage Storage = WeightStorage::inside>
using StaticSynapse = DenseSynapse<T, In, Out, MaxBatch, Storage>;

}  // namespace ngcrt
