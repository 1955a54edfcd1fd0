#!/usr/bin/env python3
"""ngcrt-replay --cell for the cells besides the Gaussian one (make_case.py and
error_cases.py cover that one in depth).

    family_cases.py PATH/TO/ngcrt-replay WORKDIR

Round trips against a NumPy evaluation of each cell's formulas (docs/semantics.md):
  laplacian  dshift, dtarget bit-exact (float32: sign(e) / Scale, gated), L exact for a
             scalar Scale ((-count) * (1/Scale)) and within 1e-6 relative per unit;
             dScale ones of Scale's shape
  exact      --convention exact (Gaussian, Laplacian): derivatives bit-exact, L and the
             parameter's derivative within 1e-5 of the true log-density's in float64
  bernoulli  dp, dtarget bit-exact (float32, with ngcrt's exp and log from
             tests/math/ngcrt_math.py), L within 1e-5 of the float64 sum of its terms,
             probability and logit input; no dparameter file
  leaky      --cell leaky-gaussian --tau --dt [--integrator euler]: e.npy, dmu, dtarget
             bit-exact (float32 e = e + a (x - e), a = -expm1(-dt/tau) with ngcrt's expm1,
             or dt/tau), L within 1e-5; tau = 0 writes the Gaussian cell's files bit for bit
and the error paths the cells add (an option of another cell, an unknown cell, a bad
parameter file): exit status 2, one line naming the option or file, --out untouched.
Exits non-zero on failure, with a message per failed case.
"""
import os
import shutil
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "math"))
import ngcrt_math as nm  # noqa: E402  (ngcrt's exp and log, bit for bit)

F32 = np.float32
FAILURES = []


def fail(case, msg):
    FAILURES.append(f"{case}: {msg}")
    print(f"FAIL {case}: {msg}", file=sys.stderr)


def run(tool, args):
    return subprocess.run([tool] + args, capture_output=True, text=True, timeout=60)


def laplacian_reference(shift, target, mod, mask, scale, per_unit):
    e = target - shift
    sign = np.where(e > 0, F32(1), np.where(e < 0, F32(-1), e)).astype(F32)
    s = np.asarray(scale, F32)
    d = sign / s
    dshift = (d * mod) * mask
    dtarget = ((-d) * mod) * mask
    T = shift.shape[0]
    nonzero = (e != 0).reshape(T, shift.shape[1], -1)
    if per_unit:
        inv = 1.0 / s.astype(np.float64).reshape(-1)
        L = -(nonzero.sum(axis=1) * inv).sum(axis=1)
    else:
        L = (-nonzero.reshape(T, -1).sum(axis=1).astype(F32)) * (F32(1) / F32(s.reshape(-1)[0]))
    return dshift, dtarget, L


def laplacian_case(tool, work, idx, rng, shape, scale_kind, live):
    case = f"laplacian case {idx}: shape {shape}, Scale {scale_kind}, {'live' if live else 'default'}"
    ind, out = os.path.join(work, f"lap{idx}", "in"), os.path.join(work, f"lap{idx}", "out")
    os.makedirs(ind)
    shift = rng.standard_normal(shape).astype(F32)
    target = rng.standard_normal(shape).astype(F32)
    target[rng.random(shape) < 0.2] = 0
    shift[target == 0] = 0  # exact zeros of e: not counted
    np.save(os.path.join(ind, "shift.npy"), shift)
    np.save(os.path.join(ind, "target.npy"), target)
    mod, mask = np.ones(shape, F32), np.ones(shape, F32)
    if live:
        mod = rng.uniform(-2, 2, shape).astype(F32)
        mask = (rng.random(shape) < 0.7).astype(F32)
        np.save(os.path.join(ind, "modulator.npy"), mod)
        np.save(os.path.join(ind, "mask.npy"), mask)
    args = ["--cell", "laplacian", "--in", ind, "--out", out]
    per_unit, dscale_shape = False, ()
    if scale_kind == "--scale":
        scale = F32(0.75)
        args += ["--scale", "0.75"]
    elif scale_kind == "scalar":
        scale = F32(1.5)
        np.save(os.path.join(ind, "Scale.npy"), np.array(scale, F32))
    else:
        scale = rng.uniform(0.2, 3, shape[2:]).astype(F32)
        np.save(os.path.join(ind, "Scale.npy"), scale)
        per_unit, dscale_shape = True, shape[2:]
    r = run(tool, args)
    if r.returncode != 0 or r.stderr:
        fail(case, f"exit status {r.returncode}, stderr {r.stderr!r}")
        return
    dshift, dtarget, L = laplacian_reference(shift, target, mod, mask, scale, per_unit)
    got = {n: np.load(os.path.join(out, n)) for n in ("dshift.npy", "dtarget.npy", "L.npy", "dScale.npy")}
    if got["dshift.npy"].view(np.uint32).tolist() != dshift.view(np.uint32).tolist():
        fail(case, "dshift.npy differs from the reference")
    if got["dtarget.npy"].view(np.uint32).tolist() != dtarget.view(np.uint32).tolist():
        fail(case, "dtarget.npy differs from the reference")
    if per_unit:
        if not np.allclose(got["L.npy"], L, rtol=1e-6, atol=0):
            fail(case, f"L {got['L.npy']}, expected {L}")
    elif got["L.npy"].view(np.uint32).tolist() != np.asarray(L, F32).view(np.uint32).tolist():
        fail(case, f"L {got['L.npy']}, expected {L}")
    if got["dScale.npy"].shape != (shape[0],) + tuple(dscale_shape) or not (got["dScale.npy"] == 1).all():
        fail(case, f"dScale.npy: shape {got['dScale.npy'].shape} or values not ones")


def bernoulli_reference(p, x, mod, mask, logits):
    one, eps, hi = F32(1), F32(1e-4), F32(0.9999)

    def sigmoid(v):
        return one / (one + nm.exp(-v))

    q = sigmoid(p) if logits else p.copy()
    q = np.where(q < eps, eps, q)
    q = np.where(q > hi, hi, q)
    omq, omx = one - q, one - x
    lq, lomq = nm.log(q), nm.log(omq)
    t = (lq * x) + (lomq * omx)
    if logits:
        g = x - q
    else:
        s = sigmoid(p)
        g = (x / q - omx / omq) * (s * (one - s))
    dp, dt = (g * mod) * mask, ((lq - lomq) * mod) * mask
    return dp, dt, t.astype(np.float64).reshape(p.shape[0], -1).sum(axis=1)


def bernoulli_case(tool, work, idx, rng, shape, logits, live):
    case = f"bernoulli case {idx}: shape {shape}, {'logits' if logits else 'probability'}, {'live' if live else 'default'}"
    ind, out = os.path.join(work, f"ber{idx}", "in"), os.path.join(work, f"ber{idx}", "out")
    os.makedirs(ind)
    p = (rng.uniform(-6, 6, shape) if logits else rng.uniform(-0.1, 1.1, shape)).astype(F32)
    x = (rng.random(shape) < 0.5).astype(F32)
    np.save(os.path.join(ind, "p.npy"), p)
    np.save(os.path.join(ind, "target.npy"), x)
    mod, mask = np.ones(shape, F32), np.ones(shape, F32)
    if live:
        mod = rng.uniform(-2, 2, shape).astype(F32)
        mask = (rng.random(shape) < 0.7).astype(F32)
        np.save(os.path.join(ind, "modulator.npy"), mod)
        np.save(os.path.join(ind, "mask.npy"), mask)
    r = run(tool, ["--cell", "bernoulli", "--in", ind, "--out", out] + (["--input-logits"] if logits else []))
    if r.returncode != 0 or r.stderr:
        fail(case, f"exit status {r.returncode}, stderr {r.stderr!r}")
        return
    dp, dt, L = bernoulli_reference(p, x, mod, mask, logits)
    if np.load(os.path.join(out, "dp.npy")).view(np.uint32).tolist() != dp.view(np.uint32).tolist():
        fail(case, "dp.npy differs from the reference")
    if np.load(os.path.join(out, "dtarget.npy")).view(np.uint32).tolist() != dt.view(np.uint32).tolist():
        fail(case, "dtarget.npy differs from the reference")
    if not np.allclose(np.load(os.path.join(out, "L.npy")), L, rtol=1e-5, atol=1e-5):
        fail(case, "L.npy differs from the reference")
    if sorted(f for f in os.listdir(out)) != ["L.npy", "dp.npy", "dtarget.npy"]:
        fail(case, f"--out holds {sorted(os.listdir(out))}")


def exact_case(tool, work, idx, rng, cell, shape, per_unit):
    """--convention exact: the derivatives bit for bit (float32 formulas), L and the
    parameter's derivative within 1e-5 of a float64 evaluation of the true log-density."""
    case = f"exact case {idx}: {cell}, shape {shape}, {'per-unit' if per_unit else 'scalar'} parameter"
    ind, out = os.path.join(work, f"exact{idx}", "in"), os.path.join(work, f"exact{idx}", "out")
    os.makedirs(ind)
    pred_name, param_name = ("mu", "Sigma") if cell == "gaussian" else ("shift", "Scale")
    x = rng.standard_normal(shape).astype(F32)
    y = rng.standard_normal(shape).astype(F32)
    par = rng.uniform(0.3, 3, shape[2:] if per_unit else ()).astype(F32)
    np.save(os.path.join(ind, pred_name + ".npy"), x)
    np.save(os.path.join(ind, "target.npy"), y)
    np.save(os.path.join(ind, param_name + ".npy"), par)
    r = run(tool, ["--cell", cell, "--convention", "exact", "--in", ind, "--out", out])
    if r.returncode != 0 or r.stderr:
        fail(case, f"exit status {r.returncode}, stderr {r.stderr!r}")
        return
    e = y - x
    s = np.broadcast_to(par, shape)
    e64, s64 = e.astype(np.float64), s.astype(np.float64)
    T = shape[0]
    if cell == "gaussian":
        d = e * (F32(1) / s)
        L = (-0.5 * e64 * e64 / s64 - 0.5 * (np.log(s64) + np.log(2 * np.pi))).reshape(T, -1).sum(axis=1)
        dpar = e64 * e64 / (2 * s64 * s64) - 1 / (2 * s64)
    else:
        sign = np.where(e > 0, F32(1), np.where(e < 0, F32(-1), e)).astype(F32)
        d = sign / s
        L = (-np.abs(e64) / s64 - np.log(2 * s64)).reshape(T, -1).sum(axis=1)
        dpar = np.abs(e64) / (s64 * s64) - 1 / s64
    dpar = dpar.sum(axis=1) if per_unit else dpar.reshape(T, -1).sum(axis=1)
    got = {n: np.load(os.path.join(out, n)) for n in ("d" + pred_name + ".npy", "dtarget.npy", "L.npy", "d" + param_name + ".npy")}
    if got["d" + pred_name + ".npy"].view(np.uint32).tolist() != d.view(np.uint32).tolist():
        fail(case, f"d{pred_name}.npy differs from the reference")
    if got["dtarget.npy"].view(np.uint32).tolist() != (-d).view(np.uint32).tolist():
        fail(case, "dtarget.npy differs from the reference")
    if not np.allclose(got["L.npy"], L, rtol=1e-5, atol=1e-4):
        fail(case, f"L {got['L.npy']}, expected {L}")
    if not np.allclose(got["d" + param_name + ".npy"], dpar, rtol=1e-5, atol=1e-4):
        fail(case, f"d{param_name} {got['d' + param_name + '.npy']}, expected {dpar}")


def leaky_case(tool, work, idx, rng, shape, tau, dt, integrator, sigma_kind, live):
    case = (f"leaky case {idx}: shape {shape}, tau {tau}, dt {dt}, {integrator}, Sigma {sigma_kind}, "
            f"{'live' if live else 'default'}")
    ind, out = os.path.join(work, f"leaky{idx}", "in"), os.path.join(work, f"leaky{idx}", "out")
    os.makedirs(ind)
    mu = rng.standard_normal(shape).astype(F32)
    target = rng.standard_normal(shape).astype(F32)
    np.save(os.path.join(ind, "mu.npy"), mu)
    np.save(os.path.join(ind, "target.npy"), target)
    mod, mask = np.ones(shape, F32), np.ones(shape, F32)
    if live:
        mod = rng.uniform(-2, 2, shape).astype(F32)
        mask = (rng.random(shape) < 0.7).astype(F32)
        np.save(os.path.join(ind, "modulator.npy"), mod)
        np.save(os.path.join(ind, "mask.npy"), mask)
    if sigma_kind == "per unit":
        sigma = rng.uniform(0.3, 3, shape[2:]).astype(F32)
        np.save(os.path.join(ind, "Sigma.npy"), sigma)
    else:
        sigma = F32(1.75)
        np.save(os.path.join(ind, "Sigma.npy"), np.array(sigma, F32))
    args = ["--cell", "leaky-gaussian", "--in", ind, "--out", out, "--tau", repr(tau), "--dt", repr(dt)]
    if integrator == "euler":
        args += ["--integrator", "euler"]
    r = run(tool, args)
    if r.returncode != 0 or r.stderr:
        fail(case, f"exit status {r.returncode}, stderr {r.stderr!r}")
        return
    ftau, fdt = F32(tau), F32(dt)
    if ftau == 0:
        a = None
    elif integrator == "euler":
        a = fdt / ftau
    else:
        a = -nm.expm1(np.array([-(fdt / ftau)], F32))[0]
    e = np.zeros(shape[1:], F32)
    es = np.empty(shape, F32)
    for t in range(shape[0]):
        x = target[t] - mu[t]
        e = x if a is None else (e + F32(a) * (x - e)).astype(F32)
        es[t] = e
    k = F32(1) / np.broadcast_to(sigma, shape[1:]).astype(F32)
    d = es * k
    dmu = (d * mod) * mask
    T = shape[0]
    if sigma_kind == "per unit":
        b = F32(1) / ((sigma * sigma) * F32(2))
        L = -((es * es) * b).astype(np.float64).reshape(T, -1).sum(axis=1)
    else:
        L = -(es.astype(np.float64) ** 2).reshape(T, -1).sum(axis=1) / (2.0 * float(sigma) ** 2)
    got = {n: np.load(os.path.join(out, n)) for n in ("dmu.npy", "dtarget.npy", "L.npy", "e.npy", "dSigma.npy")}
    if got["e.npy"].shape != shape or got["e.npy"].view(np.uint32).tolist() != es.view(np.uint32).tolist():
        fail(case, "e.npy differs from the reference")
    if got["dmu.npy"].view(np.uint32).tolist() != dmu.view(np.uint32).tolist():
        fail(case, "dmu.npy differs from the reference")
    if got["dtarget.npy"].view(np.uint32).tolist() != (-dmu).view(np.uint32).tolist():
        fail(case, "dtarget.npy differs from the reference")
    if not np.allclose(got["L.npy"], L, rtol=1e-5, atol=1e-6):
        fail(case, f"L {got['L.npy']}, expected {L}")
    if ftau == 0:  # the Gaussian cell's files, bit for bit
        gout = out + "-gaussian"
        r = run(tool, ["--in", ind, "--out", gout])
        for n in ("dmu.npy", "dtarget.npy", "L.npy", "dSigma.npy"):
            if r.returncode != 0 or np.load(os.path.join(gout, n)).tobytes() != got[n].tobytes():
                fail(case, f"tau = 0: {n} is not the Gaussian cell's")


def full_case(tool, work, idx, rng, T, B, N, cond):
    """--convention exact with Sigma.npy (N, N): L, dmu, dSigma within 1e-4 (normwise relative) of
    numpy's float64 solve / slogdet / inv on the same float32 inputs; dtarget bitwise -dmu."""
    case = f"full case {idx}: T {T}, B {B}, N {N}, condition number {cond:g}"
    ind, out = os.path.join(work, f"full{idx}", "in"), os.path.join(work, f"full{idx}", "out")
    os.makedirs(ind)
    q, _ = np.linalg.qr(rng.standard_normal((N, N)))
    sigma = ((q * np.geomspace(1.0, cond, N)) @ q.T).astype(F32)
    sigma = ((sigma + sigma.T) / 2).astype(F32)
    mu = rng.standard_normal((T, B, N)).astype(F32)
    y = rng.standard_normal((T, B, N)).astype(F32)
    for name, arr in (("mu.npy", mu), ("target.npy", y), ("Sigma.npy", sigma)):
        np.save(os.path.join(ind, name), arr)
    r = run(tool, ["--convention", "exact", "--in", ind, "--out", out])
    if r.returncode != 0 or r.stderr:
        fail(case, f"exit status {r.returncode}, stderr {r.stderr!r}")
        return
    s64 = sigma.astype(np.float64)
    e = (y.astype(np.float64) - mu.astype(np.float64))
    P = np.linalg.inv(s64)
    _, logdet = np.linalg.slogdet(s64)
    rr = e @ P  # P symmetric: rows r_b = P e_b
    L = -0.5 * np.einsum("tbi,tbi->t", e, rr) - B * (0.5 * logdet + N / 2 * np.log(2 * np.pi))
    dS = np.stack([0.5 * (P @ (e[t].T @ e[t]) @ P - B * P) for t in range(T)])
    got = {n: np.load(os.path.join(out, n)) for n in ("dmu.npy", "dtarget.npy", "L.npy", "dSigma.npy")}

    def rel(a, b):
        return np.max(np.abs(a - b)) / np.max(np.abs(b))
    if got["dSigma.npy"].shape != (T, N, N):
        fail(case, f"dSigma.npy has shape {got['dSigma.npy'].shape}")
        return
    for n, want in (("dmu.npy", rr), ("dSigma.npy", dS)):
        if rel(got[n].astype(np.float64), want) > 1e-4:
            fail(case, f"{n}: relative error {rel(got[n].astype(np.float64), want):.3g}")
    if np.max(np.abs(got["L.npy"] - L) / np.abs(L)) > 1e-4:
        fail(case, f"L {got['L.npy']}, expected {L}")
    if got["dtarget.npy"].view(np.uint32).tolist() != (-got["dmu.npy"]).view(np.uint32).tolist():
        fail(case, "dtarget.npy is not -dmu.npy")


def error_case(tool, work, name, files, args, fragment):
    ind, out = os.path.join(work, name, "in"), os.path.join(work, name, "out")
    os.makedirs(ind)
    os.makedirs(out)
    for fname, arr in files.items():
        np.save(os.path.join(ind, fname), arr)
    r = run(tool, [a.replace("IN", ind).replace("OUT", out) for a in args])
    if r.returncode != 2 or r.stdout or r.stderr.count("\n") != 1 or fragment not in r.stderr:
        fail(name, f"exit {r.returncode}, stdout {r.stdout!r}, stderr {r.stderr!r}; expected 2 and {fragment!r}")
    if os.listdir(out):
        fail(name, f"--out holds {os.listdir(out)}")


def main():
    if len(sys.argv) != 3:
        print("usage: family_cases.py PATH/TO/ngcrt-replay WORKDIR", file=sys.stderr)
        return 2
    tool, work = sys.argv[1], sys.argv[2]
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    rng = np.random.default_rng(20261130)
    idx = 0
    for shape in [(4, 3, 7), (3, 2, 33), (2, 2, 3, 2, 5)]:
        for kind in ("--scale", "scalar", "per unit"):
            for live in (False, True):
                laplacian_case(tool, work, idx, rng, shape, kind, live)
                idx += 1
    for shape in [(3, 2, 9), (2, 2, 2, 3, 4)]:
        for logits in (False, True):
            for live in (False, True):
                bernoulli_case(tool, work, idx, rng, shape, logits, live)
                idx += 1
    for cell in ("gaussian", "laplacian"):
        for shape in [(3, 2, 5), (2, 2, 2, 3, 4)]:
            for per_unit in (False, True):
                exact_case(tool, work, idx, rng, cell, shape, per_unit)
                idx += 1
    for shape in [(5, 2, 7), (4, 1, 2, 3, 6)]:
        for tau, dt, integrator in [(0.05, 0.01, "exponential"), (0.5, 0.3, "euler"), (0.0, 0.01, "exponential")]:
            for sigma_kind in ("scalar", "per unit"):
                leaky_case(tool, work, idx, rng, shape, tau, dt, integrator, sigma_kind, idx % 2 == 0)
                idx += 1
    for T, B, N, cond in [(3, 2, 5, 10.0), (2, 3, 16, 1e3), (2, 1, 24, 1e2)]:
        full_case(tool, work, idx, rng, T, B, N, cond)
        idx += 1
    x = np.zeros((2, 1, 3), F32)
    base = {"shift.npy": x, "target.npy": x}
    g = {"mu.npy": x, "target.npy": x}
    error_case(tool, work, "full-needs-exact", dict(g, **{"Sigma.npy": np.eye(3, dtype=F32)}),
               ["--in", "IN", "--out", "OUT"], "Sigma.npy: shape (3, 3) is a full covariance, which needs --convention exact")
    error_case(tool, work, "full-not-spd", dict(g, **{"Sigma.npy": np.array([[1, 2, 0], [2, 1, 0], [0, 0, 1]], F32)}),
               ["--convention", "exact", "--in", "IN", "--out", "OUT"], "Sigma.npy: not symmetric positive definite")
    error_case(tool, work, "full-nan", dict(g, **{"Sigma.npy": np.array([[1, 0, 0], [np.nan, 1, 0], [0, 0, 1]], F32)}),
               ["--convention", "exact", "--in", "IN", "--out", "OUT"], "Sigma.npy: not symmetric positive definite")
    error_case(tool, work, "full-wrong-size", dict(g, **{"Sigma.npy": np.eye(4, dtype=F32)}),
               ["--convention", "exact", "--in", "IN", "--out", "OUT"], "nor (N, N) with N = 3")
    error_case(tool, work, "leaky-needs-dt", g, ["--cell", "leaky-gaussian", "--in", "IN", "--out", "OUT", "--tau", "1"],
               "--cell leaky-gaussian needs --dt DT")
    error_case(tool, work, "leaky-bad-tau", g,
               ["--cell", "leaky-gaussian", "--in", "IN", "--out", "OUT", "--tau", "-1", "--dt", "1"],
               "--tau: invalid value '-1'")
    error_case(tool, work, "leaky-euler-unstable", g,
               ["--cell", "leaky-gaussian", "--in", "IN", "--out", "OUT", "--tau", "0.1", "--dt", "0.3",
                "--integrator", "euler"], "--dt: dt / tau = 3 > 2: Euler is unstable")
    error_case(tool, work, "tau-on-gaussian", g, ["--in", "IN", "--out", "OUT", "--tau", "1"],
               "--tau is not an option of --cell gaussian")
    error_case(tool, work, "sigma-on-laplacian", base,
               ["--cell", "laplacian", "--in", "IN", "--out", "OUT", "--sigma", "2"], "--sigma is not an option of --cell laplacian")
    error_case(tool, work, "scale-on-gaussian", {"mu.npy": x, "target.npy": x},
               ["--in", "IN", "--out", "OUT", "--scale", "2"], "--scale is not an option of --cell gaussian")
    error_case(tool, work, "unknown-cell", base, ["--cell", "poisson", "--in", "IN", "--out", "OUT"],
               "--cell: 'poisson' is not one of gaussian, laplacian, bernoulli, leaky-gaussian")
    error_case(tool, work, "logits-on-gaussian", {"mu.npy": x, "target.npy": x},
               ["--in", "IN", "--out", "OUT", "--input-logits"], "--input-logits is not an option of --cell gaussian")
    error_case(tool, work, "scale-on-bernoulli", {"p.npy": x, "target.npy": x},
               ["--cell", "bernoulli", "--in", "IN", "--out", "OUT", "--scale", "1"], "--scale is not an option of --cell bernoulli")
    error_case(tool, work, "bad-scale-file", dict(base, **{"Scale.npy": np.array([1, 0, 2], F32)}),
               ["--cell", "laplacian", "--in", "IN", "--out", "OUT"], "Scale.npy: invalid value 0 at flat index 1")
    error_case(tool, work, "missing-shift", {"mu.npy": x, "target.npy": x},
               ["--cell", "laplacian", "--in", "IN", "--out", "OUT"], "shift.npy: missing required file")
    if FAILURES:
        print(f"family_cases.py: {len(FAILURES)} failure(s)", file=sys.stderr)
        return 1
    print(f"family_cases.py: {idx} round-trip cases and the error cases passed")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
