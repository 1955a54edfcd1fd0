// tools/replay/dense_synapse.cpp - ngcrt-replay --cell dense-synapse: inputs.npy through one
// ngcrt::DenseSynapseView<float> over weights.npy (and biases.npy, mask.npy), outputs.npy
// after each advance_state() (docs/spec/synapses.md; main.cpp's header comment lists the
// options). --transposed reads weights.npy as a forward synapse's (out, in) storage and
// computes inputs @ W^T from it in place (WeightLayout::transposed).
#include <string>
#include <vector>

#include "common.hpp"
#include "components.hpp"
#include "ngcrt/dense_synapse.hpp"

namespace ngcrt::replay {

int load_biases(const std::string& dir, std::size_t out, npy_array& b, bool& present) {
    if (int rc = load(dir, "biases.npy", false, b, present)) return rc;
    if (!present) return 0;
    if (b.shape == std::vector<std::size_t>{out} || b.shape == std::vector<std::size_t>{1, out}) return 0;
    return report(exit_bad_input, "biases.npy",
                  "shape " + shape_string(b.shape) + ": expected (" + std::to_string(out) + ",) or (1, " +
                      std::to_string(out) + ") (the outputs' width)");
}

int load_mask(const std::string& dir, const std::vector<std::size_t>& wshape, npy_array& m, bool& present) {
    if (int rc = load(dir, "mask.npy", false, m, present)) return rc;
    if (!present) return 0;
    return same_shape("mask.npy", m, "weights.npy", wshape);
}

int replay_dense_synapse(const options& o) {
    if (int rc = allow_only(o, {"--resist-scale", "--transposed"})) return rc;
    float resist_scale = 1.0f;
    if (int rc = option_float(o, "--resist-scale", float_range::finite, "resist_scale must be finite",
                              resist_scale))
        return rc;
    const bool transposed = o.has("--transposed");

    npy_array inputs, weights, biases, mask;
    bool present = false, have_biases = false, have_mask = false;
    std::size_t in = 0;
    if (int rc = load(o.in, "inputs.npy", true, inputs, present)) return rc;
    if (int rc = check_series("inputs.npy", inputs, false, in)) return rc;
    if (int rc = load(o.in, "weights.npy", true, weights, present)) return rc;
    const std::vector<std::size_t>& ws = weights.shape;
    // normal: (in, out); transposed: the forward synapse's (out, in), its in our out.
    const std::size_t w_in = ws.size() == 2 ? ws[transposed ? 1 : 0] : 0;
    if (ws.size() != 2 || w_in != in || ws[0] == 0 || ws[1] == 0)
        return report(exit_bad_input, "weights.npy",
                      "shape " + shape_string(ws) + " does not fit inputs.npy shape " +
                          shape_string(inputs.shape) + ": expected " +
                          (transposed ? "(out, " + std::to_string(in) + ") (--transposed: W^T is read)"
                                      : "(" + std::to_string(in) + ", out)"));
    const std::size_t out = ws[transposed ? 0 : 1];
    if (int rc = load_biases(o.in, out, biases, have_biases)) return rc;
    if (int rc = load_mask(o.in, ws, mask, have_mask)) return rc;

    const std::size_t steps = inputs.shape[0], batch = inputs.shape[1];
    const std::vector<std::size_t> out_shape{steps, batch, out};
    std::vector<float> outputs(steps * batch * out);
    if (steps > 0) {  // (no steps: empty outputs, and no synapse)
        std::vector<float> xb(batch * in), yb(batch * out), bb(have_biases ? out : 0);
        for (std::size_t i = 0; i < bb.size(); ++i) bb[i] = biases.data[i];
        DenseSynapseView<float> syn;
        const dense_synapse_config cfg{in, out, batch, have_biases ? Biases::row : Biases::none,
                                       transposed ? WeightLayout::transposed : WeightLayout::normal};
        status st = syn.init(cfg,
                             {{xb.data(), xb.size()},
                              {yb.data(), yb.size()},
                              {weights.data.data(), weights.data.size()},
                              {bb.data(), bb.size()}},
                             resist_scale);
        if (st != status::ok)
            return report(exit_bad_input, "weights.npy",
                          std::string("cannot make a synapse of this shape: ") + to_string(st));
        if (have_mask) {
            st = syn.bind_mask({mask.data.data(), mask.data.size()});
            if (st != status::ok) return report(exit_bad_input, "mask.npy", to_string(st));
        }
        const std::size_t nx = batch * in, ny = batch * out;
        for (std::size_t t = 0; t < steps; ++t) {
            const span<float> x = syn.inputs();
            for (std::size_t i = 0; i < nx; ++i) x[i] = inputs.data[t * nx + i];
            if (syn.advance_state() != status::ok)
                return report(exit_write_failed, "", "internal error: step " + std::to_string(t) + " failed");
            const span<const float> y = static_cast<const DenseSynapseView<float>&>(syn).outputs();
            for (std::size_t i = 0; i < ny; ++i) outputs[t * ny + i] = y[i];
        }
    }
    return write_outputs(o.out, {{"outputs.npy", out_shape, &outputs}});
}

}  // namespace ngcrt::replay
