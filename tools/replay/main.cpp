// ngcrt-replay - runs recorded inputs through one ngcrt component and saves what it computes.
//
//   ngcrt-replay [--cell COMPONENT] --in DIR --out DIR [options]    (--component is --cell)
//
// COMPONENT, its inputs (in --in) and outputs (in --out), and its options:
//   gaussian (the default), laplacian, bernoulli, leaky-gaussian: the error cells
//       [--convention 3.1|3.2|exact] [--sigma S | --scale S | --input-logits]
//       [--tau T --dt DT [--integrator exponential|euler]]   (leaky-gaussian)
//     The files are named after the cell's compartments (its help() table); gaussian reads
//     mu.npy and Sigma.npy and writes dmu.npy and dSigma.npy, laplacian reads shift.npy and
//     Scale.npy and writes dshift.npy and dScale.npy, bernoulli reads p.npy (probabilities,
//     or logits with --input-logits) and writes dp.npy (no parameter); leaky-gaussian reads
//     and writes what gaussian does and also writes e.npy, its state after each step; it
//     needs --tau (>= 0) and --dt (> 0; every step the same dt).
//       <prediction>.npy, target.npy  (T, B, N) or (T, B, H, W, C), required
//       modulator.npy, mask.npy       same shape, optional: step t's slice is written into
//                                     the cell (through its mutable spans) before step t
//       <parameter>.npy               optional: () or (1,) for a scalar parameter, the unit
//                                     shape (N,) or (H, W, C) for one per unit, (N, N) for a
//                                     full covariance (Sigma, dense units, --convention
//                                     exact; its lower triangle is read); or --sigma /
//                                     --scale (the parameter's name in lower case)
//     writes d<prediction>.npy, dtarget.npy (the prediction's shape), L.npy (T,),
//     d<parameter>.npy ((T,) + the parameter's shape; () without its file), e.npy
//     (leaky-gaussian: the prediction's shape)
//   rate-cell: RateCell (docs/spec/rate-cell.md)
//       --tau-m T --dt DT [--act-fx NAME] [--prior NAME] [--gamma G] [--integration NAME]
//       [--output-scale S] [--resist-scale R] [--convention 3.1|3.2|exact]
//     reads j.npy (T, B, N) or (T, B, H, W, C), and optionally j_td.npy (the same shape; else
//     zeros); step t's j and j_td are written into the cell before advance_state(dt); writes
//     z.npy and zF.npy (j's shape), the state after each step. The names are ngclearn's:
//     tau_m <= 0 is the stateless mode; --act-fx identity (default), sigmoid, tanh, relu,
//     lrelu, relu6, softplus, elu, silu, gelu, telu, sine, softmax, unit_threshold, bkwta or
//     a name containing heaviside; --prior gaussian (default), laplacian, cauchy, exp (other
//     names, which ngclearn runs as gaussian, are refused); --integration euler (default),
//     rk1, midpoint, rk2, heun, rk2_heun, ralston, rk2_ralston, rk4, run as ngclearn 3.1 runs
//     them: midpoint and rk2 run RK2, heun and rk2_heun run RK4, the others Euler (other
//     names are refused). No threshold.
//   dense-synapse (or static-synapse): DenseSynapse (docs/spec/synapses.md)
//       [--resist-scale R] [--transposed]
//     reads inputs.npy (T, B, in), weights.npy (in, out), optionally biases.npy (out,) or
//     (1, out) and mask.npy (the weights' shape); writes outputs.npy (T, B, out):
//     ((inputs @ (weights * mask)) * resist_scale) + biases per step. --transposed:
//     weights.npy is a forward synapse's (out, in) storage, read in place, and the product
//     is inputs @ weights^T (ngcrt's WeightLayout::transposed).
//   hebbian-synapse: HebbianSynapse's learning (docs/spec/synapses.md)
//       [--eta E] [--w-bound B] [--nonnegative] [--prior NAME [--lambda L] [--l1-ratio R]]
//       [--w-decay D] [--sign-value S] [--optim-type sgd|adam] [--pre-wght P] [--post-wght P]
//     reads pre.npy (T, B, in), post.npy (T, B, out), the initial weights.npy (in, out),
//     optionally biases.npy (out,) or (1, out) (learned) and mask.npy (in, out); step t's
//     pre and post are written into the synapse before evolve(); writes weights.npy
//     (T, in, out) and dWeights.npy (T, in, out), dBiases.npy (T, out), and with biases.npy
//     biases.npy (T, out): the values after each evolve(). ngclearn's defaults (eta 0: the
//     weights never change, w_bound 1, sgd); --prior l2, ridge, gaussian, l1, lasso,
//     laplacian, l1l2, elastic_net (--lambda is the scale, --l1-ratio its ratio), constant,
//     none. --out must not be --in (the outputs take the inputs' names).
// Inputs: NumPy .npy, '<f4', C or Fortran order, format version 1.0, 2.0 or 3.0. Outputs:
// float32, C order, in --out (created if missing, one level). T = 0 is valid: empty outputs.
//
// Exit status: 0 success (prints nothing); 2 usage error or bad input (one line on stderr
// naming the file or option); 1 the outputs could not be written, or memory ran out (one
// line on stderr).
// Everything is computed in memory first; each output is written to a temporary file in
// --out and renamed into place, and temporaries are removed on any failure, so --out never
// holds a half-written output.
#include <cstdio>
#include <exception>
#include <string>

#include "common.hpp"
#include "components.hpp"
#include "error_cells.hpp"

namespace ngcrt::replay {

const char* const usage_text =
    "usage: ngcrt-replay [--cell COMPONENT] --in DIR --out DIR [options]; ngcrt-replay --help lists them\n"
    "  COMPONENT: gaussian (default), laplacian, bernoulli, leaky-gaussian, rate-cell, dense-synapse\n"
    "             (or static-synapse), hebbian-synapse; --component is another name for --cell\n"
    "  error cells:     [--convention 3.1|3.2|exact] [--sigma S | --scale S | --input-logits]\n"
    "                   [--tau T --dt DT [--integrator exponential|euler]]   (leaky-gaussian)\n"
    "  rate-cell:       --tau-m T --dt DT [--act-fx NAME] [--prior NAME] [--gamma G]\n"
    "                   [--integration NAME] [--output-scale S] [--resist-scale R] [--convention C]\n"
    "  dense-synapse:   [--resist-scale R] [--transposed]\n"
    "  hebbian-synapse: [--eta E] [--w-bound B] [--nonnegative] [--prior NAME [--lambda L]\n"
    "                   [--l1-ratio R]] [--w-decay D] [--sign-value S] [--optim-type sgd|adam]\n"
    "                   [--pre-wght P] [--post-wght P]\n"
    "  files and shapes: docs/replay.md";

namespace {
int replay_component(const options& o) {
    if (o.component == "rate-cell") return replay_rate_cell(o);
    if (o.component == "dense-synapse" || o.component == "static-synapse") return replay_dense_synapse(o);
    if (o.component == "hebbian-synapse") return replay_hebbian_synapse(o);
    bool found = false;
    const int rc = replay_error_cell(o, found);
    if (found) return rc;
    return usage_error(o.component_option + ": '" + o.component + "' is not one of " + error_cell_names() +
                       ", rate-cell, dense-synapse, static-synapse, hebbian-synapse");
}
}  // namespace

}  // namespace ngcrt::replay

int main(int argc, char** argv) {
    namespace r = ngcrt::replay;
    try {
        r::options o;
        if (int rc = r::parse_args(argc, argv, o)) return rc;
        if (o.help) {
            std::printf("%s\n", r::usage_text);
            return 0;
        }
        return r::replay_component(o);
    } catch (const std::exception& e) {  // std::bad_alloc for inputs too large for memory
        r::remove_temps();
        return r::report(r::exit_write_failed, "", std::string("fatal: ") + e.what());
    }
}
