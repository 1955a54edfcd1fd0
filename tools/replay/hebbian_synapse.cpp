// tools/replay/hebbian_synapse.cpp - ngcrt-replay --cell hebbian-synapse: pre.npy and
// post.npy through one ngcrt::HebbianSynapseView<float>'s evolve(), from the initial
// weights.npy (and biases.npy, mask.npy); the weights, biases, dWeights and dBiases after
// each evolve() (docs/spec/synapses.md; main.cpp's header comment lists the options). The
// forward product is dense-synapse's: this replays the learning only.
#include <sys/stat.h>

#include <string>
#include <vector>

#include "common.hpp"
#include "components.hpp"
#include "ngcrt/hebbian_synapse.hpp"

namespace ngcrt::replay {

namespace {

int read_settings(const options& o, HebbianSettings<float>& h, Optimizer& optimizer) {
    if (int rc = allow_only(o, {"--eta", "--w-bound", "--nonnegative", "--prior", "--lambda", "--l1-ratio",
                                "--w-decay", "--sign-value", "--optim-type", "--pre-wght", "--post-wght"}))
        return rc;
    if (int rc = option_float(o, "--eta", float_range::nonnegative, "eta must be >= 0 and finite", h.eta))
        return rc;
    if (int rc = option_float(o, "--w-bound", float_range::nonnegative, "w_bound must be >= 0 and finite",
                              h.w_bound))
        return rc;
    h.is_nonnegative = o.has("--nonnegative");
    if (int rc = option_float(o, "--lambda", float_range::finite, "lambda must be finite", h.prior_lambda))
        return rc;
    if (int rc = option_double(o, "--l1-ratio", h.l1_ratio)) return rc;
    if (int rc = option_float(o, "--w-decay", float_range::finite, "w_decay must be finite", h.w_decay))
        return rc;
    if (int rc =
            option_float(o, "--sign-value", float_range::finite, "sign_value must be finite", h.sign_value))
        return rc;
    if (int rc = option_float(o, "--pre-wght", float_range::finite, "pre_wght must be finite", h.pre_wght))
        return rc;
    if (int rc = option_float(o, "--post-wght", float_range::finite, "post_wght must be finite", h.post_wght))
        return rc;
    if (const std::string* v = o.find("--prior")) {
        if (weight_prior_from_name(v->c_str(), h.prior) != status::ok)
            return usage_error(
                "--prior: '" + *v +
                "' is not one of l2, ridge, gaussian, l1, lasso, laplacian, l1l2, elastic_net, "
                "constant, none");
    }
    if ((o.has("--lambda") || o.has("--l1-ratio")) && h.prior == WeightPrior::none)
        return usage_error(std::string(o.has("--lambda") ? "--lambda" : "--l1-ratio") +
                           " needs --prior NAME");
    if (o.has("--l1-ratio") && h.prior != WeightPrior::elastic_net)
        return usage_error("--l1-ratio is the elastic net's (--prior elastic_net or l1l2)");
    if (const std::string* v = o.find("--optim-type")) {
        if (optimizer_from_name(v->c_str(), optimizer) != status::ok)
            return usage_error("--optim-type: '" + *v + "' is not sgd or adam");
    }
    return 0;
}

// The outputs share the inputs' names (weights.npy, biases.npy): --out must be another directory.
bool same_directory(const std::string& a, const std::string& b) {
    struct stat sa {
    }, sb{};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

}  // namespace

int replay_hebbian_synapse(const options& o) {
    HebbianSettings<float> h;
    Optimizer optimizer = Optimizer::sgd;
    if (int rc = read_settings(o, h, optimizer)) return rc;
    if (same_directory(o.in, o.out))
        return usage_error(
            "--out is --in: hebbian-synapse's outputs would replace its inputs weights.npy, "
            "biases.npy");

    npy_array pre, post, weights, biases, mask;
    bool present = false, have_biases = false, have_mask = false;
    std::size_t in = 0, out = 0;
    if (int rc = load(o.in, "pre.npy", true, pre, present)) return rc;
    if (int rc = check_series("pre.npy", pre, false, in)) return rc;
    if (int rc = load(o.in, "post.npy", true, post, present)) return rc;
    if (int rc = check_series("post.npy", post, false, out)) return rc;
    if (post.shape[0] != pre.shape[0] || post.shape[1] != pre.shape[1])
        return report(exit_bad_input, "post.npy",
                      "shape " + shape_string(post.shape) + " does not match pre.npy shape " +
                          shape_string(pre.shape) + " in T and B");
    if (int rc = load(o.in, "weights.npy", true, weights, present)) return rc;
    if (int rc = same_shape("weights.npy", weights, "pre.npy and post.npy's (in, out)", {in, out})) return rc;
    if (int rc = load_biases(o.in, out, biases, have_biases)) return rc;
    if (int rc = load_mask(o.in, weights.shape, mask, have_mask)) return rc;

    const std::size_t steps = pre.shape[0], batch = pre.shape[1], nw = in * out;
    std::vector<float> w_out(steps * nw), dw_out(steps * nw), b_out(have_biases ? steps * out : 0),
        db_out(steps * out);
    if (steps > 0) {  // (no steps: empty outputs, and no synapse)
        const bool adam = optimizer == Optimizer::adam;
        const std::size_t moments = adam ? nw + (have_biases ? out : 0) : 0;
        std::vector<float> yb(batch * out), wb(weights.data), bb(have_biases ? out : 0), preb(batch * in),
            postb(batch * out), dwb(nw), dbb(out), m(moments), v(moments);
        for (std::size_t i = 0; i < bb.size(); ++i) bb[i] = biases.data[i];
        HebbianSynapseView<float> syn;
        const hebbian_synapse_config cfg{in, out, batch, have_biases ? Biases::row : Biases::none, optimizer};
        hebbian_synapse_buffers<float> buf{};
        buf.outputs = {yb.data(), yb.size()};
        buf.weights = {wb.data(), wb.size()};
        buf.biases = {bb.data(), bb.size()};
        buf.pre = {preb.data(), preb.size()};
        buf.post = {postb.data(), postb.size()};
        buf.dWeights = {dwb.data(), dwb.size()};
        buf.dBiases = {dbb.data(), dbb.size()};
        buf.first_moments = {m.data(), m.size()};
        buf.second_moments = {v.data(), v.size()};
        status st = syn.init(cfg, buf, h);
        if (st != status::ok)
            return report(
                exit_bad_input, "weights.npy",
                std::string("cannot make a synapse of this shape and these settings: ") + to_string(st));
        if (have_mask) {
            st = syn.bind_mask({mask.data.data(), mask.data.size()});
            if (st != status::ok) return report(exit_bad_input, "mask.npy", to_string(st));
        }
        const std::size_t npre = batch * in, npost = batch * out;
        for (std::size_t t = 0; t < steps; ++t) {
            const span<float> p = syn.pre(), q = syn.post();
            for (std::size_t i = 0; i < npre; ++i) p[i] = pre.data[t * npre + i];
            for (std::size_t i = 0; i < npost; ++i) q[i] = post.data[t * npost + i];
            if (syn.evolve() != status::ok)
                return report(exit_write_failed, "", "internal error: step " + std::to_string(t) + " failed");
            const HebbianSynapseView<float>& c = syn;
            const span<const float> w = c.weights(), dw = c.dWeights(), b = c.biases(), db = c.dBiases();
            for (std::size_t i = 0; i < nw; ++i) {
                w_out[t * nw + i] = w[i];
                dw_out[t * nw + i] = dw[i];
            }
            for (std::size_t i = 0; i < out; ++i) {
                db_out[t * out + i] = db[i];
                if (have_biases) b_out[t * out + i] = b[i];
            }
        }
    }
    std::vector<output_array> files = {{"weights.npy", {steps, in, out}, &w_out},
                                       {"dWeights.npy", {steps, in, out}, &dw_out},
                                       {"dBiases.npy", {steps, out}, &db_out}};
    if (have_biases) files.push_back({"biases.npy", {steps, out}, &b_out});
    return write_outputs(o.out, files);
}

}  // namespace ngcrt::replay
