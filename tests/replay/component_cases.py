#!/usr/bin/env python3
"""ngcrt-replay for the components besides the error cells: rate-cell, dense-synapse,
hebbian-synapse.

    component_cases.py PATH/TO/ngcrt-replay WORKDIR

Each case writes random inputs with numpy (C order, and Fortran order: np.save of a
transposed copy), runs the tool and compares its outputs with an independent float64 numpy
evaluation of docs/spec/rate-cell.md and docs/spec/synapses.md:

  rate-cell        z, zF after each step. The float32 step rounds a handful of operations per
                   stage (and exp / tanh are ngcrt's, within an ulp or two); the float64
                   trajectory differs by a few ulp per step, carried along by the state, so
                   the bound is 16 (t + 1) 2^-24 (1 + |ref|) at step t (about 1e-6 per step
                   for values of order 1). ngclearn's integrator names are checked to run what
                   ngclearn runs (rk4 runs Euler, heun runs RK4), and the spec's sigmoid
                   regression vector bit for bit.
  dense-synapse    outputs within 1e-5 relative of |resist_scale| * sum |x_i W_io| + |b_o|
                   (a float32 running sum of K products is within K 2^-24 of that quantity).
  hebbian-synapse  dWeights, dBiases within 1e-5 of the sum of their terms' magnitudes; the
                   weights and biases within (t + 1) 1e-6 (1 + |W| + eta S) (S the magnitude
                   of the update's terms; Adam: the update is about eta per step).

and the error paths (exit status 2, exactly one line on stderr naming the file or option,
--out left untouched): shape mismatches, NaN dt, unknown names, missing files, options of
another component. Exits non-zero on failure, with a message per failed case.
"""
import os
import shutil
import subprocess
import sys

import numpy as np

F32 = np.float32
EPS = 2.0 ** -24
FAILURES = []


def fail(case, msg):
    FAILURES.append(f"{case}: {msg}")
    print(f"FAIL {case}: {msg}", file=sys.stderr)


def run(tool, args):
    return subprocess.run([tool] + [str(a) for a in args], capture_output=True, text=True, timeout=60)


def save(d, name, arr, fortran):
    arr = np.asarray(arr, F32)
    if fortran and arr.ndim >= 2:
        arr = np.asfortranarray(arr)  # np.save writes fortran_order: True (unless C order too: T = 0)
    np.save(os.path.join(d, name), arr)


def dirs(work, name):
    ind, out = os.path.join(work, name, "in"), os.path.join(work, name, "out")
    os.makedirs(ind)
    return ind, out


def run_ok(tool, case, args, out, expected):
    r = run(tool, args)
    if r.returncode != 0 or r.stdout or r.stderr:
        fail(case, f"exit status {r.returncode}, stdout {r.stdout!r}, stderr {r.stderr!r}")
        return None
    if sorted(os.listdir(out)) != sorted(expected):
        fail(case, f"--out holds {sorted(os.listdir(out))}, expected {sorted(expected)}")
        return None
    got = {n: np.load(os.path.join(out, n)) for n in expected}
    for n, a in got.items():
        if a.dtype != F32:
            fail(case, f"{n} has dtype {a.dtype}")
    return got


# ---- rate-cell: float64 reference ---------------------------------------------------------

def fx_dfx(name, x):
    if name == "identity":
        return x + 0.0, np.ones_like(x)
    if name == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-x))
        return s, s * (1.0 - s)
    if name == "tanh":
        t = np.tanh(x)
        return t, 1.0 - t * t
    if name == "relu":
        return np.maximum(x, 0.0), (x >= 0).astype(np.float64)
    if name == "softmax":  # rows: the last axis; 3.1's derivative stand-in is 1
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True), np.ones_like(x)
    raise ValueError(name)


def leak(prior, x):
    if prior == "gaussian":
        return x
    if prior == "laplacian":
        return np.sign(x)
    if prior == "cauchy":
        return (2.0 * x) / (1.0 + x * x)
    if prior == "exp":
        return np.exp(-(x * x)) * x * 2.0
    raise ValueError(prior)


RUNS = {"euler": "euler", "rk1": "euler", "ralston": "euler", "rk2_ralston": "euler", "rk4": "euler",
        "midpoint": "midpoint", "rk2": "midpoint", "heun": "rk4", "rk2_heun": "rk4"}


def rate_reference(j, j_td, tau_m, dt, act, prior, gamma, integration, resist, output_scale):
    """z, zF (float64) after each step; j, j_td (T, B, ...) float64. Rows: the last axis."""
    T = j.shape[0]
    z = np.zeros(j.shape[1:])
    zs, zFs = np.zeros(j.shape), np.zeros(j.shape)
    method = RUNS[integration]
    for t in range(T):
        if tau_m <= 0:
            z = j[t] + j_td[t]
        else:
            _, d = fx_dfx(act, z)
            drive = j[t] * d * resist + j_td[t]
            f = lambda x: (-leak(prior, x) * gamma + drive) / tau_m  # noqa: E731
            if method == "euler":
                z = z + f(z) * dt
            elif method == "midpoint":
                z = z + f(z + f(z) * dt / 2) * dt
            else:
                k1 = f(z)
                k2 = f(z + k1 * dt / 2)
                k3 = f(z + k2 * dt / 2)
                k4 = f(z + k3 * dt)
                z = z + (k1 + 2 * k2 + 2 * k3 + k4) / 6 * dt
        zs[t] = z
        zFs[t] = fx_dfx(act, z)[0] * output_scale
    return zs, zFs


def rate_case(tool, work, idx, rng, shape, act, prior, gamma, integration, tau_m, dt, with_td, fortran,
              resist=1.0, output_scale=1.0, convention=None):
    case = (f"rate-cell case {idx}: {shape} {act} prior {prior} gamma {gamma} {integration} tau_m {tau_m} "
            f"dt {dt}{' j_td' if with_td else ''}{' Fortran' if fortran else ''}")
    ind, out = dirs(work, f"rate{idx}")
    j = rng.uniform(-1.5, 1.5, shape).astype(F32)
    j_td = rng.uniform(-0.5, 0.5, shape).astype(F32) if with_td else np.zeros(shape, F32)
    save(ind, "j.npy", j, fortran)
    if with_td:
        save(ind, "j_td.npy", j_td, fortran)
    args = ["--cell", "rate-cell", "--in", ind, "--out", out, "--tau-m", tau_m, "--dt", dt, "--act-fx", act,
            "--prior", prior, "--gamma", gamma, "--integration", integration]
    if resist != 1.0:
        args += ["--resist-scale", resist]
    if output_scale != 1.0:
        args += ["--output-scale", output_scale]
    if convention:
        args += ["--convention", convention]
    got = run_ok(tool, case, args, out, ["z.npy", "zF.npy"])
    if got is None:
        return
    f = lambda v: float(F32(v))  # noqa: E731  (the tool takes float32 settings)
    zs, zFs = rate_reference(j.astype(np.float64), j_td.astype(np.float64), f(tau_m), f(dt), act, prior,
                             f(gamma), integration, f(resist), f(output_scale))
    for name, ref in (("z.npy", zs), ("zF.npy", zFs)):
        g = got[name]
        if g.shape != shape:
            fail(case, f"{name} shape {g.shape}, expected {shape}")
            continue
        steps = np.arange(1, shape[0] + 1).reshape((-1,) + (1,) * (len(shape) - 1))
        tol = 16 * steps * EPS * (1 + np.abs(ref))
        err = np.abs(g.astype(np.float64) - ref)
        if not np.all(err <= tol):
            k = np.unravel_index(np.argmax(err / tol), err.shape)
            fail(case, f"{name}[{k}] = {g[k]!r}, reference {ref[k]!r} (error {err[k]:.3g}, bound {tol[k]:.3g})")


def rate_regression_vector(tool, work):
    """docs/spec/rate-cell.md, regression vector 1 (ngclearn's unit test) bit for bit: tau_m 50,
    identity, Euler, dt 1, j = 1, j_td = 0, ten steps from z = 0."""
    case = "rate-cell regression vector 1"
    ind, out = dirs(work, "rate-vector")
    np.save(os.path.join(ind, "j.npy"), np.ones((10, 1, 1), F32))
    got = run_ok(tool, case, ["--cell", "rate-cell", "--in", ind, "--out", out, "--tau-m", "50", "--dt", "1"],
                 out, ["z.npy", "zF.npy"])
    if got is None:
        return
    want = [0x3ca3d70a, 0x3d23d70a, 0x3d75c28f, 0x3da3d70a, 0x3dcccccc, 0x3df5c28e, 0x3e0f5c28, 0x3e23d709,
            0x3e3851ea, 0x3e4ccccb]
    for name in ("z.npy", "zF.npy"):  # identity: zF = z + 0
        bits = [int(b) for b in got[name].reshape(-1).view(np.uint32)]
        if bits != want:
            fail(case, f"{name} bits {[f'{b:08x}' for b in bits]}, expected {[f'{b:08x}' for b in want]}")


# ---- dense-synapse -----------------------------------------------------------------------

def dense_case(tool, work, idx, rng, T, B, n_in, n_out, biases, mask, resist, transposed, fortran):
    case = (f"dense-synapse case {idx}: T {T} B {B} {n_in}->{n_out} biases {biases} mask {mask} "
            f"resist {resist}{' transposed' if transposed else ''}{' Fortran' if fortran else ''}")
    ind, out = dirs(work, f"dense{idx}")
    x = rng.standard_normal((T, B, n_in)).astype(F32)
    W = rng.standard_normal((n_in, n_out)).astype(F32)  # the product's W
    save(ind, "inputs.npy", x, fortran)
    save(ind, "weights.npy", W.T if transposed else W, fortran)  # --transposed: the (out, in) storage
    M = np.ones((n_in, n_out), F32)
    if mask:
        M = (rng.random((n_in, n_out)) < 0.7).astype(F32)
        save(ind, "mask.npy", M.T if transposed else M, fortran)
    b = np.zeros(n_out, F32)
    if biases:
        b = rng.standard_normal(n_out).astype(F32)
        save(ind, "biases.npy", b if biases == "row" else b.reshape(1, n_out), fortran)
    args = ["--cell", "dense-synapse", "--in", ind, "--out", out]
    if resist != 1.0:
        args += ["--resist-scale", resist]
    if transposed:
        args.append("--transposed")
    got = run_ok(tool, case, args, out, ["outputs.npy"])
    if got is None:
        return
    y = got["outputs.npy"]
    if y.shape != (T, B, n_out):
        fail(case, f"outputs.npy shape {y.shape}, expected {(T, B, n_out)}")
        return
    x64, Wm = x.astype(np.float64), (W * M).astype(np.float64)
    rs = float(F32(resist))
    ref = (x64 @ Wm) * rs + b.astype(np.float64)
    scale = np.abs(rs) * (np.abs(x64) @ np.abs(Wm)) + np.abs(b.astype(np.float64))
    err = np.abs(y.astype(np.float64) - ref)
    if not np.all(err <= 1e-5 * scale + 1e-30):
        k = np.unravel_index(np.argmax(err / (scale + 1e-30)), err.shape)
        fail(case, f"outputs[{k}] = {y[k]!r}, reference {ref[k]!r}, relative {err[k] / scale[k]:.3g}")


# ---- hebbian-synapse ---------------------------------------------------------------------

def hebbian_reference(pre, post, W, b, mask, eta, w_bound, nonneg, prior, lam, sign, optim, pre_w, post_w):
    """weights, biases, dW, db after each evolve (float64); b None without biases."""
    T = pre.shape[0]
    W = W.copy()
    b = None if b is None else b.copy()
    out_W, out_b, out_dW, out_db, out_S = [], [], [], [], []
    m = [np.zeros_like(W), None if b is None else np.zeros_like(b)]
    v = [np.zeros_like(W), None if b is None else np.zeros_like(b)]
    for t in range(T):
        a, c = pre[t] * pre_w, post[t] * post_w
        dW = a.T @ c
        S = np.abs(a).T @ np.abs(c)  # the magnitude of dW's terms
        db = c.sum(axis=0)
        if w_bound > 0:
            dW = dW * (w_bound - np.abs(W))
            S = S * np.abs(w_bound - np.abs(W))
        if prior == "l2":
            dW = dW - W * lam
            S = S + np.abs(W * lam)
        dW, db = dW * sign, db * sign
        step = t + 1
        params = [W] if b is None else [W, b]
        ups = [dW] if b is None else [dW, db]
        for i, (p, u) in enumerate(zip(params, ups)):
            if optim == "sgd":
                p -= u * eta
            else:
                m[i] = 0.9 * m[i] + 0.1 * u
                v[i] = 0.999 * v[i] + 0.001 * u * u
                mh, vh = m[i] / (1 - 0.9 ** step), v[i] / (1 - 0.999 ** step)
                p -= eta * mh / (np.sqrt(vh) + 1e-8)
        if w_bound > 0:
            np.clip(W, 0.0 if nonneg else -w_bound, w_bound, out=W)
        W *= mask
        out_W.append(W.copy())
        out_b.append(None if b is None else b.copy())
        out_dW.append(dW)
        out_db.append(db)
        out_S.append(S)
    return out_W, out_b, out_dW, out_db, out_S


def hebbian_case(tool, work, idx, rng, T, B, n_in, n_out, biases, mask, optim, eta, w_bound, nonneg, prior,
                 lam, sign, fortran, pre_w=1.0, post_w=1.0):
    case = (f"hebbian-synapse case {idx}: T {T} B {B} {n_in}x{n_out} biases {biases} mask {mask} {optim} "
            f"eta {eta} w_bound {w_bound}{' nonnegative' if nonneg else ''} prior {prior} {lam} sign {sign}"
            f"{' Fortran' if fortran else ''}")
    ind, out = dirs(work, f"hebb{idx}")
    pre = rng.uniform(0, 1, (T, B, n_in)).astype(F32)
    post = rng.standard_normal((T, B, n_out)).astype(F32)
    W = rng.uniform(-0.5, 0.5, (n_in, n_out)).astype(F32)
    save(ind, "pre.npy", pre, fortran)
    save(ind, "post.npy", post, fortran)
    save(ind, "weights.npy", W, fortran)
    M = np.ones((n_in, n_out), F32)
    if mask:
        M = (rng.random((n_in, n_out)) < 0.7).astype(F32)
        save(ind, "mask.npy", M, fortran)
    b = None
    if biases:
        b = rng.uniform(-0.5, 0.5, n_out).astype(F32)
        save(ind, "biases.npy", b if biases == "row" else b.reshape(1, n_out), fortran)
    args = ["--cell", "hebbian-synapse", "--in", ind, "--out", out, "--eta", eta, "--w-bound", w_bound,
            "--sign-value", sign, "--optim-type", optim]
    if nonneg:
        args.append("--nonnegative")
    if prior != "none":
        args += ["--prior", prior, "--lambda", lam]
    if pre_w != 1.0:
        args += ["--pre-wght", pre_w]
    if post_w != 1.0:
        args += ["--post-wght", post_w]
    names = ["weights.npy", "dWeights.npy", "dBiases.npy"] + (["biases.npy"] if biases else [])
    got = run_ok(tool, case, args, out, names)
    if got is None:
        return
    f = lambda v: float(F32(v))  # noqa: E731
    rW, rb, rdW, rdb, rS = hebbian_reference(pre.astype(np.float64), post.astype(np.float64), W.astype(np.float64),
                                             None if b is None else b.astype(np.float64), M.astype(np.float64),
                                             f(eta), f(w_bound), nonneg, prior, f(lam), f(sign), optim, f(pre_w),
                                             f(post_w))
    shapes = {"weights.npy": (T, n_in, n_out), "dWeights.npy": (T, n_in, n_out), "dBiases.npy": (T, n_out),
              "biases.npy": (T, n_out)}
    for n in names:
        if got[n].shape != shapes[n]:
            fail(case, f"{n} shape {got[n].shape}, expected {shapes[n]}")
            return
    c_abs = np.abs(post.astype(np.float64) * f(post_w))
    for t in range(T):
        checks = [("dWeights.npy", got["dWeights.npy"][t], rdW[t], 1e-5 * rS[t] + 1e-30),
                  ("dBiases.npy", got["dBiases.npy"][t], rdb[t], 1e-5 * c_abs[t].sum(axis=0) + 1e-30)]
        step = eta if optim == "adam" else eta * (rS[t].max() + 1)
        checks.append(("weights.npy", got["weights.npy"][t], rW[t], (t + 1) * 1e-6 * (1 + np.abs(rW[t]) + step)))
        if biases:
            bstep = eta if optim == "adam" else eta * (c_abs[t].sum(axis=0).max() + 1)
            checks.append(("biases.npy", got["biases.npy"][t], rb[t], (t + 1) * 1e-6 * (1 + np.abs(rb[t]) + bstep)))
        for n, g, ref, tol in checks:
            err = np.abs(g.astype(np.float64) - ref)
            if not np.all(err <= tol):
                k = np.unravel_index(np.argmax(err - tol), err.shape)
                fail(case, f"step {t}: {n}[{k}] = {g[k]!r}, reference {ref[k]!r} (error {err[k]:.3g})")
                return


# ---- error paths -------------------------------------------------------------------------

def error_case(tool, work, name, files, args, fragments, out_is_in=False):
    ind, out = dirs(work, "err-" + name)
    if out_is_in:
        out = ind
    else:
        os.makedirs(out)
    for fname, arr in files.items():
        np.save(os.path.join(ind, fname), arr)
    before = sorted(os.listdir(out))
    r = run(tool, [a.replace("IN", ind).replace("OUT", out) if isinstance(a, str) else a for a in args])
    ok = (r.returncode == 2 and not r.stdout and r.stderr.count("\n") == 1 and r.stderr.endswith("\n")
          and r.stderr.startswith("ngcrt-replay: ") and all(f in r.stderr for f in fragments))
    if not ok:
        fail(name, f"exit {r.returncode}, stdout {r.stdout!r}, stderr {r.stderr!r}; expected 2 and {fragments}")
    if sorted(os.listdir(out)) != before:
        fail(name, f"--out changed: {before} -> {sorted(os.listdir(out))}")


def error_cases(tool, work):
    x = np.zeros((3, 2, 4), F32)
    R = ["--cell", "rate-cell", "--in", "IN", "--out", "OUT"]
    rate = ["--tau-m", "10", "--dt", "1"]
    cases = [
        ("rate-j_td-shape", {"j.npy": x, "j_td.npy": np.zeros((3, 2, 5), F32)}, R + rate,
         ["j_td.npy", "(3, 2, 5)", "does not match", "j.npy"]),
        ("rate-j_td-steps", {"j.npy": x, "j_td.npy": np.zeros((2, 2, 4), F32)}, R + rate, ["j_td.npy", "(2, 2, 4)"]),
        ("rate-dt-nan", {"j.npy": x}, R + ["--tau-m", "10", "--dt", "nan"], ["--dt", "invalid value 'nan'"]),
        ("rate-dt-zero", {"j.npy": x}, R + ["--tau-m", "10", "--dt", "0"], ["--dt", "invalid value '0'"]),
        ("rate-tau-inf", {"j.npy": x}, R + ["--tau-m", "inf", "--dt", "1"], ["--tau-m", "invalid value 'inf'"]),
        ("rate-gamma-abc", {"j.npy": x}, R + rate + ["--gamma", "abc"], ["--gamma", "'abc' is not a number"]),
        ("rate-unknown-act", {"j.npy": x}, R + rate + ["--act-fx", "sigmoidd"], ["--act-fx", "'sigmoidd'"]),
        ("rate-unknown-prior", {"j.npy": x}, R + rate + ["--prior", "student"], ["--prior", "'student'"]),
        ("rate-unknown-integration", {"j.npy": x}, R + rate + ["--integration", "rk45"], ["--integration", "'rk45'"]),
        ("rate-missing-j", {"j_td.npy": x}, R + rate, ["j.npy", "missing required file"]),
        ("rate-needs-tau-m", {"j.npy": x}, R + ["--dt", "1"], ["--cell rate-cell needs --tau-m T"]),
        ("rate-needs-dt", {"j.npy": x}, R + ["--tau-m", "1"], ["--cell rate-cell needs --dt DT"]),
        ("rate-j-rank-2", {"j.npy": np.zeros((3, 4), F32)}, R + rate, ["j.npy", "rank 2"]),
        ("rate-j-float64", {"j.npy": np.zeros((3, 2, 4))}, R + rate, ["j.npy", "'<f8'"]),
        ("rate-bkwta-4-units", {"j.npy": x}, R + rate + ["--act-fx", "bkwta"], ["j.npy", "bkwta", "5 units"]),
        ("rate-softmax-3.2", {"j.npy": x}, R + rate + ["--act-fx", "softmax", "--convention", "3.2"],
         ["softmax", "3.2"]),
        ("rate-sigma", {"j.npy": x}, R + rate + ["--sigma", "1"], ["--sigma is not an option of --cell rate-cell"]),
        ("rate-component-alias", {"j.npy": x}, ["--component", "rate-cell", "--in", "IN", "--out", "OUT", "--tau", "1"],
         ["--tau is not an option of --component rate-cell"]),
        ("cell-and-component", {"j.npy": x}, R + ["--component", "rate-cell"], ["--cell and --component"]),
        ("unknown-component", {}, ["--cell", "lif-cell", "--in", "IN", "--out", "OUT"],
         ["--cell: 'lif-cell' is not one of", "rate-cell", "dense-synapse", "hebbian-synapse"]),
    ]
    D = ["--cell", "dense-synapse", "--in", "IN", "--out", "OUT"]
    w = np.zeros((4, 3), F32)
    cases += [
        ("dense-weights-shape", {"inputs.npy": x, "weights.npy": np.zeros((5, 3), F32)}, D,
         ["weights.npy", "(5, 3)", "inputs.npy", "(3, 2, 4)"]),
        ("dense-weights-transposed-shape", {"inputs.npy": x, "weights.npy": w}, D + ["--transposed"],
         ["weights.npy", "(4, 3)", "--transposed"]),
        ("dense-weights-rank-1", {"inputs.npy": x, "weights.npy": np.zeros(4, F32)}, D, ["weights.npy", "(4,)"]),
        ("dense-biases-shape", {"inputs.npy": x, "weights.npy": w, "biases.npy": np.zeros(4, F32)}, D,
         ["biases.npy", "(4,)", "expected (3,) or (1, 3)"]),
        ("dense-biases-2x3", {"inputs.npy": x, "weights.npy": w, "biases.npy": np.zeros((2, 3), F32)}, D,
         ["biases.npy", "(2, 3)"]),
        ("dense-mask-shape", {"inputs.npy": x, "weights.npy": w, "mask.npy": np.zeros((3, 4), F32)}, D,
         ["mask.npy", "(3, 4)", "does not match weights.npy"]),
        ("dense-missing-weights", {"inputs.npy": x}, D, ["weights.npy", "missing required file"]),
        ("dense-missing-inputs", {"weights.npy": w}, D, ["inputs.npy", "missing required file"]),
        ("dense-inputs-rank-5", {"inputs.npy": np.zeros((1, 2, 2, 2, 1), F32), "weights.npy": w}, D,
         ["inputs.npy", "rank 5", "expected (T, B, N)"]),
        ("dense-resist-nan", {"inputs.npy": x, "weights.npy": w}, D + ["--resist-scale", "nan"], ["--resist-scale"]),
        ("dense-dt", {"inputs.npy": x, "weights.npy": w}, D + ["--dt", "1"],
         ["--dt is not an option of --cell dense-synapse"]),
        ("dense-transposed-value", {"inputs.npy": x, "weights.npy": w}, D + ["--transposed=yes"],
         ["--transposed takes no value"]),
    ]
    Hb = ["--cell", "hebbian-synapse", "--in", "IN", "--out", "OUT"]
    post = np.zeros((3, 2, 3), F32)
    hf = {"pre.npy": x, "post.npy": post, "weights.npy": w}
    cases += [
        ("hebbian-post-steps", dict(hf, **{"post.npy": np.zeros((2, 2, 3), F32)}), Hb,
         ["post.npy", "(2, 2, 3)", "pre.npy", "(3, 2, 4)"]),
        ("hebbian-weights-shape", dict(hf, **{"weights.npy": np.zeros((3, 4), F32)}), Hb,
         ["weights.npy", "(3, 4)", "(4, 3)"]),
        ("hebbian-biases-shape", dict(hf, **{"biases.npy": np.zeros((1, 4), F32)}), Hb, ["biases.npy", "(1, 4)"]),
        ("hebbian-missing-pre", {"post.npy": post, "weights.npy": w}, Hb, ["pre.npy", "missing required file"]),
        ("hebbian-missing-weights", {"pre.npy": x, "post.npy": post}, Hb, ["weights.npy", "missing required file"]),
        ("hebbian-nag", hf, Hb + ["--optim-type", "nag"], ["--optim-type", "'nag'"]),
        ("hebbian-prior-L2", hf, Hb + ["--prior", "L2", "--lambda", "0.1"], ["--prior", "'L2'"]),
        ("hebbian-eta-negative", hf, Hb + ["--eta", "-1"], ["--eta", "invalid value '-1'"]),
        ("hebbian-w-bound-nan", hf, Hb + ["--w-bound", "nan"], ["--w-bound"]),
        ("hebbian-lambda-without-prior", hf, Hb + ["--lambda", "0.1"], ["--lambda needs --prior"]),
        ("hebbian-l1-ratio-l2", hf, Hb + ["--prior", "l2", "--l1-ratio", "0.5"], ["--l1-ratio"]),
        ("hebbian-transposed", hf, Hb + ["--transposed"], ["--transposed is not an option of --cell hebbian-synapse"]),
    ]
    for name, files, args, fragments in cases:
        error_case(tool, work, name, files, args, fragments)
    error_case(tool, work, "hebbian-out-is-in", hf, ["--cell", "hebbian-synapse", "--in", "IN", "--out", "IN"],
               ["--out is --in"], out_is_in=True)
    return len(cases) + 1


def main():
    if len(sys.argv) != 3:
        print("usage: component_cases.py PATH/TO/ngcrt-replay WORKDIR", file=sys.stderr)
        return 2
    tool, work = sys.argv[1], sys.argv[2]
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    rng = np.random.default_rng(20260214)
    idx = 0
    rate = [  # shape, act, prior, gamma, integration, tau_m, dt, j_td, extra
        ((12, 3, 7), "sigmoid", "gaussian", 0.0, "euler", 10.0, 1.0, True, {}),
        ((10, 2, 5), "tanh", "laplacian", 0.3, "midpoint", 10.0, 0.5, True, {"resist": 0.7, "output_scale": 2.0}),
        ((8, 2, 2, 3, 4), "identity", "cauchy", 0.2, "heun", 5.0, 0.5, False, {}),
        ((8, 2, 6), "relu", "exp", 0.5, "rk4", 4.0, 1.0, True, {}),
        ((8, 2, 6), "sigmoid", "gaussian", 0.1, "rk2_heun", 3.0, 0.25, True, {"convention": "exact"}),
        ((6, 3, 5), "softmax", "gaussian", 0.1, "euler", 8.0, 1.0, True, {}),
        ((5, 2, 4), "sigmoid", "gaussian", 0.0, "euler", 0.0, 1.0, True, {}),  # stateless
        ((0, 2, 4), "sigmoid", "gaussian", 0.0, "euler", 10.0, 1.0, True, {}),  # T = 0
    ]
    for shape, act, prior, gamma, integ, tau_m, dt, td, extra in rate:
        for fortran in (False, True):
            rate_case(tool, work, idx, rng, shape, act, prior, gamma, integ, tau_m, dt, td, fortran, **extra)
            idx += 1
    rate_regression_vector(tool, work)
    dense = [  # T, B, in, out, biases, mask, resist, transposed
        (4, 3, 37, 11, "row", False, 1.0, False),
        (3, 2, 9, 16, "1xout", True, 0.5, False),
        (3, 4, 16, 9, None, False, 2.0, True),
        (2, 1, 5, 33, "row", True, 1.0, True),
        (0, 2, 5, 3, "row", False, 1.0, False),
    ]
    for T, B, n_in, n_out, biases, mask, resist, transposed in dense:
        for fortran in (False, True):
            dense_case(tool, work, idx, rng, T, B, n_in, n_out, biases, mask, resist, transposed, fortran)
            idx += 1
    hebb = [  # T, B, in, out, biases, mask, optim, eta, w_bound, nonneg, prior, lambda, sign
        (5, 3, 6, 4, "row", False, "sgd", 0.05, 1.0, False, "l2", 0.1, 1.0),
        (5, 2, 7, 5, None, True, "sgd", 0.1, 0.0, False, "none", 0.0, -1.0),
        (6, 3, 4, 6, "1xout", False, "adam", 1e-2, 0.0, False, "none", 0.0, -1.0),
        (4, 2, 5, 3, "row", True, "adam", 1e-3, 1.0, True, "l2", 0.05, 1.0),
        (0, 2, 5, 3, "row", False, "sgd", 0.1, 1.0, False, "none", 0.0, 1.0),
    ]
    for T, B, n_in, n_out, biases, mask, optim, eta, wb, nonneg, prior, lam, sign in hebb:
        for fortran in (False, True):
            hebbian_case(tool, work, idx, rng, T, B, n_in, n_out, biases, mask, optim, eta, wb, nonneg, prior, lam,
                         sign, fortran)
            idx += 1
    n_err = error_cases(tool, work)
    if FAILURES:
        print(f"component_cases.py: {len(FAILURES)} failure(s)", file=sys.stderr)
        return 1
    print(f"component_cases.py: {idx} round-trip cases, the regression vector and {n_err} error cases passed")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
