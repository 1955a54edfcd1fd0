// ngcrt/hebbian_synapse.hpp - ngclearn's HebbianSynapse: a DenseSynapse (dense_synapse.hpp)
// that learns by a two-factor Hebbian rule, dW = (pre * pre_wght)^T @ (post * post_wght)
// with a soft bound, a prior and sign_value, applied by SGD or Adam; then the clip and the
// mask (docs/spec/synapses.md gives every operation and its order).
//
//   ngcrt::HebbianSettings<float> h;                  // ngclearn's defaults (eta 0: never learns)
//   h.eta = 1e-3f; h.w_bound = 0.f; h.sign_value = -1.f;
//   ngcrt::HebbianSynapse<float, ngcrt::Units<64>, ngcrt::Units<32>, 8, ngcrt::Optimizer::adam> W{h, ngcrt::Biases::row};
//   ... W.pre(), W.post() (or bind_pre / bind_post) ... W.evolve();
//
// The optimizer's state (Adam's moments and its one step counter) lives in the object (the
// fixed-capacity class) or in caller buffers (the view), and reset() keeps it, with the
// weights, the biases and the mask.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <utility>

#include "ngcrt/dense_synapse.hpp"
#include "ngcrt/engine/synapse.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"
#include "ngcrt/units.hpp"

namespace ngcrt {

// ngclearn's HebbianSynapse arguments besides the shape, the initialisers and optim_type,
// with its defaults. Each is a Python number in ngclearn, rounded to T where it meets an
// array; T here, except l1_ratio (the elastic net's k = 1 - l1_ratio is taken in double).
template <class T>
struct HebbianSettings {
    T eta = T(0);                 // the learning rate, >= 0 and finite; 0: the synapse never learns
    T w_bound = T(1);             // >= 0 and finite; > 0: soft bound and clip; 0: neither
    bool is_nonnegative = false;  // with w_bound > 0: clip to [0, w_bound], else [-w_bound, w_bound]
    WeightPrior prior =
        WeightPrior::none;  // prior = (name, lambda): weight_prior_from_name() reads ngclearn's names
    T prior_lambda = T(0);  // L2, L1: lambda; elastic net: its scale (finite)
    double l1_ratio = 0.0;  // elastic net: prior = ("elastic_net", (scale, l1_ratio)) (finite)
    T w_decay = T(0);       // deprecated: > 0 replaces the prior by (l2, w_decay) (finite)
    T sign_value = T(1);    // multiplies the update (finite): -1 ascends the Hebbian term
    T pre_wght = T(1);      // finite
    T post_wght = T(1);     // finite
    T resist_scale = T(1);  // DenseSynapse's (finite)
};

namespace detail {
constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
// a == b, or, when fold, without regard to ASCII case.
constexpr bool same_name(const char* a, const char* b, bool fold = false) noexcept {
    for (; *a != '\0' && *b != '\0'; ++a, ++b)
        if (fold ? lower(*a) != lower(*b) : *a != *b) return false;
    return *a == *b;
}
}  // namespace detail

// ngclearn's prior names: "l2", "ridge", "gaussian" (L2); "l1", "lasso", "laplacian" (L1);
// "l1l2", "elastic_net" (the elastic net); "constant", "none" or null: no prior. Only
// "gaussian" and "laplacian" are compared without regard to case, as in ngclearn. Any other
// name is invalid_argument (ngclearn silently runs no prior for it: a misspelt "L2" would
// not regularise; ngcrt says so instead; write "constant" for no prior).
constexpr status weight_prior_from_name(const char* name, WeightPrior& prior) noexcept {
    using detail::same_name;
    if (name == nullptr || same_name(name, "constant") || same_name(name, "none")) {
        prior = WeightPrior::none;
    } else if (same_name(name, "l2") || same_name(name, "ridge") || same_name(name, "gaussian", true)) {
        prior = WeightPrior::l2;
    } else if (same_name(name, "l1") || same_name(name, "lasso") || same_name(name, "laplacian", true)) {
        prior = WeightPrior::l1;
    } else if (same_name(name, "l1l2") || same_name(name, "elastic_net")) {
        prior = WeightPrior::elastic_net;
    } else {
        return status::invalid_argument;
    }
    return status::ok;
}

// ngclearn's optim_type: "sgd" or "adam". "nag" (which ngclearn has and its spec page does
// not specify) and any other name: invalid_argument.
constexpr status optimizer_from_name(const char* name, Optimizer& optimizer) noexcept {
    if (name != nullptr && detail::same_name(name, "sgd")) {
        optimizer = Optimizer::sgd;
    } else if (name != nullptr && detail::same_name(name, "adam")) {
        optimizer = Optimizer::adam;
    } else {
        return status::invalid_argument;
    }
    return status::ok;
}

// Whether a fixed-capacity HebbianSynapse keeps dWeights (ngclearn does) or computes the
// update segment by segment without keeping it (the same bits, in * out values less RAM).
enum class UpdateStorage : unsigned char { kept, not_kept };

// A HebbianSynapse's shape, capacity, biases (learned when present) and optimizer. Its
// weights are stored in ngclearn's (in, out) layout.
struct hebbian_synapse_config {
    std::size_t in = 1, out = 1;
    std::size_t max_batch = 1;
    Biases biases = Biases::none;
    Optimizer optimizer = Optimizer::sgd;
};

// A HebbianSynapse's caller buffers: DenseSynapse's (the weights writable), pre
// (max_batch * in), post (max_batch * out), dWeights (in * out), dBiases (out), and with
// Adam its moments m and v: in * out values for the weights followed, with biases, by out
// for the biases (empty with SGD). Aligned for T, pairwise disjoint, non-null except:
// inputs, pre and post may be empty (wired only: bind them before a step / evolve(), which
// answer null_buffer otherwise), and dWeights may be empty (evolve() then computes the
// update segment by segment without keeping it: the same bits, in * out values less RAM;
// dWeights() is empty).
template <class T>
struct hebbian_synapse_buffers {
    span<T> inputs, outputs, weights, biases;
    span<T> pre, post, dWeights, dBiases;
    span<T> first_moments, second_moments;
};

namespace detail {
inline constexpr compartment_info hebbian_synapse_compartments[] = {
    {"inputs", compartment_role::input, true, "", "", "Takes in external input signal values",
     slot::prediction},
    {"pre", compartment_role::input, true, "", "", "Pre-synaptic statistic for Hebb rule", slot::prediction},
    {"post", compartment_role::input, true, "", "", "Post-synaptic statistic for Hebb rule",
     slot::prediction},
    {"outputs", compartment_role::output, true, "", "", "Output of synaptic transformation", slot::state},
    {"weights", compartment_role::output, false, "", "", "Synapse efficacy/strength parameter values",
     slot::state},
    {"biases", compartment_role::output, false, "", "", "Base-rate/bias parameter values", slot::state},
    {"dWeights", compartment_role::output, false, "", "",
     "Synaptic weight value adjustment matrix produced at time t", slot::state},
    {"dBiases", compartment_role::output, false, "", "",
     "Synaptic bias/base-rate value adjustment vector produced at time t", slot::state}};
inline constexpr hyperparameter_info hebbian_synapse_hyperparameters[] = {
    {"shape", "Shape of synaptic weight value matrix; number inputs x number outputs"},
    {"batch_size", "Batch size dimension of this component"},
    {"eta", "Global learning rate (0: never learns)"},
    {"w_bound", "Soft synaptic bound applied to synapses post-update (0: none)"},
    {"is_nonnegative", "Clip the weights to [0, w_bound] instead of [-w_bound, w_bound]"},
    {"prior",
     "Prior on the weights: (l2|ridge|gaussian, lambda), (l1|lasso|laplacian, lambda), "
     "(l1l2|elastic_net, (scale, l1_ratio)) or none"},
    {"w_decay", "Deprecated: > 0 replaces the prior by (l2, w_decay)"},
    {"sign_value", "Scalar multiplied into the update (-1 ascends the Hebbian term)"},
    {"optim_type", "Optimization scheme: sgd or adam"},
    {"pre_wght", "Pre-synaptic weighting factor"},
    {"post_wght", "Post-synaptic weighting factor"},
    {"resist_scale", "Resistance level scaling factor (applied to output of transformation)"}};
inline constexpr help_info hebbian_synapse_help{
    "HebbianSynapse",
    "HebbianSynapse - performs an adaptable synaptic transformation of inputs to produce output signals; "
    "synapses are adjusted via two-term/factor Hebbian adjustment",
    {hebbian_synapse_compartments, 8},
    "outputs = [(W * mask) * inputs] * resist_scale + b; "
    "dW/dt = sign_value * ((pre * pre_wght)^T (post * post_wght) [* (w_bound - |W|)] + prior)",
    {hebbian_synapse_hyperparameters, 12}};
}  // namespace detail

// A Hebbian synapse over caller buffers, any size.
template <class T>
class HebbianSynapseView : public detail::synapse_core<T> {
    using core = detail::synapse_core<T>;

public:
    using config = hebbian_synapse_config;
    using buffers = hebbian_synapse_buffers<T>;
    using settings_type = HebbianSettings<T>;

    HebbianSynapseView() noexcept = default;

    // Binds the view to the buffers and puts it in its initial state: inputs, outputs, pre,
    // post, dWeights, dBiases zeros; Adam's moments zeros and its step counter 0; no mask;
    // the weights and biases as the buffers hold them. Checks as DenseSynapseView::init, and
    // an unknown optimizer (invalid_argument), the moments' buffers (Adam: in * out values,
    // + out with biases), the settings (set_settings). On error nothing is written and the
    // view is not initialised.
    status init(const config& cfg, const buffers& buf, const settings_type& settings = {}) noexcept {
        this->forget();
        detail::synapse_sizes z{};
        if (const status s =
                core::check_dense(cfg.in, cfg.out, cfg.max_batch, cfg.biases, WeightLayout::normal,
                                  buf.inputs, buf.outputs, span<const T>(buf.weights), buf.biases, z);
            s != status::ok)
            return detail::fail(s, "init");
        if (cfg.optimizer != Optimizer::sgd && cfg.optimizer != Optimizer::adam)
            return detail::fail(status::invalid_argument, "init");
        const bool adam = cfg.optimizer == Optimizer::adam;
        const std::size_t moments = adam ? z.weights + (cfg.biases == Biases::row ? z.out : 0) : 0;
        // pre and post may be empty (wired only: bind_pre / bind_post before evolve()).
        for (const auto& [b, n] :
             {std::pair<span<T>, std::size_t>{buf.pre, z.batch_in}, {buf.post, z.batch_out}})
            if (b.data() != nullptr) {
                if (const status s = detail::check_buffer(b, n); s != status::ok)
                    return detail::fail(s, "init");
            }
        if (const status s = detail::check_buffer(buf.dBiases, z.out); s != status::ok)
            return detail::fail(s, "init");
        const bool keep_dw = buf.dWeights.data() != nullptr;  // dWeights is optional
        if (keep_dw) {
            if (const status s = detail::check_buffer(buf.dWeights, z.weights); s != status::ok)
                return detail::fail(s, "init");
        }
        if (adam) {
            if (const status s = detail::check_buffer(buf.first_moments, moments); s != status::ok)
                return detail::fail(s, "init");
            if (const status s = detail::check_buffer(buf.second_moments, moments); s != status::ok)
                return detail::fail(s, "init");
        }
        const detail::region r[] = {
            {buf.inputs.data(), z.batch_in * sizeof(T)},
            {buf.outputs.data(), z.batch_out * sizeof(T)},
            {buf.weights.data(), z.weights * sizeof(T)},
            {cfg.biases == Biases::row ? buf.biases.data() : nullptr, z.out * sizeof(T)},
            {buf.pre.data(), z.batch_in * sizeof(T)},
            {buf.post.data(), z.batch_out * sizeof(T)},
            {keep_dw ? buf.dWeights.data() : nullptr, z.weights * sizeof(T)},
            {buf.dBiases.data(), z.out * sizeof(T)},
            {adam ? buf.first_moments.data() : nullptr, moments * sizeof(T)},
            {adam ? buf.second_moments.data() : nullptr, moments * sizeof(T)}};
        if (detail::any_overlap(r)) return detail::fail(status::overlapping_buffers, "init");
        detail::hebbian_rule<T> rule{};
        if (!rule_of(settings, cfg.optimizer, rule)) return detail::fail(status::invalid_argument, "init");

        this->take_dense(z, cfg.max_batch, cfg.biases, WeightLayout::normal, buf.inputs.data(),
                         buf.outputs.data(), buf.weights.data(), buf.weights.data(), buf.biases.data(),
                         settings.resist_scale);
        pre_own_ = buf.pre.data();
        post_own_ = buf.post.data();
        dweights_ = keep_dw ? buf.dWeights.data() : nullptr;
        dbiases_ = buf.dBiases.data();
        m_ = adam ? buf.first_moments.data() : nullptr;
        v_ = adam ? buf.second_moments.data() : nullptr;
        moments_ = moments;
        pre_bound_ = post_bound_ = nullptr;
        pre_bound_size_ = post_bound_size_ = 0;
        this->extra_written_[0] = {dweights_, keep_dw ? z.weights * sizeof(T) : 0};
        this->extra_written_[1] = {dbiases_, z.out * sizeof(T)};
        this->extra_written_[2] = {m_, moments * sizeof(T)};
        this->extra_written_[3] = {v_, moments * sizeof(T)};
        core::fill(pre_own_, z.batch_in);
        core::fill(post_own_, z.batch_out);
        if (keep_dw) core::fill(dweights_, z.weights);
        core::fill(dbiases_, z.out);
        core::fill(m_, moments);
        core::fill(v_, moments);
        t_ = T(0);
        settings_ = settings;
        rule_ = rule;
        settings_refused_ = false;
        return status::ok;
    }

    // ---- ngclearn's methods ------------------------------------------------------------
    // DenseSynapse's step (dense_synapse.hpp).
    status advance_state(T dt = T(0)) noexcept {
        if (this->initialized() && settings_refused_)
            return detail::fail(status::invalid_argument, "advance_state");
        return core::advance_state(dt);
    }
    // docs/spec/synapses.md's evolve(): dW, db from the present pre, post and weights (kept in
    // dWeights, dBiases), the optimizer on the weights (and the biases, when there are some),
    // the clip (w_bound > 0), the mask. dt is accepted and unused, as in ngclearn.
    status evolve(T dt = T(0)) noexcept {
        (void)dt;
        if (const status s = ready("evolve"); s != status::ok) return s;
        detail::hebbian_evolve(rule_, args());
        return status::ok;
    }
    // ngclearn's calc_update(): dWeights (when kept) and dBiases only.
    status calc_update() noexcept {
        if (const status s = ready("calc_update"); s != status::ok) return s;
        detail::hebbian_calc_update(rule_, args());
        return status::ok;
    }

    // batched_reset(batch_size()).
    status reset() noexcept { return batched_reset(this->batch_); }
    // DenseSynapse's reset (dense_synapse.hpp), and pre, post (unless wired), dWeights,
    // dBiases <- 0. The weights, biases, mask and the optimizer's state are kept.
    status batched_reset(std::size_t b) noexcept {
        if (this->initialized() && b != 0 && b <= this->max_batch_ &&
            ((pre_bound_ != nullptr && pre_bound_size_ != b * this->in_) ||
             (post_bound_ != nullptr && post_bound_size_ != b * this->out_)))
            return detail::fail(status::size_mismatch, "batched_reset");
        if (const status s = core::batched_reset(b); s != status::ok) return s;
        if (pre_bound_ == nullptr) core::fill(pre_own_, b * this->in_);
        if (post_bound_ == nullptr) core::fill(post_own_, b * this->out_);
        if (dweights_ != nullptr) core::fill(dweights_, this->in_ * this->out_);
        core::fill(dbiases_, this->out_);
        return status::ok;
    }

    // ---- compartments ------------------------------------------------------------------
    // pre, post: write access, or empty while wired (or without a buffer of their own).
    span<T> pre() noexcept {
        return pre_bound_ != nullptr || pre_own_ == nullptr ? span<T>{}
                                                            : span<T>{pre_own_, this->batch_ * this->in_};
    }
    span<T> post() noexcept {
        return post_bound_ != nullptr || post_own_ == nullptr ? span<T>{}
                                                              : span<T>{post_own_, this->batch_ * this->out_};
    }
    span<const T> pre() const noexcept {
        return {read_pre(), read_pre() != nullptr ? this->batch_ * this->in_ : 0};
    }
    span<const T> post() const noexcept {
        return {read_post(), read_post() != nullptr ? this->batch_ * this->out_ : 0};
    }
    // dWeights: empty when the synapse keeps no dW (its buffer was not given).
    span<const T> dWeights() const noexcept {
        return {dweights_, dweights_ != nullptr ? this->in_ * this->out_ : 0};
    }
    bool keeps_dWeights() const noexcept { return dweights_ != nullptr; }
    span<const T> dBiases() const noexcept { return {dbiases_, this->out_}; }
    status bind_pre(span<const T> src) noexcept {
        return this->bind(src, this->in_, pre_bound_, pre_bound_size_, "bind_pre");
    }
    status bind_post(span<const T> src) noexcept {
        return this->bind(src, this->out_, post_bound_, post_bound_size_, "bind_post");
    }
    void unbind_pre() noexcept {
        pre_bound_ = nullptr;
        pre_bound_size_ = 0;
    }
    void unbind_post() noexcept {
        post_bound_ = nullptr;
        post_bound_size_ = 0;
    }
    bool pre_targeted() const noexcept { return pre_bound_ != nullptr; }
    bool post_targeted() const noexcept { return post_bound_ != nullptr; }

    // ---- settings and the optimizer's state --------------------------------------------------
    // Replaces the settings: every value checked first (eta and w_bound >= 0 and finite; the
    // others finite; prior a WeightPrior), invalid_argument and nothing changed otherwise. The
    // optimizer's state is kept.
    status set_settings(const settings_type& settings) noexcept {
        if (!this->initialized()) return detail::fail(status::not_initialized, "set_settings");
        detail::hebbian_rule<T> rule{};
        if (!rule_of(settings, rule_.optimizer, rule))
            return detail::fail(status::invalid_argument, "set_settings");
        settings_ = settings;
        rule_ = rule;
        this->take_resist_scale(settings.resist_scale);
        settings_refused_ = false;
        this->resist_refused_ = false;
        return status::ok;
    }
    const settings_type& settings() const noexcept { return settings_; }
    // resist_scale alone (the settings' field follows).
    status set_resist_scale(T resist_scale) noexcept {
        if (const status s = core::set_resist_scale(resist_scale); s != status::ok) return s;
        settings_.resist_scale = resist_scale;
        return status::ok;
    }
    Optimizer optimizer() const noexcept { return rule_.optimizer; }
    // The optimizer's step counter (ngclearn's, a T; Adam's t): evolve() adds 1 first.
    T step_count() const noexcept { return t_; }
    // Restores a saved counter: a whole number >= 0 (invalid_argument otherwise).
    status set_step_count(T t) noexcept {
        if (!this->initialized()) return detail::fail(status::not_initialized, "set_step_count");
        if (!detail::nonnegative_finite(t) || t > T(9007199254740992.0) ||
            !(static_cast<T>(static_cast<unsigned long long>(t)) == t))
            return detail::fail(status::invalid_argument, "set_step_count");
        t_ = t;
        return status::ok;
    }
    // Adam's moments m and v: in * out values for the weights, then out for the biases (when
    // there are some); empty with SGD. Write access is for restoring a saved state.
    span<T> first_moments() noexcept { return {m_, moments_}; }
    span<T> second_moments() noexcept { return {v_, moments_}; }
    span<const T> first_moments() const noexcept { return {m_, moments_}; }
    span<const T> second_moments() const noexcept { return {v_, moments_}; }

    // ngclearn's help(), at compile time.
    static constexpr const help_info& help() noexcept { return detail::hebbian_synapse_help; }

protected:
    // The settings as the update uses them; false if one is refused.
    static bool rule_of(const settings_type& s, Optimizer optimizer, detail::hebbian_rule<T>& rule) noexcept {
        using detail::finite;
        const bool ok = detail::nonnegative_finite(s.eta) && detail::nonnegative_finite(s.w_bound) &&
                        finite(s.prior_lambda) && finite(s.l1_ratio) && finite(s.w_decay) &&
                        finite(s.sign_value) && finite(s.pre_wght) && finite(s.post_wght) &&
                        finite(s.resist_scale) &&
                        (s.prior == WeightPrior::none || s.prior == WeightPrior::l2 ||
                         s.prior == WeightPrior::l1 || s.prior == WeightPrior::elastic_net);
        if (!ok) return false;
        rule.eta = s.eta;
        rule.w_bound = s.w_bound;
        rule.is_nonnegative = s.is_nonnegative;
        rule.prior = s.prior;
        rule.lambda = s.prior_lambda;
        rule.l1_ratio = s.l1_ratio;
        if (s.w_decay > T(0)) {  // ngclearn: w_decay > 0 replaces the prior by ("l2", w_decay)
            rule.prior = WeightPrior::l2;
            rule.lambda = s.w_decay;
        }
        rule.sign_value = s.sign_value;
        rule.pre_wght = s.pre_wght;
        rule.post_wght = s.post_wght;
        rule.optimizer = optimizer;
        return true;
    }
    // The fixed-capacity class: settings refused at construction (the defaults run until
    // set_settings() succeeds, and evolve() and advance_state() answer invalid_argument).
    void refuse_settings() noexcept { settings_refused_ = true; }

private:
    const T* read_pre() const noexcept { return pre_bound_ != nullptr ? pre_bound_ : pre_own_; }
    const T* read_post() const noexcept { return post_bound_ != nullptr ? post_bound_ : post_own_; }
    status ready(const char* where) const noexcept {
        if (!this->initialized()) return detail::fail(status::not_initialized, where);
        if (settings_refused_) return detail::fail(status::invalid_argument, where);
        if (read_pre() == nullptr || read_post() == nullptr) return detail::fail(status::null_buffer, where);
        return status::ok;
    }
    detail::evolve_args<T> args() noexcept {
        detail::evolve_args<T> a;
        a.pre = read_pre();
        a.post = read_post();
        a.weights = this->weights_mut_;
        a.biases = this->biases_;
        a.mask = this->mask_;
        a.dweights = dweights_;
        a.dbiases = dbiases_;
        a.m = m_;
        a.v = v_;
        a.t = &t_;
        a.batch = this->batch_;
        a.in = this->in_;
        a.out = this->out_;
        return a;
    }

    T* pre_own_ = nullptr;
    T* post_own_ = nullptr;
    const T* pre_bound_ = nullptr;
    const T* post_bound_ = nullptr;
    std::size_t pre_bound_size_ = 0, post_bound_size_ = 0;
    T* dweights_ = nullptr;
    T* dbiases_ = nullptr;
    T* m_ = nullptr;
    T* v_ = nullptr;
    std::size_t moments_ = 0;
    T t_ = T(0);
    settings_type settings_{};
    detail::hebbian_rule<T> rule_{};
    bool settings_refused_ = false;
};

namespace detail {
// An array of N values, or nothing (its span empty).
template <class T, std::size_t N, bool Present>
struct optional_array {
    synapse_array<T, N> array;
    span<T> get() noexcept { return {array.v, N}; }
};
template <class T, std::size_t N>
struct optional_array<T, N, false> {
    span<T> get() noexcept { return {}; }
};
// The fixed-capacity HebbianSynapse's arrays besides DenseSynapse's: pre, post, dBiases,
// dWeights (if kept), and Adam's moments.
template <class T, std::size_t In, std::size_t Out, std::size_t MaxBatch, bool Adam, bool KeepDW>
struct hebbian_extra_storage {
    synapse_array<T, In * MaxBatch> pre_array;
    synapse_array<T, Out * MaxBatch> post_array;
    synapse_array<T, Out> dbiases_array;
    optional_array<T, In * Out, KeepDW> dweights_array;
    optional_array<T, In * Out + Out, Adam> m_array, v_array;
};
template <class T, std::size_t In, std::size_t Out, std::size_t MaxBatch, bool Adam, bool KeepDW,
          bool WeightsInside>
struct hebbian_storage : dense_storage<T, In, Out, MaxBatch, WeightsInside>,
                         hebbian_extra_storage<T, In, Out, MaxBatch, Adam, KeepDW> {};
}  // namespace detail

// A Hebbian synapse with fixed capacity: every array inline (the weights too, unless
// WeightStorage::caller: then writable caller storage given to the constructor), the
// optimizer chosen at compile time (Adam's moments are inline), and dWeights kept
// (UpdateStorage::kept) or not (UpdateStorage::not_kept: in * out values less RAM, the same
// weights; dWeights() is empty).
//   ngclearn: HebbianSynapse("W", shape=(64, 32), eta=1e-3, optim_type="adam", sign_value=-1., w_bound=0.)
//   ngcrt:    ngcrt::HebbianSynapse<float, ngcrt::Units<64>, ngcrt::Units<32>, 1, ngcrt::Optimizer::adam> W{h};
// Settings refused at construction (HebbianSettings' rules) leave the defaults in place and
// make evolve() and advance_state() answer invalid_argument until set_settings() succeeds.
template <class T, class In, class Out, std::size_t MaxBatch = 1, Optimizer Opt = Optimizer::sgd,
          WeightStorage Storage = WeightStorage::inside, UpdateStorage Update = UpdateStorage::kept>
class HebbianSynapse
    : private detail::hebbian_storage<T, In::size, Out::size, MaxBatch, Opt == Optimizer::adam,
                                      Update == UpdateStorage::kept, Storage == WeightStorage::inside>,
      public HebbianSynapseView<T> {
    static_assert(is_units<In>::value && is_units<Out>::value, "In and Out must be ngcrt::Units<...>");
    static_assert(MaxBatch > 0, "a synapse needs a batch capacity of at least 1");
    static_assert(Opt == Optimizer::sgd || Opt == Optimizer::adam, "the optimizer is sgd or adam");
    static constexpr std::size_t n_in = In::size, n_out = Out::size, n_weights = In::size * Out::size;
    using storage = detail::hebbian_storage<T, n_in, n_out, MaxBatch, Opt == Optimizer::adam,
                                            Update == UpdateStorage::kept, Storage == WeightStorage::inside>;
    using view = HebbianSynapseView<T>;

    typename view::buffers own(span<T> weights) noexcept {
        return {{this->inputs_array.v, n_in * MaxBatch},
                {this->outputs_array.v, n_out * MaxBatch},
                weights,
                {this->biases_array.v, n_out},
                {this->pre_array.v, n_in * MaxBatch},
                {this->post_array.v, n_out * MaxBatch},
                this->dweights_array.get(),
                {this->dbiases_array.v, n_out},
                this->m_array.get(),
                this->v_array.get()};
    }
    void start(span<T> weights, const HebbianSettings<T>& settings, Biases biases) noexcept {
        view::fill(this->biases_array.v, n_out);
        const hebbian_synapse_config cfg{n_in, n_out, MaxBatch, biases, Opt};
        if (view::init(cfg, own(weights), settings) == status::ok) return;
        // Refused settings: the defaults, flagged (a refused shape or buffer cannot happen here).
        if (view::init(cfg, own(weights), HebbianSettings<T>{}) == status::ok) this->refuse_settings();
    }

public:
    static constexpr std::size_t capacity = MaxBatch;
    static constexpr Optimizer optimizer_value = Opt;
    static constexpr WeightStorage weight_storage = Storage;

    // Weights inside (zeros), biases none or a row (learned; zeros).
    template <WeightStorage S = Storage, std::enable_if_t<S == WeightStorage::inside, int> = 0>
    explicit HebbianSynapse(const HebbianSettings<T>& settings = {}, Biases biases = Biases::none) noexcept {
        view::fill(this->weights_array.v, n_weights);
        start(this->own_weights(), settings, biases);
    }
    // Weights in the caller's writable array of In * Out values (checked at compile time) ...
    template <std::size_t N, WeightStorage S = Storage, std::enable_if_t<S == WeightStorage::caller, int> = 0>
    explicit HebbianSynapse(T (&weights)[N], const HebbianSettings<T>& settings = {},
                            Biases biases = Biases::none) noexcept {
        static_assert(N == n_weights, "the weight array must hold In * Out values");
        start({weights, N}, settings, biases);
    }
    // ... or span (checked at run time: a wrong size leaves it not initialised).
    template <WeightStorage S = Storage, std::enable_if_t<S == WeightStorage::caller, int> = 0>
    explicit HebbianSynapse(span<T> weights, const HebbianSettings<T>& settings = {},
                            Biases biases = Biases::none) noexcept {
        if (weights.size() != n_weights) return;
        start(weights, settings, biases);
    }

    HebbianSynapse(const HebbianSynapse&) = delete;
    HebbianSynapse& operator=(const HebbianSynapse&) = delete;
    ~HebbianSynapse() = default;
};

}  // namespace ngcrt
