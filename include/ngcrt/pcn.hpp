// ngcrt/pcn.hpp - ngc-museum's discriminative predictive-coding network (pc_discrim), built
// from ngcrt's RateCell, HebbianSynapse, StaticSynapse and GaussianErrorCell: the circuit,
// its processes and every quirk of docs/spec/pcn.md, the same bits on every kernel.
//
//   ngcrt::PCN<float, ngcrt::Layers<64, 64, 64, 10>, 50> net;   // weights, Adam, state inside
//   copy W1..W3, b1..b3 into net.weights(l), net.biases(l)      // (in, out), row-major
//   net.process(x, labels, 50, true, y_inf, &efe);               // settle T steps, then learn
//   net.infer(x, 50, y);                                          // the projection (test time)
//
// Three ways to own the memory, as the components: PCN (every array inside the object),
// PCNView (the same circuit over one caller arena of pcn_arena_size() values, any layer
// sizes chosen at run time: host tools) and PCNInference (the projection alone, over const
// weights that may sit in flash).
//
// How the circuit maps onto the components (pcn.md's names; L weight layers, n_0..n_L):
//   W_l   HebbianSynapseView (n_(l-1), n_l), biases, sign_value -1, w_bound 0: its product
//         is both the prediction mu_l (training) and Q_l (projection); inputs wired to
//         z_(l-1).zF (for l = 1: the caller's x, read in place during the call), pre
//         likewise, post to e_l.dmu
//   E_l   DenseSynapseView (n_l, n_(l-1)) reading W_l's weights in place, transposed (l >= 2);
//         inputs wired to e_l.dmu (at step 1 of the top one: the clipped label, the quirk)
//   z_l   RateCellView n_l (0 < l < L): tau, sigmoid, Euler; j wired to E_(l+1).outputs,
//         j_td to e_l.dtarget
//   q_l   RateCellView n_l, stateless sigmoid (0 < l < L), the projection's cell: j wired to
//         W_l.outputs; its z and zF ARE z_l's (the projection writes z_l.z = (h_l + 0) + 0,
//         pcn.md's step 5, in place), its j and j_td z_l's own j and j_td (unused by z_l,
//         whose inputs are wired)
//   e_l   GaussianErrorCellView n_l, Sigma = 1: mu wired to W_l.outputs, target to z_l.z
//         (the clipped label for l = L)
//   z_0, z_L, q_0, q_L, eq_L  stateless identity cells, not built: their arithmetic is
//         (x + 0) + 0, which only turns -0 into +0, and no product or Hebbian sum can tell
//         (each sums from +0, and +0 + -0 = +0 + +0), so W_1 reads x itself; the clipped
//         label (the label buffer); y = (W_L.outputs + 0) + 0
//
// RAM: besides the weights, biases, Adam's moments and the compartments the circuit reads
// (the synapses' outputs, z, zF, dmu, dtarget), four shared pools of max_batch x the widest
// layer stand for the buffers no step reads: the cells' own j, j_td, mu and target (every
// one of them wired, so they only ever receive the zeros of a reset) and the error cells'
// modulator and mask (ones, which the cells know and skip).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ngcrt/dense_synapse.hpp"
#include "ngcrt/gaussian_error_cell.hpp"
#include "ngcrt/hebbian_synapse.hpp"
#include "ngcrt/rate_cell.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"

namespace ngcrt {

// The layer sizes n_0 (inputs) .. n_L (classes) of a PCN, L >= 2 weight layers.
template <std::size_t... N>
struct Layers {
    static constexpr std::size_t count = sizeof...(N);
    static constexpr std::size_t sizes[sizeof...(N)] = {N...};
};

// The most weight layers a PCN has (the arrays of components inside PCNView).
inline constexpr std::size_t pcn_max_weight_layers = 8;

// pc_discrim's run-time settings (the training script's values as defaults). Checked by
// check(): steps (T) >= 1; dt > 0 and finite; tau > 0 and finite (ngclearn would make the
// hidden cells stateless for tau <= 0: refused here); eta > 0 and finite.
template <class T>
struct PCNSettings {
    std::size_t steps = 20;  // T: settling steps per process call
    T dt = T(1);             // pcn.md: process() hard-codes dt = 1
    T tau = T(25);           // the hidden RateCells' tau_m
    T eta = T(0.001);        // the learning rate of every layer

    constexpr bool valid() const noexcept {
        constexpr T big = T(3.4e38);
        return steps >= 1 && dt > T(0) && dt <= big && tau > T(0) && tau <= big && eta > T(0) && eta <= big;
    }
};

// A PCN's shape: the layer sizes n_0..n_L (L + 1 values, 3 <= L + 1 <= pcn_max_weight_layers
// + 1), the largest batch and the optimizer (sgd or adam).
struct pcn_config {
    span<const std::size_t> sizes;
    std::size_t max_batch = 1;
    Optimizer optimizer = Optimizer::adam;
};

namespace detail {
// Every buffer of the arena starts on a 64-byte boundary (a whole number of cache lines and
// of the widest vector).
template <class T>
constexpr std::size_t pcn_round(std::size_t n) noexcept {
    constexpr std::size_t per_line = 64 / sizeof(T);
    return (n + per_line - 1) / per_line * per_line;
}
// The arena's layout, walked once by both pcn_arena_size() and PCNView::init(): calls
// take(n) for every buffer in order.
template <class T, class Take>
constexpr void pcn_layout(const std::size_t* n, std::size_t count, std::size_t max_batch, bool adam,
                          Take&& take) noexcept {
    const std::size_t L = count - 1;
    const std::size_t B = max_batch;
    std::size_t widest = 0;
    for (std::size_t l = 1; l <= L; ++l) widest = n[l] > widest ? n[l] : widest;
    for (int k = 0; k < 4; ++k) take(pcn_round<T>(B * widest));  // the shared pools
    take(pcn_round<T>(B * n[L]));                                // the clipped label
    for (std::size_t l = 1; l <= L; ++l) {
        const std::size_t w = n[l - 1] * n[l];
        take(pcn_round<T>(w));         // W_l weights
        take(pcn_round<T>(n[l]));      // biases
        take(pcn_round<T>(n[l]));      // dBiases
        take(pcn_round<T>(B * n[l]));  // outputs
        const std::size_t moments = adam ? w + n[l] : 0;
        take(pcn_round<T>(moments));                   // Adam's m
        take(pcn_round<T>(moments));                   // and v
        if (l >= 2) take(pcn_round<T>(B * n[l - 1]));  // E_l outputs
        if (l < L) {
            take(pcn_round<T>(B * n[l]));  // z_l.z
            take(pcn_round<T>(B * n[l]));  // z_l.zF
        }
        take(pcn_round<T>(B * n[l]));  // e_l.dmu
        take(pcn_round<T>(B * n[l]));  // e_l.dtarget
        take(pcn_round<T>(1));         // Sigma
        take(pcn_round<T>(1));         // dSigma
    }
}
// The projection (pcn.md's project process) over wired components, index l = 1..L: w[l]'s
// product h_l of a_(l-1) (its inputs wired to q[l-1].zF, to x for l = 1), q[l] the stateless
// sigmoid cell with j wired to w[l]'s outputs: q_l.z = (h_l + 0) + 0, a_l = q_l.zF = s(q_l.z);
// y = (h_L + 0) + 0.
template <class Synapse, class T>
void pcn_project(Synapse* w, RateCellView<T>* q, std::size_t L, span<T> y) noexcept {
    for (std::size_t l = 1; l <= L; ++l) {
        (void)w[l].advance_state();
        if (l < L) (void)q[l].advance_state(T(1));
    }
    const span<const T> h = w[L].outputs();
    for (std::size_t i = 0; i < h.size(); ++i) y[i] = (h[i] + T(0)) + T(0);
}
// The layer sizes and batch capacity both views' init() check first: 3 to max_layers + 1
// sizes, none 0 (invalid_shape), max_batch > 0 (invalid_batch_size).
inline status pcn_check_shape(span<const std::size_t> sizes, std::size_t max_layers,
                              std::size_t max_batch) noexcept {
    if (sizes.data() == nullptr || sizes.size() < 3 || sizes.size() > max_layers + 1)
        return status::invalid_shape;
    for (std::size_t i = 0; i < sizes.size(); ++i)
        if (sizes[i] == 0) return status::invalid_shape;
    return max_batch == 0 ? status::invalid_batch_size : status::ok;
}
}  // namespace detail

// The number of T values a PCNView's arena holds for these sizes (0 if the sizes are not a
// PCN's: fewer than 3 or more than pcn_max_weight_layers + 1 of them, or one is 0).
template <class T>
constexpr std::size_t pcn_arena_size(const std::size_t* sizes, std::size_t count, std::size_t max_batch,
                                     Optimizer optimizer) noexcept {
    if (sizes == nullptr || count < 3 || count > pcn_max_weight_layers + 1 || max_batch == 0) return 0;
    for (std::size_t i = 0; i < count; ++i)
        if (sizes[i] == 0) return 0;
    // Every buffer below `limit` values, so that no size computed here or in the components
    // overflows and the whole arena's bytes fit a pointer difference (at most 5 + 14 L < 128
    // buffers). 4 Mi floats per buffer on a 32-bit target.
    constexpr std::size_t limit = std::size_t(PTRDIFF_MAX) / sizeof(T) / 128;
    for (std::size_t i = 0; i < count; ++i) {
        if (sizes[i] > limit / max_batch) return 0;
        if (i > 0 && sizes[i - 1] > (limit - 64) / sizes[i]) return 0;
    }
    std::size_t total = 0;
    detail::pcn_layout<T>(sizes, count, max_batch, optimizer == Optimizer::adam,
                          [&](std::size_t n) { total += n; });
    return total;
}

// The number of T values a PCNInferenceView's arena holds (0 for sizes that are not a PCN's).
template <class T>
constexpr std::size_t pcn_inference_arena_size(const std::size_t* sizes, std::size_t count,
                                               std::size_t max_batch) noexcept {
    if (pcn_arena_size<T>(sizes, count, max_batch, Optimizer::sgd) == 0) return 0;
    std::size_t widest = 0, total = 0;
    for (std::size_t l = 1; l < count; ++l) widest = sizes[l] > widest ? sizes[l] : widest;
    total += 2 * detail::pcn_round<T>(max_batch * widest);
    for (std::size_t l = 1; l < count; ++l) {
        total += detail::pcn_round<T>(sizes[l]) + detail::pcn_round<T>(max_batch * sizes[l]);
        if (l + 1 < count) total += 2 * detail::pcn_round<T>(max_batch * sizes[l]);
    }
    return total;
}

// The circuit, up to MaxWeightLayers weight layers, over one caller arena of pcn_arena_size()
// values (64-byte aligned, not moved while the view lives). Weights and biases start at zero: write them through weights(l) and
// biases(l) (l = 1..L). Adam's state starts at zero and lives across process() calls.
template <class T, std::size_t MaxWeightLayers = pcn_max_weight_layers>
class PCNView {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "a PCN takes float or double");
    static_assert(MaxWeightLayers >= 2 && MaxWeightLayers <= pcn_max_weight_layers,
                  "a PCN has 2 to pcn_max_weight_layers weight layers");

public:
    PCNView() noexcept = default;
    PCNView(const PCNView&) = delete;  // the components point into each other
    PCNView& operator=(const PCNView&) = delete;
    PCNView(PCNView&&) = delete;
    PCNView& operator=(PCNView&&) = delete;
    ~PCNView() = default;  // the arena belongs to the caller

    // Checks everything first (invalid_shape: bad sizes; invalid_batch_size: max_batch 0;
    // invalid_argument: an unknown optimizer or bad settings; null_buffer, misaligned_buffer
    // (not 64-byte aligned), size_mismatch: the arena), then builds the circuit. On error
    // the view stays as it was.
    status init(const pcn_config& cfg, span<T> arena, const PCNSettings<T>& settings = {}) noexcept {
        const std::size_t count = cfg.sizes.size();
        if (const status s = detail::pcn_check_shape(cfg.sizes, MaxWeightLayers, cfg.max_batch);
            s != status::ok)
            return detail::fail(s, "init");
        if (cfg.optimizer != Optimizer::sgd && cfg.optimizer != Optimizer::adam)
            return detail::fail(status::invalid_argument, "init");
        if (!settings.valid()) return detail::fail(status::invalid_argument, "init");
        if (arena.data() == nullptr) return detail::fail(status::null_buffer, "init");
        if (reinterpret_cast<std::uintptr_t>(arena.data()) % 64 != 0)
            return detail::fail(status::misaligned_buffer, "init");
        const std::size_t need = pcn_arena_size<T>(cfg.sizes.data(), count, cfg.max_batch, cfg.optimizer);
        if (need == 0) return detail::fail(status::size_mismatch, "init");  // sizes too large
        if (arena.size() < need) return detail::fail(status::size_mismatch, "init");
        return build(cfg, arena, settings);
    }

    bool initialized() const noexcept { return layers_ != 0; }
    std::size_t weight_layers() const noexcept { return layers_; }
    std::size_t size(std::size_t layer) const noexcept { return layer <= layers_ ? n_[layer] : 0; }
    std::size_t inputs() const noexcept { return n_[0]; }
    std::size_t classes() const noexcept { return n_[layers_]; }
    std::size_t max_batch() const noexcept { return max_batch_; }
    const PCNSettings<T>& settings() const noexcept { return settings_; }

    // New settings, checked (invalid_argument, nothing changed). The optimizer's state stays.
    status set_settings(const PCNSettings<T>& s) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_settings");
        if (!s.valid()) return detail::fail(status::invalid_argument, "set_settings");
        HebbianSettings<T> h = hebbian_settings(s.eta);
        for (std::size_t l = 1; l <= layers_; ++l) (void)w_[l].set_settings(h);
        settings_ = s;
        return status::ok;
    }

    // W_l (n_(l-1) x n_l, row-major: ngclearn's layout) and b_l, l = 1..L; empty otherwise.
    span<T> weights(std::size_t l) noexcept { return l >= 1 && l <= layers_ ? w_[l].weights() : span<T>{}; }
    span<T> biases(std::size_t l) noexcept { return l >= 1 && l <= layers_ ? w_[l].biases() : span<T>{}; }
    span<const T> weights(std::size_t l) const noexcept {
        return l >= 1 && l <= layers_ ? w_[l].weights() : span<const T>{};
    }
    span<const T> biases(std::size_t l) const noexcept {
        return l >= 1 && l <= layers_ ? w_[l].biases() : span<const T>{};
    }
    // Adam's step counter (all layers step together) and the components, for inspection.
    T step_count() const noexcept { return initialized() ? w_[1].step_count() : T(0); }
    const HebbianSynapseView<T>& synapse(std::size_t l) const noexcept {
        return w_[l < layers_ ? l : layers_];
    }
    const GaussianErrorCellView<T>& error_cell(std::size_t l) const noexcept {
        return e_[l < layers_ ? l : layers_];
    }
    const RateCellView<T>& rate_cell(std::size_t l) const noexcept { return z_[l < layers_ ? l : 1]; }

    // pcn.md's process(x, lab, adapt) on `batch` rows (1..max_batch): x is batch x n_0, lab
    // batch x n_L (clipped to [0.001, 0.999], a NaN propagates), y_inf receives the
    // projection (batch x n_L). With adapt: T settling steps, then every layer's Hebbian
    // step; efe (may be null) receives EFE and y_mu (may be empty) the last prediction of
    // the top layer; without adapt they receive 0. Refused, nothing changed: a bad batch,
    // short or null buffers, a y_inf overlapping the inputs.
    status process(span<const T> x, span<const T> lab, std::size_t batch, bool adapt, span<T> y_inf,
                   T* efe = nullptr, span<T> y_mu = {}) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "process");
        if (batch == 0 || batch > max_batch_) return detail::fail(status::invalid_batch_size, "process");
        const std::size_t nx = batch * n_[0], ny = batch * n_[layers_];
        if (x.data() == nullptr || lab.data() == nullptr || y_inf.data() == nullptr)
            return detail::fail(status::null_buffer, "process");
        if (x.size() < nx || lab.size() < ny || y_inf.size() < ny ||
            (y_mu.data() != nullptr && y_mu.size() < ny))
            return detail::fail(status::size_mismatch, "process");
        if (detail::overlaps(y_inf.data(), ny, x.data(), nx) ||
            detail::overlaps(y_inf.data(), ny, lab.data(), ny))
            return detail::fail(status::overlapping_buffers, "process");
        // 1. the clipped label: min(0.999, max(0.001, lab)) with float32's bounds (pcn.md); a
        // NaN fails both comparisons and passes through, as in NumPy.
        const T lo = T(0.001F), hi = T(0.999F);
        for (std::size_t i = 0; i < ny; ++i) {
            const T v = lab[i];
            label_[i] = v < lo ? lo : (v > hi ? hi : v);
        }
        // 2. reset (and wiring for this batch size; W_1 reads x in place)
        x_ = x.data();
        if (batch == batch_) {
            reset_cells();
            bind_x();
        } else {
            rewire(batch);
        }
        // 3-5. the projection: z_l.z = h_l, y_inf
        project(y_inf);
        if (!adapt) {
            if (efe != nullptr) *efe = T(0);
            for (std::size_t i = 0; i < (y_mu.data() != nullptr ? ny : 0); ++i) y_mu[i] = T(0);
            release_x();
            return status::ok;
        }
        // 6. the top error of step 1 is the clipped label (eq_L.dmu)
        (void)w_transposed_[layers_].bind_inputs({label_, ny});
        for (std::size_t t = 0; t < settings_.steps; ++t) {
            advance();
            if (t == 0) (void)w_transposed_[layers_].bind_inputs(e_[layers_].dmu());
        }
        // EFE = ((L_L + L_(L-1)) + ...) + L_1
        T energy = e_[layers_].L();
        for (std::size_t l = layers_ - 1; l >= 1; --l) energy = energy + e_[l].L();
        if (efe != nullptr) *efe = energy;
        if (y_mu.data() != nullptr) {
            const span<const T> mu = w_[layers_].outputs();
            for (std::size_t i = 0; i < ny; ++i) y_mu[i] = mu[i];
        }
        for (std::size_t l = 1; l <= layers_; ++l) (void)w_[l].evolve();
        release_x();
        return status::ok;
    }

    // The test-time projection of `batch` rows (pcn.md "Test-time inference"): y (batch x
    // n_L) receives the raw linear outputs. It overwrites the hidden cells' z with the
    // projection's pre-activations and their zF with 0 (as process() starts); the weights,
    // Adam's state and the error cells are kept. At a new batch size it resets every cell.
    status infer(span<const T> x, std::size_t batch, span<T> y) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "infer");
        if (batch == 0 || batch > max_batch_) return detail::fail(status::invalid_batch_size, "infer");
        const std::size_t nx = batch * n_[0], ny = batch * n_[layers_];
        if (x.data() == nullptr || y.data() == nullptr) return detail::fail(status::null_buffer, "infer");
        if (x.size() < nx || y.size() < ny) return detail::fail(status::size_mismatch, "infer");
        if (detail::overlaps(y.data(), ny, x.data(), nx))
            return detail::fail(status::overlapping_buffers, "infer");
        x_ = x.data();
        if (batch == batch_)
            bind_x();
        else
            rewire(batch);
        project(y);
        release_x();
        return status::ok;
    }

    // ngclearn's reset process: the cells' state to zero (weights, biases, Adam's state kept).
    status reset() noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "reset");
        rewire(batch_);
        return status::ok;
    }

private:
    static HebbianSettings<T> hebbian_settings(T eta) noexcept {
        HebbianSettings<T> h;
        h.eta = eta;
        h.w_bound = T(0);
        h.sign_value = T(-1);
        return h;
    }
    static RateSettings<T> rate_settings(T tau) noexcept {
        RateSettings<T> r;
        r.tau_m = tau;
        r.act_fx = Activation::sigmoid;
        r.prior = Prior::gaussian;
        r.gamma = T(0);
        r.integration = RateIntegration::euler;
        return r;
    }

    // Carves the arena and initialises every component; all checks were made by init().
    status build(const pcn_config& cfg, span<T> arena, const PCNSettings<T>& settings) noexcept {
        const std::size_t count = cfg.sizes.size(), L = count - 1, B = cfg.max_batch;
        const bool adam = cfg.optimizer == Optimizer::adam;
        // The buffers in layout order.
        T* next = arena.data();
        std::size_t sizes[2 + pcn_max_weight_layers * 18] = {};
        std::size_t k = 0;
        detail::pcn_layout<T>(cfg.sizes.data(), count, B, adam, [&](std::size_t n) { sizes[k++] = n; });
        k = 0;
        auto take = [&](std::size_t used) {
            T* p = next;
            for (std::size_t i = 0; i < sizes[k]; ++i) p[i] = T(0);
            next += sizes[k++];
            return span<T>{p, used};
        };
        layers_ = 0;
        for (std::size_t i = 0; i < count; ++i) n_[i] = cfg.sizes[i];
        max_batch_ = B;
        span<T> pool[4];
        for (span<T>& p : pool) p = take(0);
        label_ = take(B * n_[L]).data();
        const HebbianSettings<T> h = hebbian_settings(settings.eta);
        for (std::size_t l = 1; l <= L; ++l) {
            const std::size_t in = n_[l - 1], out = n_[l], w = in * out, moments = adam ? w + out : 0;
            hebbian_synapse_buffers<T> hb{};
            hb.weights = take(w);
            hb.biases = take(out);
            hb.dBiases = take(out);
            hb.outputs = take(B * out);
            hb.first_moments = take(moments);
            hb.second_moments = take(moments);
            if (moments == 0) hb.first_moments = hb.second_moments = span<T>{};
            if (const status s = w_[l].init({in, out, B, Biases::row, cfg.optimizer}, hb, h); s != status::ok)
                return s;
            if (l >= 2) {
                dense_synapse_buffers<T> eb{};
                eb.outputs = take(B * in);
                eb.weights = span<const T>(hb.weights);
                if (const status s =
                        w_transposed_[l].init({out, in, B, Biases::none, WeightLayout::transposed}, eb);
                    s != status::ok)
                    return s;
            }
            if (l < L) {
                RateBuffers<T> rb{};
                rb.j = pool[0].data();
                rb.j_td = pool[1].data();
                rb.z = take(B * out).data();
                rb.zF = take(B * out).data();
                rb.capacity = B * out;
                if (const status s = z_[l].init(shape::dense(out), B, B, rate_settings(settings.tau), rb);
                    s != status::ok)
                    return s;
                RateSettings<T> q = rate_settings(T(0));  // stateless sigmoid
                if (const status s = q_[l].init(shape::dense(out), B, B, q, rb); s != status::ok) return s;
            }
            typename GaussianErrorCellView<T>::buffers cb{};
            cb.mu = {pool[0].data(), B * out};
            cb.target = {pool[1].data(), B * out};
            cb.modulator = {pool[2].data(), B * out};
            cb.mask = {pool[3].data(), B * out};
            cb.dmu = take(B * out);
            cb.dtarget = take(B * out);
            cb.Sigma = take(1);
            cb.dSigma = take(1);
            typename GaussianErrorCellView<T>::config cc{};
            cc.unit_shape = shape::dense(out);
            cc.max_batch = B;
            if (const status s = e_[l].init(cc, cb, T(1)); s != status::ok) return s;
        }
        layers_ = L;
        settings_ = settings;
        batch_ = 0;
        rewire(B);
        return status::ok;
    }

    // pcn.md's reset process at an unchanged batch size: the cells' reset (z, zF, dmu,
    // dtarget, L to 0; their wired inputs are the synapses' outputs, which the process
    // recomputes before they are read, and the synapses are not reset). The stateless q_l
    // share z_l's z and zF, and their one unwired input, j_td, is a pool of zeros.
    void reset_cells() noexcept {
        for (std::size_t l = 1; l < layers_; ++l) (void)z_[l].reset();
        for (std::size_t l = 1; l <= layers_; ++l) (void)e_[l].reset();
    }
    // W_1 reads the caller's x (batch_ rows) for its product and its Hebbian pre.
    void bind_x() noexcept {
        const span<const T> x{x_, batch_ * n_[0]};
        (void)w_[1].bind_inputs(x);
        (void)w_[1].bind_pre(x);
    }
    // After a call: W_1 no longer reads the caller's x.
    void release_x() noexcept {
        x_ = nullptr;
        w_[1].unbind_inputs();
        w_[1].unbind_pre();
    }

    // Unwires everything, resets every cell to `batch` rows (pcn.md's reset process), and
    // wires the circuit again for that batch size. The synapses keep their weights, biases
    // and optimizer state; their outputs are recomputed before they are read.
    void rewire(std::size_t batch) noexcept {
        const std::size_t L = layers_;
        for (std::size_t l = 1; l <= L; ++l) {
            w_[l].unbind_inputs();
            w_[l].unbind_pre();
            w_[l].unbind_post();
            if (l >= 2) w_transposed_[l].unbind_inputs();
            if (l < L) {
                (void)z_[l].bind_j(nullptr);
                (void)z_[l].bind_j_td(nullptr);
                (void)q_[l].bind_j(nullptr);
            }
            e_[l].unbind_mu();
            e_[l].unbind_target();
        }
        for (std::size_t l = 1; l <= L; ++l) {
            (void)w_[l].batched_reset(batch);
            if (l >= 2) (void)w_transposed_[l].batched_reset(batch);
            if (l < L) {
                (void)q_[l].batched_reset(batch);
                (void)z_[l].batched_reset(batch);
            }
            (void)e_[l].batched_reset(batch);
        }
        batch_ = batch;
        for (std::size_t l = 1; l <= L; ++l) {
            const std::size_t in = n_[l - 1], out = n_[l];
            if (l >= 2 || x_ != nullptr) {
                const span<const T> below = l == 1 ? span<const T>{x_, batch * in} : z_[l - 1].zF();
                (void)w_[l].bind_inputs(below);
                (void)w_[l].bind_pre(below);
            }
            (void)w_[l].bind_post(e_[l].dmu());
            if (l >= 2) (void)w_transposed_[l].bind_inputs(e_[l].dmu());
            if (l < L) {
                (void)z_[l].bind_j(w_transposed_[l + 1].outputs().data());
                (void)z_[l].bind_j_td(e_[l].dtarget().data());
                (void)q_[l].bind_j(w_[l].outputs().data());
            }
            (void)e_[l].bind_mu(w_[l].outputs());
            (void)e_[l].bind_target(l < L ? span<const T>(z_[l].z()) : span<const T>{label_, batch * out});
        }
    }

    // The projection (detail::pcn_project), then z_l.zF back to 0: the reset value pcn.md's
    // first step starts from (a step reads s(z) from z, never that zF).
    void project(span<T> y) noexcept {
        detail::pcn_project(w_, q_, layers_, y);
        for (std::size_t l = 1; l < layers_; ++l) {
            const span<T> zF = z_[l].zF();
            for (std::size_t i = 0; i < zF.size(); ++i) zF[i] = T(0);
        }
    }

    // pcn.md's advance process: E_l (errors of the previous step), z_l, W_l (this step's
    // zF), e_l.
    void advance() noexcept {
        const std::size_t L = layers_;
        for (std::size_t l = 2; l <= L; ++l) (void)w_transposed_[l].advance_state();
        for (std::size_t l = 1; l < L; ++l) (void)z_[l].advance_state(settings_.dt);
        for (std::size_t l = 1; l <= L; ++l) (void)w_[l].advance_state();
        for (std::size_t l = 1; l <= L; ++l) (void)e_[l].advance_state();
    }

    // Index l = 1..L (index 0 unused, so that the names match pcn.md's).
    HebbianSynapseView<T> w_[MaxWeightLayers + 1];
    DenseSynapseView<T> w_transposed_[MaxWeightLayers + 1];
    RateCellView<T> z_[MaxWeightLayers];
    RateCellView<T> q_[MaxWeightLayers];
    GaussianErrorCellView<T> e_[MaxWeightLayers + 1];
    const T* x_ = nullptr;  // the caller's x, during process() and infer()
    T* label_ = nullptr;
    std::size_t n_[MaxWeightLayers + 1] = {};
    std::size_t layers_ = 0, max_batch_ = 0, batch_ = 0;
    PCNSettings<T> settings_{};
};

// The PCN with every array inside the object: Layers<n_0, ..., n_L>, MaxBatch rows, the
// optimizer fixed at compile time. init_status() says whether the settings given to the
// constructor were accepted (otherwise the defaults run).
template <class T, class LayerSizes, std::size_t MaxBatch, Optimizer Opt = Optimizer::adam>
class PCN : public PCNView<T, LayerSizes::count - 1> {
    using view = PCNView<T, LayerSizes::count - 1>;
    static_assert(LayerSizes::count >= 3 && LayerSizes::count <= pcn_max_weight_layers + 1,
                  "a PCN has 2 to pcn_max_weight_layers weight layers: Layers<n_0, ..., n_L>");
    static_assert(MaxBatch > 0, "MaxBatch must be positive");
    static constexpr std::size_t arena_size =
        pcn_arena_size<T>(LayerSizes::sizes, LayerSizes::count, MaxBatch, Opt);
    static_assert(arena_size > 0, "every layer size must be positive");

public:
    explicit PCN(const PCNSettings<T>& settings = {}) noexcept {
        const pcn_config cfg{{LayerSizes::sizes, LayerSizes::count}, MaxBatch, Opt};
        status_ = view::init(cfg, {arena_, arena_size}, settings);
        if (status_ != status::ok) (void)view::init(cfg, {arena_, arena_size}, PCNSettings<T>{});
    }
    status init_status() const noexcept { return status_; }
    static constexpr std::size_t arena_values = arena_size;

private:
    alignas(64) T arena_[arena_size];
    status status_ = status::ok;
};

// The projection alone over const weights and biases that stay where they are (a firmware's
// flash: no RAM copy of them): the test-time inference of a trained PCN, the same bits as
// PCNView::infer. Its arena holds per layer the synapse's outputs, and per hidden layer the
// cell's z and zF, with two shared pools (the cells' unread j and j_td): see
// pcn_inference_arena_size(). weights[l - 1] is W_l (n_(l-1) x n_l, row-major), biases[l - 1]
// is b_l (n_l values).
template <class T, std::size_t MaxWeightLayers = pcn_max_weight_layers>
class PCNInferenceView {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "a PCN takes float or double");
    static_assert(MaxWeightLayers >= 2 && MaxWeightLayers <= pcn_max_weight_layers,
                  "a PCN has 2 to pcn_max_weight_layers weight layers");

public:
    PCNInferenceView() noexcept = default;
    PCNInferenceView(const PCNInferenceView&) = delete;
    PCNInferenceView& operator=(const PCNInferenceView&) = delete;
    PCNInferenceView(PCNInferenceView&&) = delete;
    PCNInferenceView& operator=(PCNInferenceView&&) = delete;
    ~PCNInferenceView() = default;

    // Checks as PCNView::init (the optimizer aside) and the weights and biases: L of each,
    // non-null, aligned, of their layer's size (null_buffer, misaligned_buffer,
    // size_mismatch). On error the view stays as it was.
    status init(span<const std::size_t> sizes, std::size_t max_batch, const span<const T>* weights,
                const span<const T>* biases, span<T> arena) noexcept {
        const std::size_t count = sizes.size();
        if (const status s = detail::pcn_check_shape(sizes, MaxWeightLayers, max_batch); s != status::ok)
            return detail::fail(s, "init");
        if (weights == nullptr || biases == nullptr || arena.data() == nullptr)
            return detail::fail(status::null_buffer, "init");
        for (std::size_t l = 1; l < count; ++l) {
            const span<const T> w = weights[l - 1], b = biases[l - 1];
            if (w.data() == nullptr || b.data() == nullptr) return detail::fail(status::null_buffer, "init");
            if (!detail::aligned(w.data()) || !detail::aligned(b.data()))
                return detail::fail(status::misaligned_buffer, "init");
            if (w.size() != sizes[l - 1] * sizes[l] || b.size() != sizes[l])
                return detail::fail(status::size_mismatch, "init");
        }
        if (reinterpret_cast<std::uintptr_t>(arena.data()) % 64 != 0)
            return detail::fail(status::misaligned_buffer, "init");
        const std::size_t need = pcn_inference_arena_size<T>(sizes.data(), count, max_batch);
        if (need == 0 || arena.size() < need) return detail::fail(status::size_mismatch, "init");
        const std::size_t L = count - 1, B = max_batch;
        std::size_t widest = 0;
        for (std::size_t l = 1; l <= L; ++l) widest = sizes[l] > widest ? sizes[l] : widest;
        T* next = arena.data();
        auto take = [&](std::size_t n) {
            T* p = next;
            const std::size_t rounded = detail::pcn_round<T>(n);
            for (std::size_t i = 0; i < rounded; ++i) p[i] = T(0);
            next += rounded;
            return p;
        };
        layers_ = 0;
        T* const pool_j = take(B * widest);
        T* const pool_j_td = take(B * widest);
        RateSettings<T> q;
        q.act_fx = Activation::sigmoid;  // tau_m = 0: stateless
        for (std::size_t l = 1; l <= L; ++l) {
            const std::size_t in = sizes[l - 1], out = sizes[l];
            n_[l - 1] = in;
            n_[l] = out;
            T* const b = take(out);
            for (std::size_t i = 0; i < out; ++i) b[i] = biases[l - 1][i];
            dense_synapse_buffers<T> sb{};
            sb.outputs = {take(B * out), B * out};
            sb.weights = weights[l - 1];
            sb.biases = {b, out};
            if (const status s = w_[l].init({in, out, B, Biases::row, WeightLayout::normal}, sb);
                s != status::ok)
                return s;
            if (l < L) {
                RateBuffers<T> rb{pool_j, pool_j_td, take(B * out), take(B * out), B * out};
                if (const status s = q_[l].init(shape::dense(out), B, B, q, rb); s != status::ok) return s;
            }
        }
        layers_ = L;
        max_batch_ = B;
        batch_ = 0;
        return status::ok;
    }

    bool initialized() const noexcept { return layers_ != 0; }
    std::size_t weight_layers() const noexcept { return layers_; }
    std::size_t inputs() const noexcept { return n_[0]; }
    std::size_t classes() const noexcept { return n_[layers_]; }
    std::size_t max_batch() const noexcept { return max_batch_; }

    // As PCNView::infer: y (batch x n_L) receives the raw linear outputs of x (batch x n_0).
    status infer(span<const T> x, std::size_t batch, span<T> y) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "infer");
        if (batch == 0 || batch > max_batch_) return detail::fail(status::invalid_batch_size, "infer");
        const std::size_t nx = batch * n_[0], ny = batch * n_[layers_];
        if (x.data() == nullptr || y.data() == nullptr) return detail::fail(status::null_buffer, "infer");
        if (x.size() < nx || y.size() < ny) return detail::fail(status::size_mismatch, "infer");
        if (detail::overlaps(y.data(), ny, x.data(), nx))
            return detail::fail(status::overlapping_buffers, "infer");
        const std::size_t L = layers_;
        if (batch != batch_) {  // a new batch size: unwire, resize, wire (as PCNView)
            for (std::size_t l = 1; l <= L; ++l) {
                w_[l].unbind_inputs();
                if (l < L) (void)q_[l].bind_j(nullptr);
            }
            for (std::size_t l = 1; l <= L; ++l) {
                (void)w_[l].batched_reset(batch);
                if (l < L) (void)q_[l].batched_reset(batch);
            }
            for (std::size_t l = 2; l <= L; ++l) (void)w_[l].bind_inputs(q_[l - 1].zF());
            for (std::size_t l = 1; l < L; ++l) (void)q_[l].bind_j(w_[l].outputs().data());
            batch_ = batch;
        }
        (void)w_[1].bind_inputs({x.data(), nx});
        detail::pcn_project(w_, q_, L, y);
        w_[1].unbind_inputs();
        return status::ok;
    }

private:
    DenseSynapseView<T> w_[MaxWeightLayers + 1];
    RateCellView<T> q_[MaxWeightLayers];
    std::size_t n_[MaxWeightLayers + 1] = {};
    std::size_t layers_ = 0, max_batch_ = 0, batch_ = 0;
};

// PCNInferenceView with its arena inside, over const arrays of W_l and b_l (flash):
//   static const float W1[64 * 64] = {...}, ... b3[10] = {...};   // ngcrt-pcn pack writes these
//   ngcrt::PCNInference<float, ngcrt::Layers<64, 64, 64, 10>, 1> net{{W1, W2, W3}, {b1, b2, b3}};
template <class T, class LayerSizes, std::size_t MaxBatch>
class PCNInference : public PCNInferenceView<T, LayerSizes::count - 1> {
    using view = PCNInferenceView<T, LayerSizes::count - 1>;
    static constexpr std::size_t L = LayerSizes::count - 1;
    static_assert(LayerSizes::count >= 3 && LayerSizes::count <= pcn_max_weight_layers + 1,
                  "a PCN has 2 to pcn_max_weight_layers weight layers: Layers<n_0, ..., n_L>");
    static constexpr std::size_t arena_size =
        pcn_inference_arena_size<T>(LayerSizes::sizes, LayerSizes::count, MaxBatch);
    static_assert(arena_size > 0, "every layer size must be positive");

public:
    // weights[l - 1]: W_l's n_(l-1) * n_l values; biases[l - 1]: b_l's n_l values.
    PCNInference(const T* const (&weights)[L], const T* const (&biases)[L]) noexcept {
        span<const T> w[L], b[L];
        for (std::size_t l = 1; l <= L; ++l) {
            w[l - 1] = {weights[l - 1], LayerSizes::sizes[l - 1] * LayerSizes::sizes[l]};
            b[l - 1] = {biases[l - 1], LayerSizes::sizes[l]};
        }
        status_ = view::init({LayerSizes::sizes, LayerSizes::count}, MaxBatch, w, b, {arena_, arena_size});
    }
    status init_status() const noexcept { return status_; }
    static constexpr std::size_t arena_values = arena_size;

private:
    alignas(64) T arena_[arena_size];
    status status_ = status::ok;
};

}  // namespace ngcrt
