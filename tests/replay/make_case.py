#!/usr/bin/env python3
"""Round trip of ngcrt-replay against real NumPy files.

    make_case.py PATH/TO/ngcrt-replay WORKDIR

Generates random inputs with numpy (2-D (T, B, N) and 4-D (T, B, H, W, C) cases, with and
without modulator.npy / mask.npy, no Sigma / --sigma / scalar Sigma.npy (shape () and (1,)) /
per-unit Sigma.npy, both conventions, .npy versions 1.0, 2.0 and 3.0), runs the tool, loads
its outputs with numpy.load and checks them against a float32 numpy evaluation of the spec:

  dmu, dtarget   bit-exact:  3.1: d = e * (1/Sigma)   3.2: d = e / Sigma
                             dmu = (d*mod)*mask, dtarget = -dmu   (e = target - mu)
  L              within 1e-5 relative of the sum accumulated in float64
  dSigma         all ones, shape (T,) + Sigma's shape

plus the regression vectors of the spec (ngclearn's unit test and tutorial).
Exits non-zero on the first failure, with a message.
"""
import os
import shutil
import subprocess
import sys

import numpy as np

F32 = np.float32
FAILURES = []


def fail(case, msg):
    FAILURES.append(f"{case}: {msg}")
    print(f"FAIL {case}: {msg}", file=sys.stderr)


def save(path, arr, version=None):
    arr = np.asarray(arr)
    assert arr.flags.c_contiguous  # (np.ascontiguousarray would turn a 0-d array into 1-d)
    if version is None:
        np.save(path, arr)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, arr, version=version)


def run_tool(tool, args):
    return subprocess.run([tool] + args, capture_output=True, text=True, timeout=60)


def reference(mu, target, mod, mask, sigma, conv, per_unit):
    """float32 evaluation of the spec formulas; sigma is a float32 scalar or unit-shaped array."""
    e = target - mu
    sig = np.asarray(sigma, dtype=F32)
    if conv == "3.1":
        d = e * (F32(1) / sig)
    else:
        d = e / sig
    dmu = (d * mod) * mask
    dtarget = -dmu
    T = mu.shape[0]
    e64 = e.astype(np.float64).reshape(T, -1)
    if per_unit:
        s64 = np.broadcast_to(sig.astype(np.float64), mu.shape[2:]).reshape(-1)
        c = 1.0 / ((s64 * s64) * 2.0) if conv == "3.1" else 0.5 / s64
        c = np.tile(c, mu.shape[1])
        L = -((e64 * e64) * c).sum(axis=1)
    else:
        s = float(sig.reshape(-1)[0])
        S = (e64 * e64).sum(axis=1)
        L = -S / ((s * s) * 2.0) if conv == "3.1" else -S * 0.5 / s
    return dmu, dtarget, L


def check_outputs(case, out, mu, dmu_ref, dtarget_ref, L_ref, dsigma_shape):
    names = sorted(os.listdir(out))
    want = ["L.npy", "dSigma.npy", "dmu.npy", "dtarget.npy"]
    if names != want:
        fail(case, f"--out holds {names}, expected {want}")
        return
    got = {}
    for name in want:
        path = os.path.join(out, name)
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
            if version != (1, 0):
                fail(case, f"{name}: written as .npy version {version}, expected (1, 0)")
                return
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        if dtype != np.dtype("<f4") or fortran:
            fail(case, f"{name}: dtype {dtype}, fortran_order {fortran}")
            return
        got[name] = np.load(path)
    T = mu.shape[0]
    for name, ref in (("dmu.npy", dmu_ref), ("dtarget.npy", dtarget_ref)):
        a = got[name]
        if a.shape != mu.shape:
            fail(case, f"{name}: shape {a.shape}, expected {mu.shape}")
            continue
        diff = a.view(np.uint32) != ref.astype(F32).view(np.uint32)
        if diff.any():
            idx = tuple(int(i) for i in np.argwhere(diff)[0])
            fail(case, f"{name}: {int(diff.sum())} elements differ in bits; first at {idx}: "
                       f"got {a[idx]!r} ({a.view(np.uint32)[idx]:#010x}), "
                       f"expected {ref[idx]!r} ({ref.view(np.uint32)[idx]:#010x})")
    # dtarget is bitwise -dmu (sign bit flipped)
    if got["dmu.npy"].shape == mu.shape and got["dtarget.npy"].shape == mu.shape:
        if ((got["dmu.npy"].view(np.uint32) ^ np.uint32(0x80000000)) != got["dtarget.npy"].view(np.uint32)).any():
            fail(case, "dtarget is not bitwise -dmu")
    L = got["L.npy"]
    if L.shape != (T,):
        fail(case, f"L.npy: shape {L.shape}, expected {(T,)}")
    else:
        err = np.abs(L.astype(np.float64) - L_ref)
        tol = 1e-5 * np.abs(L_ref) + 1e-30
        if (err > tol).any():
            t = int(np.argmax(err / tol))
            fail(case, f"L.npy: step {t}: got {L[t]!r}, expected {L_ref[t]!r} (relative error {err[t] / abs(L_ref[t]):.3g})")
    dS = got["dSigma.npy"]
    if dS.shape != (T,) + tuple(dsigma_shape):
        fail(case, f"dSigma.npy: shape {dS.shape}, expected {(T,) + tuple(dsigma_shape)}")
    elif not (dS == F32(1)).all():
        fail(case, "dSigma.npy: not all ones")


def roundtrip_case(tool, work, idx, rng, shape, mod_mask, sigma_kind, conv, version):
    T, B = shape[0], shape[1]
    unit = shape[2:]
    case = (f"case {idx}: shape {shape}, modulator={mod_mask[0]}, mask={mod_mask[1]}, "
            f"Sigma={sigma_kind}, convention={conv or 'default'}, npy version={version}")
    ind = os.path.join(work, f"case{idx}", "in")
    out = os.path.join(work, f"case{idx}", "out")  # does not exist: the tool creates it
    os.makedirs(ind)

    mu = rng.standard_normal(shape).astype(F32)
    target = rng.standard_normal(shape).astype(F32) * F32(2)
    # some exact zeros of e, so dtarget must be -0.0
    same = rng.random(shape) < 0.1
    target[same] = mu[same]
    save(os.path.join(ind, "mu.npy"), mu, version)
    save(os.path.join(ind, "target.npy"), target, version)
    mod = np.ones(shape, F32)
    mask = np.ones(shape, F32)
    if mod_mask[0]:
        mod = rng.uniform(-2.0, 2.0, shape).astype(F32)
        save(os.path.join(ind, "modulator.npy"), mod, version)
    if mod_mask[1]:
        mask = (rng.random(shape) < 0.7).astype(F32)
        # some non-binary values, so that (d*mod)*mask and d*(mod*mask) differ
        frac = rng.random(shape) < 0.2
        mask[frac] = rng.uniform(0.1, 2.0, int(frac.sum())).astype(F32)
        save(os.path.join(ind, "mask.npy"), mask, version)

    args = ["--in", ind, "--out", out]
    if conv is not None:
        args += ["--convention", conv]
    per_unit = False
    dsigma_shape = ()
    if sigma_kind == "none":
        sigma = F32(1)
    elif sigma_kind == "--sigma":
        text = f"{rng.uniform(0.3, 3.0):.7g}"
        sigma = F32(text)
        args += ["--sigma", text]
    elif sigma_kind == "scalar ()":
        sigma = F32(rng.uniform(0.3, 3.0))
        save(os.path.join(ind, "Sigma.npy"), np.array(sigma, F32), version)
    elif sigma_kind == "scalar (1,)":
        sigma = F32(rng.uniform(0.3, 3.0))
        save(os.path.join(ind, "Sigma.npy"), np.array([sigma], F32), version)
        dsigma_shape = (1,)
    else:  # per unit
        sigma = rng.uniform(0.3, 3.0, unit).astype(F32)
        save(os.path.join(ind, "Sigma.npy"), sigma, version)
        per_unit = True
        dsigma_shape = unit

    r = run_tool(tool, args)
    if r.returncode != 0 or r.stderr:
        fail(case, f"exit status {r.returncode}, stderr {r.stderr!r}")
        return
    dmu, dtarget, L = reference(mu, target, mod, mask, sigma, conv or "3.1", per_unit)
    check_outputs(case, out, mu, dmu, dtarget, L, dsigma_shape)


def spec_vectors(tool, work):
    """The regression vectors of the spec (ngclearn's unit test and tutorial)."""
    # 1. ngclearn's unit test: 1 unit, batch 1, sigma 1, 10 steps
    mu = np.array([0.49671414, -0.1382643, 0.64768857, 1.5230298, -0.23415338, -0.23413695,
                   1.5792128, 0.7674347, -0.46947438, 0.54256004], F32).reshape(10, 1, 1)
    target = ((np.arange(10) - 5) / 2).astype(F32).reshape(10, 1, 1)
    dmu_ref = np.array([-2.996714, -1.8617357, -2.1476886, -2.5230298, -0.2658466, 0.234137, -1.0792128,
                        0.2325653, 1.9694743, 1.4574399], F32)
    L_ref = np.array([-4.4901476, -1.73303, -2.3062832, -3.1828396, -0.0353372, -0.0274101, -0.5823501,
                      -0.0270433, -1.9394145, -1.0620655], F32)
    for conv in ("3.1", "3.2"):
        ind = os.path.join(work, f"spec1-{conv}", "in")
        out = os.path.join(work, f"spec1-{conv}", "out")
        os.makedirs(ind)
        save(os.path.join(ind, "mu.npy"), mu)
        save(os.path.join(ind, "target.npy"), target)
        r = run_tool(tool, ["--in", ind, "--out", out, "--convention", conv])
        if r.returncode != 0:
            fail(f"spec vector 1 ({conv})", f"exit status {r.returncode}, stderr {r.stderr!r}")
            continue
        dmu = np.load(os.path.join(out, "dmu.npy")).reshape(-1)
        L = np.load(os.path.join(out, "L.npy"))
        if not np.allclose(dmu, dmu_ref, atol=1e-5, rtol=0) or not np.allclose(L, L_ref, atol=1e-5, rtol=0):
            fail(f"spec vector 1 ({conv})", f"dmu {dmu}, L {L}")
    # 2./3. the tutorial: 3 units, 5 steps, sigma 1 and 2
    mu = np.tile(np.array([-1, 1, 1], F32), (5, 1, 1))
    target = np.tile(np.array([1, -1, 1], F32), (5, 1, 1))
    for sigma, conv, dmu_row, L_want in ((None, "3.1", [2, -2, 0], -4), ("2", "3.1", [1, -1, 0], -1),
                                         ("2", "3.2", [1, -1, 0], -2)):
        name = f"spec tutorial (sigma={sigma or 1}, {conv})"
        ind = os.path.join(work, f"tutorial-{sigma}-{conv}", "in")
        out = os.path.join(work, f"tutorial-{sigma}-{conv}", "out")
        os.makedirs(ind)
        save(os.path.join(ind, "mu.npy"), mu)
        save(os.path.join(ind, "target.npy"), target)
        args = ["--in", ind, "--out", out, "--convention", conv] + (["--sigma", sigma] if sigma else [])
        r = run_tool(tool, args)
        if r.returncode != 0:
            fail(name, f"exit status {r.returncode}, stderr {r.stderr!r}")
            continue
        dmu = np.load(os.path.join(out, "dmu.npy"))
        dtarget = np.load(os.path.join(out, "dtarget.npy"))
        L = np.load(os.path.join(out, "L.npy"))
        want = np.tile(np.array(dmu_row, F32), (5, 1, 1))
        if not (dmu == want).all() or not (dtarget.view(np.uint32) == (-want).view(np.uint32)).all() \
                or not (L == F32(L_want)).all():
            fail(name, f"dmu {dmu[0]}, dtarget {dtarget[0]}, L {L}")


def zero_steps_case(tool, work):
    """T = 0: success, empty outputs of the right shapes."""
    ind = os.path.join(work, "zero-steps", "in")
    out = os.path.join(work, "zero-steps", "out")
    os.makedirs(ind)
    save(os.path.join(ind, "mu.npy"), np.zeros((0, 2, 3, 1, 2), F32))
    save(os.path.join(ind, "target.npy"), np.zeros((0, 2, 3, 1, 2), F32))
    save(os.path.join(ind, "Sigma.npy"), np.ones((3, 1, 2), F32))
    r = run_tool(tool, ["--in", ind, "--out", out])
    if r.returncode != 0 or r.stderr:
        fail("zero steps", f"exit status {r.returncode}, stderr {r.stderr!r}")
        return
    want = {"dmu.npy": (0, 2, 3, 1, 2), "dtarget.npy": (0, 2, 3, 1, 2), "L.npy": (0,), "dSigma.npy": (0, 3, 1, 2)}
    for name, shape in want.items():
        a = np.load(os.path.join(out, name))
        if a.shape != shape or a.dtype != np.dtype("<f4"):
            fail("zero steps", f"{name}: shape {a.shape} dtype {a.dtype}, expected {shape} float32")


def main():
    if len(sys.argv) != 3:
        print("usage: make_case.py PATH/TO/ngcrt-replay WORKDIR", file=sys.stderr)
        return 2
    tool, work = sys.argv[1], sys.argv[2]
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    rng = np.random.default_rng(20261127)

    shapes = [(5, 3, 7), (4, 1, 1), (3, 4, 33), (2, 2, 3, 5, 3), (3, 3, 2, 2, 17), (2, 1, 1, 1, 1)]
    sigma_kinds = ["none", "--sigma", "scalar ()", "scalar (1,)", "per unit"]
    convs = [None, "3.1", "3.2"]
    mod_masks = [(False, False), (True, False), (False, True), (True, True)]
    versions = [None, (1, 0), (2, 0), (3, 0)]
    idx = 0
    # Every shape with every kind of Sigma; over the six shapes each kind of Sigma meets
    # every convention (twice) and every modulator/mask combination.
    for si, shape in enumerate(shapes):
        for ki, kind in enumerate(sigma_kinds):
            conv = convs[(si + 2 * ki) % len(convs)]
            mm = mod_masks[(si + ki) % len(mod_masks)]
            version = versions[(si + 3 * ki) % len(versions)]
            roundtrip_case(tool, work, idx, rng, shape, mm, kind, conv, version)
            idx += 1
    # every modulator/mask combination with per-unit Sigma and 3.2 on a 4-D shape
    for mm in mod_masks:
        roundtrip_case(tool, work, idx, rng, (3, 2, 2, 3, 4), mm, "per unit", "3.2", None)
        idx += 1
    spec_vectors(tool, work)
    zero_steps_case(tool, work)

    if FAILURES:
        print(f"make_case.py: {len(FAILURES)} failure(s)", file=sys.stderr)
        return 1
    print(f"make_case.py: {idx} round-trip cases, the spec vectors and T = 0 passed")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
