#!/usr/bin/env python3
"""ngcrt-replay reads an .npy file as numpy.load does, whichever way numpy wrote it.

    order_version_cases.py PATH/TO/ngcrt-replay WORKDIR

Each case's inputs are written by numpy itself in five layouts:
  c           np.save(path, x)                                  C order, version 1.0
  fortran     np.save(path, np.asfortranarray(x))               fortran_order: True
  transposed  np.save(path, y.T), y = x.T in C order            what np.save(path, a.T) writes
  v2          numpy.lib.format.write_array(f, x, version=(2, 0))
  fortran-v3  write_array(f, np.asfortranarray(x), version=(3, 0))
and replayed; every layout must give output files byte-identical to the c layout's. Each
file's header is checked to be what its layout says (fortran_order True for every input of
rank 2 or more in the Fortran layouts), so the test cannot pass because numpy happened to
write C order. A control replays the values a reader that ignored fortran_order would see,
and must not give the same outputs: without it a case could pass by not depending on order.
Cases cover every cell: Gaussian (3-D and 5-D inputs, modulator, mask, per-unit Sigma of
rank 1 and 3; a full (N, N) Sigma whose upper triangle is not the lower one's mirror, of
which the tool reads the lower), Laplacian, Bernoulli and the leaky Gaussian.
Exits non-zero on failure, with a message per failed case.
"""
import os
import shutil
import subprocess
import sys

import numpy as np

F32 = np.float32
FAILURES = []
LAYOUTS = ["c", "fortran", "transposed", "v2", "fortran-v3"]


def fail(case, msg):
    FAILURES.append(f"{case}: {msg}")
    print(f"FAIL {case}: {msg}", file=sys.stderr)


def write(path, x, layout):
    """Writes x with numpy; returns the (version, fortran_order) the header must say."""
    fortran = layout in ("fortran", "transposed", "fortran-v3") and x.ndim >= 2
    if layout == "c":
        np.save(path, x)
        return (1, 0), False
    if layout == "fortran":
        np.save(path, np.asfortranarray(x))
        return (1, 0), fortran
    if layout == "transposed":
        y = np.ascontiguousarray(x.T)
        np.save(path, y.T)  # a transposed view: numpy writes it in Fortran order
        return (1, 0), fortran
    version = (2, 0) if layout == "v2" else (3, 0)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, np.asfortranarray(x) if layout == "fortran-v3" else x, version=version)
    return version, fortran


def check_file(case, path, x, version, fortran):
    with open(path, "rb") as f:
        got_version = np.lib.format.read_magic(f)
        if got_version == (1, 0):
            _, got_fortran, _ = np.lib.format.read_array_header_1_0(f)
        else:  # 3.0 differs from 2.0 only in the header's encoding (UTF-8)
            _, got_fortran, _ = np.lib.format.read_array_header_2_0(f)
    name = os.path.basename(path)
    if (got_version, got_fortran) != (version, fortran):
        fail(case, f"{name}: numpy wrote version {got_version}, fortran_order {got_fortran}; "
                   f"the layout needs {version}, {fortran}")
    back = np.load(path)
    if back.shape != x.shape or back.tobytes() != x.tobytes():
        fail(case, f"{name}: numpy.load does not give back the array written")


def run(tool, ind, out, args):
    return subprocess.run([tool, "--in", ind, "--out", out] + args, capture_output=True, text=True, timeout=60)


def outputs(out):
    return {n: open(os.path.join(out, n), "rb").read() for n in sorted(os.listdir(out))}


def order_case(tool, work, name, inputs, args):
    base = os.path.join(work, name)
    results = {}
    for layout in LAYOUTS:
        case = f"{name}, {layout}"
        ind, out = os.path.join(base, layout, "in"), os.path.join(base, layout, "out")
        os.makedirs(ind)
        for fname, x in inputs.items():
            path = os.path.join(ind, fname)
            version, fortran = write(path, x, layout)
            check_file(case, path, x, version, fortran)
        r = run(tool, ind, out, args)
        if r.returncode != 0 or r.stderr:
            fail(case, f"exit status {r.returncode}, stderr {r.stderr!r}")
            continue
        results[layout] = outputs(out)
    if "c" not in results:
        return
    want = results["c"]
    for layout, got in results.items():
        if sorted(got) != sorted(want):
            fail(f"{name}, {layout}", f"--out holds {sorted(got)}, the c layout's {sorted(want)}")
            continue
        for n in want:
            if got[n] != want[n]:
                fail(f"{name}, {layout}", f"{n} differs from the c layout's")
    # Control: the values seen by a reader that took Fortran-order data as C order.
    ind, out = os.path.join(base, "misread", "in"), os.path.join(base, "misread", "out")
    os.makedirs(ind)
    for fname, x in inputs.items():
        np.save(os.path.join(ind, fname), x.ravel(order="F").reshape(x.shape))
    r = run(tool, ind, out, args)
    if r.returncode == 0 and outputs(out) == want:
        fail(f"{name}, control", "misread inputs give the same outputs: the case does not test the order")


def main():
    if len(sys.argv) != 3:
        print("usage: order_version_cases.py PATH/TO/ngcrt-replay WORKDIR", file=sys.stderr)
        return 2
    tool, work = sys.argv[1], sys.argv[2]
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    rng = np.random.default_rng(20261207)

    def normal(shape, scale=1.0):
        return (rng.standard_normal(shape) * scale).astype(F32)

    def uniform(lo, hi, shape):
        return rng.uniform(lo, hi, shape).astype(F32)

    s3, s5 = (4, 3, 5), (3, 2, 3, 4, 2)
    N = 6
    q, _ = np.linalg.qr(rng.standard_normal((N, N)))
    spd = ((q * np.geomspace(1.0, 20.0, N)) @ q.T).astype(F32)
    # Only the lower triangle is read: make the upper one different from its mirror.
    full = (np.tril(spd) + np.triu(uniform(-0.2, 0.2, (N, N)), 1)).astype(F32)
    cases = [
        ("gaussian 3-D, modulator, mask, Sigma (N,), 3.2",
         {"mu.npy": normal(s3), "target.npy": normal(s3, 2), "modulator.npy": uniform(-2, 2, s3),
          "mask.npy": (rng.random(s3) < 0.7).astype(F32), "Sigma.npy": uniform(0.3, 3, s3[2:])},
         ["--convention", "3.2"]),
        ("gaussian 5-D, mask, Sigma (H, W, C)",
         {"mu.npy": normal(s5), "target.npy": normal(s5), "mask.npy": uniform(0, 2, s5),
          "Sigma.npy": uniform(0.3, 3, s5[2:])}, []),
        ("gaussian, full Sigma (N, N), exact",
         {"mu.npy": normal((3, 2, N)), "target.npy": normal((3, 2, N)), "Sigma.npy": full},
         ["--convention", "exact"]),
        ("laplacian 5-D, modulator, Scale (H, W, C)",
         {"shift.npy": normal(s5), "target.npy": normal(s5), "modulator.npy": uniform(-2, 2, s5),
          "Scale.npy": uniform(0.2, 3, s5[2:])}, ["--cell", "laplacian"]),
        ("bernoulli 3-D, logits",
         {"p.npy": uniform(-6, 6, (3, 2, 7)), "target.npy": (rng.random((3, 2, 7)) < 0.5).astype(F32)},
         ["--cell", "bernoulli", "--input-logits"]),
        ("leaky-gaussian 5-D, Sigma (H, W, C)",
         {"mu.npy": normal((5, 2, 2, 3, 2)), "target.npy": normal((5, 2, 2, 3, 2)),
          "Sigma.npy": uniform(0.3, 3, (2, 3, 2))},
         ["--cell", "leaky-gaussian", "--tau", "0.05", "--dt", "0.01"]),
    ]
    for name, inputs, args in cases:
        order_case(tool, work, name, inputs, args)

    if FAILURES:
        print(f"order_version_cases.py: {len(FAILURES)} failure(s)", file=sys.stderr)
        return 1
    print(f"order_version_cases.py: {len(cases)} cases in {len(LAYOUTS)} layouts gave identical outputs")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
