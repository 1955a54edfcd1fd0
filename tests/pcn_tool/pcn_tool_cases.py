#!/usr/bin/env python3
"""tests/pcn_tool/pcn_tool_cases.py - tests of the host tool ngcrt-pcn (docs/pcn-tool.md).

    pcn_tool_cases.py TOOL WORKDIR CASE [ARGS...]

CASE (tests/pcn_tool/CMakeLists.txt registers each as pcn_tool.<CASE>):
  check_vector            pcn.md's check vector (3-2-2-2, B = 2) through train and infer,
                          to about 1e-6 relative of the page's numbers
  roundtrip.<name>        train then infer against tests/pcn/pcn_reference.py (float32,
                          ngcrt's exp): weights, biases, efe.npy, y.npy bit for bit, pred.npy
                          equal; the W*.npz layout (ngclearn's entries, stored, <f4, C order)
  infer_chunks            infer over 2345 rows (chunks of 1000) bit for bit
  infer_argmax            ties, infinities and NaN rows: the first maximum wins, a NaN row
                          predicts 0; no rows gives (0, classes) and (0,)
  pack CC CXX             the header bit for bit, compiled as C99 (CC) and C++17 (CXX)
                          with -Wall -Wextra -Wpedantic -Werror, included twice
  bad_setup NAMES         writes the inputs of the bad-input cases (NAMES: the case names
                          CMake registers, comma-separated, checked against BAD_CASES)
  bad.<name>              one bad input: exit status 2 (1 for a write failure), exactly
                          one line on stderr that names the problem, nothing on stdout,
                          OUT_DIR not created (or left empty when it exists)

Needs Python 3 and NumPy only (Debian: /usr/bin/python3, python3-numpy); the bad.<name>
cases do not import NumPy. Exit status 0 when every check passes, 1 otherwise.
"""
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)


def run(tool, args, rc=0, cwd=None):
    p = subprocess.run([tool] + [str(a) for a in args], capture_output=True, text=True, cwd=cwd)
    if p.returncode != rc:
        raise Failed(f"ngcrt-pcn {' '.join(map(str, args))}: exit status {p.returncode}, expected {rc}; "
                     f"stderr: {p.stderr.strip()!r}")
    if rc == 0:
        check(p.stdout == "" and p.stderr == "", f"ngcrt-pcn {args[0]} printed {p.stdout!r} {p.stderr!r}")
    return p


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


# ---------------------------------------------------------------------------------------
# NumPy helpers (imported lazily: the bad.<name> cases run without NumPy)


def np_modules():
    import numpy as np
    for p in (os.path.join(ROOT, "tests", "pcn"), os.path.join(ROOT, "tools")):
        if p not in sys.path:
            sys.path.insert(0, p)
    import pcn_init_model
    import pcn_reference
    return np, pcn_reference, pcn_init_model


def bits(a):
    import numpy as np
    return np.ascontiguousarray(a, np.float32).reshape(-1).view(np.uint32)


def same_bits(a, b):
    import numpy as np
    a = np.asarray(a, np.float32)
    b = np.asarray(b, np.float32)
    return a.shape == b.shape and np.array_equal(bits(a), bits(b))


def random_model(np, sizes, rng):
    W = [rng.uniform(-0.3, 0.3, (a, c)).astype(np.float32) for a, c in zip(sizes, sizes[1:])]
    b = [rng.uniform(-0.05, 0.05, (1, c)).astype(np.float32) for c in sizes[1:]]
    return W, b


NPZ_ENTRIES = ["key", "outputs", "weights", "mask", "biases", "dWeights", "dBiases"]


def check_model_dir(np, pim, d, W, b):
    """d/W1.npz.. as ngclearn's layout, holding exactly W, b (bits)."""
    for l, (w, v) in enumerate(zip(W, b), 1):
        path = os.path.join(d, f"W{l}.npz")
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            check([i.filename for i in infos] == [e + ".npy" for e in NPZ_ENTRIES],
                  f"{path}: entries {[i.filename for i in infos]}")
            check(all(i.compress_type == zipfile.ZIP_STORED for i in infos), f"{path}: compressed entries")
            for name in ("weights", "biases"):
                with z.open(name + ".npy") as f:
                    version = np.lib.format.read_magic(f)
                    shape, fortran, dtype = np.lib.format._read_array_header(f, version)
                check(dtype == np.dtype("<f4") and not fortran, f"{path}: {name} is {dtype}, fortran {fortran}")
        with np.load(path, allow_pickle=False) as z:
            check(z["weights"].shape == w.shape and z["biases"].shape == (1, w.shape[1]),
                  f"{path}: shapes {z['weights'].shape} {z['biases'].shape}")
            check(same_bits(z["weights"], w), f"{path}: weights differ from the reference")
            check(same_bits(z["biases"], v), f"{path}: biases differ from the reference")
            check(z["key"].dtype == np.uint32 and z["key"].shape == (2,), f"{path}: key")
            check(z["mask"].shape == () and float(z["mask"]) == 1.0, f"{path}: mask")
            check(z["outputs"].shape == (1, w.shape[1]) and z["dWeights"].shape == w.shape
                  and z["dBiases"].shape == (w.shape[1],), f"{path}: bookkeeping entries' shapes")
    Wr, br = pim.read_model(d)                               # tools/pcn_init_model.py reads it back
    check(len(Wr) == len(W) and all(same_bits(p, q) for p, q in zip(Wr + br, W + b)),
          f"{d}: pcn_init_model.read_model disagrees")


# ---------------------------------------------------------------------------------------
# pcn.md's check vector


def case_check_vector(tool, work):
    np, pr, pim = np_modules()
    d = fresh_dir(os.path.join(work, "check_vector"))
    W = [np.array(w, np.float32) for w in pr.CHECK["W"]]
    b = [np.zeros((1, 2), np.float32) for _ in W]
    pim.write_model(os.path.join(d, "M"), W, b)
    np.save(os.path.join(d, "X.npy"), np.array(pr.CHECK["x"], np.float32))
    np.save(os.path.join(d, "Y.npy"), np.array(pr.CHECK["lab"], np.float32))
    E = pr.EXPECT

    def close(name, got, want, rel=1e-6):
        got = np.asarray(got, np.float64)
        want = np.asarray(want, np.float64)
        err = np.max(np.abs(got - want) / np.abs(want))
        check(got.shape == want.shape and err <= rel, f"{name}: {got.tolist()} vs pcn.md {want.tolist()} "
                                                      f"(relative error {err:.2e})")
        print(f"  {name}: relative error {err:.1e}")

    run(tool, ["infer", "--model", "M", "--x", "X.npy", "--out", "I0"], cwd=d)
    close("y_inf (first call)", np.load(os.path.join(d, "I0", "y.npy")), E["y_inf"])
    run(tool, ["train", "--model", "M", "--x", "X.npy", "--y", "Y.npy", "--out", "M1", "--batch", "2"], cwd=d)
    efe = np.load(os.path.join(d, "M1", "efe.npy"))
    check(efe.dtype == np.float32 and efe.shape == (1,), f"efe.npy {efe.dtype} {efe.shape}")
    close("EFE", efe, [E["EFE"]])
    with np.load(os.path.join(d, "M1", "W3.npz")) as z:
        close("W3 after Adam", z["weights"], E["W3"])
        close("b3 after Adam", z["biases"], E["b3"])
    run(tool, ["infer", "--model", "M1", "--x", "X.npy", "--out", "I1"], cwd=d)
    close("y_inf (second call)", np.load(os.path.join(d, "I1", "y.npy")), E["y_inf (2nd call)"])
    check(np.load(os.path.join(d, "I1", "pred.npy")).tolist() == [0, 0], "pred")
    # two epochs of the one batch: the second EFE is the second call's
    run(tool, ["train", "--model", "M", "--x", "X.npy", "--y", "Y.npy", "--out", "M2", "--batch", "2",
               "--epochs", "2"], cwd=d)
    efe2 = np.load(os.path.join(d, "M2", "efe.npy"))
    check(efe2.shape == (2,) and same_bits(efe2[:1], efe), "efe.npy of two epochs starts with the first")
    close("EFE (second call)", efe2[1:], [E["EFE (2nd call)"]])


# ---------------------------------------------------------------------------------------
# round trips against tests/pcn/pcn_reference.py

ROUNDTRIPS = {
    # sizes, rows N, batch B, epochs, options; Adam's defaults T = 20, dt = 1, tau = 25
    "adam": dict(sizes=[6, 5, 4, 3], N=13, B=4, epochs=3, opts={}, fortran_x=True),
    "sgd": dict(sizes=[6, 5, 4, 3], N=10, B=3, epochs=2, label_scale=True,
                opts={"optimizer": "sgd", "eta": "0.05", "steps": "6", "dt": "0.5", "tau": "10"}),
    "deep": dict(sizes=[5, 4, 4, 4, 4, 4, 4, 4, 3], N=6, B=2, epochs=2, opts={"steps": "5", "eta": "0.002"}),
    "shallow": dict(sizes=[4, 5, 3], N=10, B=5, epochs=3, opts={"optimizer": "adam", "steps": "8"}),
}


def case_roundtrip(tool, work, name):
    np, pr, pim = np_modules()
    c = ROUNDTRIPS[name]
    d = fresh_dir(os.path.join(work, "roundtrip_" + name))
    rng = np.random.default_rng(list(ROUNDTRIPS).index(name) + 11)
    sizes, N, B, E = c["sizes"], c["N"], c["B"], c["epochs"]
    W, b = random_model(np, sizes, rng)
    pim.write_model(os.path.join(d, "M"), W, b)
    x = rng.uniform(0, 1, (N, sizes[0])).astype(np.float32)
    y = np.eye(sizes[-1], dtype=np.float32)[rng.integers(0, sizes[-1], N)]
    if c.get("label_scale"):                                  # Y as given: clipped by the library
        y = (y * np.float32(1.3) - np.float32(0.1)).astype(np.float32)
    np.save(os.path.join(d, "X.npy"), np.asfortranarray(x) if c.get("fortran_x") else x)
    np.save(os.path.join(d, "Y.npy"), y)
    opts = c["opts"]
    args = ["train", "--model", "M", "--x", "X.npy", "--y", "Y.npy", "--out", "new/nested/M2",
            "--epochs", E, "--batch", B]
    for k, v in opts.items():
        args += ["--" + k, v]
    run(tool, args, cwd=d)

    kw = dict(T=int(opts.get("steps", 20)), dt=float(opts.get("dt", 1.0)), tau=float(opts.get("tau", 25.0)),
              eta=float(opts.get("eta", 1e-3)), optimizer=opts.get("optimizer", "adam"))
    params = pr.as_params(W, b, np.float32)
    state = pr.init_state(params, kw["optimizer"])
    efes = []
    for _ in range(E):
        for i in range(N // B):
            r = pr.process(x[i * B:(i + 1) * B], y[i * B:(i + 1) * B], params, state, exp="ngcrt", **kw)
            params, state = r.params, r.state
            efes.append(r.efe)
    out = os.path.join(d, "new", "nested", "M2")
    efe = np.load(os.path.join(out, "efe.npy"))
    check(efe.dtype == np.float32 and efe.shape == (E * (N // B),), f"efe.npy: {efe.dtype} {efe.shape}")
    check(same_bits(efe, np.array(efes, np.float32)), f"efe.npy {efe.tolist()} vs reference {efes}")
    check(sorted(os.listdir(out)) == sorted(["efe.npy"] + [f"W{l}.npz" for l in range(1, len(sizes))]),
          f"{out}: {sorted(os.listdir(out))}")
    check_model_dir(np, pim, out, params["W"], params["b"])

    run(tool, ["infer", "--model", "new/nested/M2", "--x", "X.npy", "--out", "I"], cwd=d)
    yt = np.load(os.path.join(d, "I", "y.npy"))
    pred = np.load(os.path.join(d, "I", "pred.npy"))
    yr = pr.project(x, params["W"], params["b"], exp="ngcrt")
    check(same_bits(yt, yr), "y.npy differs from the reference projection")
    check(pred.dtype == np.int64 and pred.shape == (N,) and np.array_equal(pred, np.argmax(yr, axis=1)),
          f"pred.npy {pred.dtype} {pred.tolist()}")
    print(f"  {'-'.join(map(str, sizes))}, N = {N}, B = {B}, {E} epochs, {kw}: {len(efes)} EFEs "
          f"{efes[0]:.4f} .. {efes[-1]:.4f}, weights, efe.npy and y.npy bit for bit")


# ---------------------------------------------------------------------------------------
# infer


def case_infer_chunks(tool, work):
    np, pr, pim = np_modules()
    d = fresh_dir(os.path.join(work, "infer_chunks"))
    rng = np.random.default_rng(5)
    W, b = random_model(np, [7, 6, 5, 4], rng)
    pim.write_model(os.path.join(d, "M"), W, b)
    x = rng.uniform(-1, 2, (2345, 7)).astype(np.float32)
    np.save(os.path.join(d, "X.npy"), x)
    run(tool, ["infer", "--model", "M", "--x", "X.npy", "--out", "I"], cwd=d)
    yt = np.load(os.path.join(d, "I", "y.npy"))
    pred = np.load(os.path.join(d, "I", "pred.npy"))
    yr = pr.project(x, W, b, exp="ngcrt")
    check(same_bits(yt, yr), "y.npy differs from the reference projection (2345 rows, chunks of 1000)")
    check(np.array_equal(pred, np.argmax(yr, axis=1)), "pred.npy")
    print("  2345 rows: y.npy bit for bit, pred.npy equal")


def case_infer_argmax(tool, work):
    np, pr, pim = np_modules()
    d = fresh_dir(os.path.join(work, "infer_argmax"))
    big = np.float32(3e38)
    W1 = np.array([[2, 10, 10], [-2, 10, 10]], np.float32)
    W2 = np.array([[0, 0, 0, 0], [0, big, big, 0], [0, big, big, -big]], np.float32)
    b1 = np.zeros((1, 3), np.float32)
    b2 = np.array([[5, 0, 0, 0]], np.float32)
    pim.write_model(os.path.join(d, "M"), [W1, W2], [b1, b2])
    # row 0: y = [5, inf, inf, -3e38] (first infinity); row 1: a finite tie of columns 1 and 2;
    # row 2: 3e38 * 2 + 3e38 * -2 = inf - inf: a NaN row (the first NaN, column 0)
    x = np.array([[1, 1], [-1, -1], [big, big]], np.float32)
    np.save(os.path.join(d, "X.npy"), x)
    run(tool, ["infer", "--model", "M", "--x", "X.npy", "--out", "I"], cwd=d)
    yt = np.load(os.path.join(d, "I", "y.npy"))
    pred = np.load(os.path.join(d, "I", "pred.npy"))
    with np.errstate(all="ignore"):
        yr = pr.project(x, [W1, W2], [b1, b2], exp="ngcrt")
    nan = np.isnan(yr)
    check(np.array_equal(np.isnan(yt), nan) and np.array_equal(bits(yt[~nan]), bits(yr[~nan])),
          f"y.npy {yt.tolist()} vs reference {yr.tolist()}")
    check(np.isinf(yt[0, 1]) and yt[1, 1] == yt[1, 2] and np.all(np.isnan(yt[2])), f"y.npy {yt.tolist()}")
    check(pred.tolist() == [1, 1, 0] and pred.tolist() == np.argmax(yr, axis=1).tolist(), f"pred {pred.tolist()}")
    # no rows
    np.save(os.path.join(d, "X0.npy"), np.zeros((0, 2), np.float32))
    run(tool, ["infer", "--model", "M", "--x", "X0.npy", "--out", "I0"], cwd=d)
    y0 = np.load(os.path.join(d, "I0", "y.npy"))
    p0 = np.load(os.path.join(d, "I0", "pred.npy"))
    check(y0.shape == (0, 4) and y0.dtype == np.float32 and p0.shape == (0,) and p0.dtype == np.int64,
          f"no rows: {y0.shape} {p0.shape}")
    print(f"  y {yt.tolist()}, pred {pred.tolist()}; no rows: (0, 4), (0,)")


# ---------------------------------------------------------------------------------------
# pack


PACK_MAIN = r"""
#include "model.h"
#include "model.h" /* the include guard */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const size_t list[] = {NGCRT_PCN_SIZE_LIST};

static void print_bits(const float* v, size_t n) {
    size_t i;
    for (i = 0; i < n; ++i) {
        uint32_t u;
        memcpy(&u, &v[i], sizeof u);
        printf("%08lx\n", (unsigned long)u);
    }
}

int main(void) {
    size_t l;
    printf("layers %d inputs %d classes %d max %d\n", NGCRT_PCN_LAYERS, NGCRT_PCN_INPUTS, NGCRT_PCN_CLASSES,
           NGCRT_PCN_MAX_SIZE);
    for (l = 0; l <= NGCRT_PCN_LAYERS; ++l)
        printf("size %lu %lu\n", (unsigned long)ngcrt_pcn_sizes[l], (unsigned long)list[l]);
@MACROS@
    for (l = 0; l < NGCRT_PCN_LAYERS; ++l) {
        print_bits(ngcrt_pcn_weights[l], ngcrt_pcn_sizes[l] * ngcrt_pcn_sizes[l + 1]);
        print_bits(ngcrt_pcn_biases[l], ngcrt_pcn_sizes[l + 1]);
    }
    return 0;
}
"""


def case_pack(tool, work, cc, cxx):
    np, pr, pim = np_modules()
    d = fresh_dir(os.path.join(work, "pack"))
    rng = np.random.default_rng(9)
    f32 = np.finfo(np.float32)
    special = np.array([0.0, -0.0, 1e-45, -1e-45, f32.tiny, f32.max, -f32.max, 0.1, 1 / 3, -2.5e-40,
                        1.0, -1.0], np.float32)
    for sizes in ([4, 3, 5, 2], [3, 4, 2], [2, 3, 3, 3, 3, 3, 3, 3, 2]):
        W, b = random_model(np, sizes, rng)
        W[0].reshape(-1)[:special.size] = special[:W[0].size]
        b[-1].reshape(-1)[:2] = special[1:3]
        m = os.path.join(d, "M" + "-".join(map(str, sizes)))
        pim.write_model(m, W, b)
        hdir = fresh_dir(m + "-h")
        run(tool, ["pack", "--model", m, "--out", os.path.join(hdir, "model.h")])
        check(os.listdir(hdir) == ["model.h"], f"{hdir}: {os.listdir(hdir)}")
        L = len(sizes) - 1
        macros = "\n".join(f'    printf("W{l} %d %d %d %lu\\n", NGCRT_PCN_W{l}_ROWS, NGCRT_PCN_W{l}_COLS, '
                           f'NGCRT_PCN_SIZE_{l}, (unsigned long)(sizeof ngcrt_pcn_W{l} / sizeof(float)));'
                           for l in range(1, L + 1))
        want = [f"layers {L} inputs {sizes[0]} classes {sizes[-1]} max {max(sizes)}"]
        want += [f"size {s} {s}" for s in sizes]
        want += [f"W{l} {sizes[l - 1]} {sizes[l]} {sizes[l]} {sizes[l - 1] * sizes[l]}" for l in range(1, L + 1)]
        for w, v in zip(W, b):
            want += [f"{u:08x}" for u in bits(w)] + [f"{u:08x}" for u in bits(v)]
        src = PACK_MAIN.replace("@MACROS@", macros)
        for lang, compiler, std, ext in (("C99", cc, "-std=c99", "c"), ("C++17", cxx, "-std=c++17", "cpp")):
            path = os.path.join(hdir, "main." + ext)
            exe = os.path.join(hdir, "main_" + ext)
            with open(path, "w") as f:
                f.write(src)
            cmd = [compiler, std, "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wconversion", "-Werror",
                   "-I", hdir, path, "-o", exe]
            p = subprocess.run(cmd, capture_output=True, text=True)
            check(p.returncode == 0, f"{lang}: {' '.join(cmd)} failed:\n{p.stdout}{p.stderr}")
            out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout.split("\n")[:-1]
            check(out == want, f"{lang}: the packed model differs from {m} (first difference at line "
                               f"{next((i for i, (a, c) in enumerate(zip(out, want)) if a != c), len(out))})")
        print(f"  {'-'.join(map(str, sizes))}: every value bit for bit, as C99 ({cc}) and C++17 ({cxx})")


# ---------------------------------------------------------------------------------------
# bad input: each case its own CTest test; the inputs written once by bad_setup

# name: (expected exit status, a regular expression the stderr line must match, arguments).
# In the arguments, OUT stands for the output (a directory; a file for pack).
TRAIN = ["train", "--model", "M", "--x", "X.npy", "--y", "Y.npy", "--out", "OUT", "--batch", "2"]


def train_with(**repl):
    """TRAIN with some options replaced (value None: dropped) or added."""
    args = list(TRAIN)
    for k, v in repl.items():
        opt = "--" + k
        if opt in args:
            i = args.index(opt)
            del args[i:i + 2]
        if v is not None:
            args += [opt, v]
    return args


BAD_CASES = {
    # the contract's list
    "x_columns": (2, r"X_cols\.npy: X has 5 columns.*W1\.npz has 4 rows", train_with(x="X_cols.npy")),
    "y_columns": (2, r"Y_cols\.npy: Y has 3 columns.*W3\.npz has 2 columns", train_with(y="Y_cols.npy")),
    "rows_differ": (2, r"Y_rows\.npy: Y has 5 rows, X has 6", train_with(y="Y_rows.npy")),
    "x_nan": (2, r"X_nan\.npy: X holds NaN at \[2, 1\]", train_with(x="X_nan.npy")),
    "x_inf": (2, r"X_inf\.npy: X holds -inf at \[5, 3\]", train_with(x="X_inf.npy")),
    "weights_nan": (2, r"W2\.npz.*'weights' holds NaN", train_with(model="M_w_nan")),
    "weights_inf": (2, r"W1\.npz.*'weights' holds inf", train_with(model="M_w_inf")),
    "biases_nan": (2, r"W3\.npz.*'biases' holds NaN", train_with(model="M_b_nan")),
    "model_dir_missing": (2, r"M_absent.*not found", train_with(model="M_absent")),
    "w1_missing": (2, r"W1\.npz.*missing", train_with(model="M_empty")),
    "w2_missing": (2, r"W2\.npz.*missing", train_with(model="M_only_w1")),
    "w3_missing_w4_there": (2, r"W3\.npz.*missing.*W4\.npz", train_with(model="M_gap")),
    "npz_no_weights": (2, r"W2\.npz.*malformed.*no entry 'weights'", train_with(model="M_no_weights")),
    "npz_no_biases": (2, r"W1\.npz.*malformed.*no entry 'biases'", train_with(model="M_no_biases")),
    "npz_float64": (2, r"W2\.npz.*malformed.*'weights'.*dtype '<f8'", train_with(model="M_f8")),
    "npz_big_endian": (2, r"W1\.npz.*malformed.*'biases'.*big-endian", train_with(model="M_be")),
    "npz_fortran": (2, r"W2\.npz.*malformed.*Fortran order", train_with(model="M_fortran")),
    "npz_compressed": (2, r"W3\.npz.*malformed.*compressed", train_with(model="M_compressed")),
    "npz_biases_shape": (2, r"W1\.npz.*malformed.*'biases' has shape \(3,\)", train_with(model="M_b_shape")),
    "npz_weights_1d": (2, r"W2\.npz.*malformed.*'weights' has shape \(9,\)", train_with(model="M_w_1d")),
    "npz_no_chain": (2, r"W3\.npz.*malformed.*4 rows.*W2\.npz has 3 columns", train_with(model="M_chain")),
    "npz_not_zip": (2, r"W2\.npz.*malformed.*not a readable zip", train_with(model="M_not_zip")),
    "npz_truncated": (2, r"W3\.npz.*malformed", train_with(model="M_truncated")),
    "npz_bad_npy": (2, r"W1\.npz.*malformed.*'weights'.*truncated data", train_with(model="M_bad_npy")),
    "too_many_layers": (2, r"W9\.npz.*more than 8 weight layers", train_with(model="M_9")),
    "batch_above_n": (2, r"--batch.*B = 7.*6 rows", train_with(batch="7")),
    "batch_zero": (2, r"--batch.*at least 1", train_with(batch="0")),
    "eta_zero": (2, r"--eta.*positive", train_with(eta="0")),
    "eta_negative": (2, r"--eta.*positive", train_with(eta="-0.001")),
    "eta_nan": (2, r"--eta.*positive and finite", train_with(eta="nan")),
    "eta_inf": (2, r"--eta.*positive and finite", train_with(eta="inf")),
    "eta_overflow": (2, r"--eta.*positive and finite", train_with(eta="1e39")),
    "steps_zero": (2, r"--steps.*at least 1", train_with(steps="0")),
    "optimizer_unknown": (2, r"--optimizer.*unknown optimizer 'rmsprop'", train_with(optimizer="rmsprop")),
    # what the library refuses too
    "dt_zero": (2, r"--dt.*positive", train_with(dt="0")),
    "dt_nan": (2, r"--dt.*positive and finite", train_with(dt="NaN")),
    "tau_negative": (2, r"--tau.*positive", train_with(tau="-25")),
    "tau_inf": (2, r"--tau.*positive and finite", train_with(tau="inf")),
    # X, Y and the command line
    "x_missing": (2, r"X_absent\.npy.*file not found", train_with(x="X_absent.npy")),
    "x_not_2d": (2, r"X_1d\.npy.*2-D.*\(24,\)", train_with(x="X_1d.npy")),
    "x_float64": (2, r"X_f8\.npy.*dtype '<f8'", train_with(x="X_f8.npy")),
    "y_not_npy": (2, r"Y_text\.npy.*bad magic", train_with(y="Y_text.npy")),
    "epochs_zero": (2, r"--epochs.*at least 1", train_with(epochs="0")),
    "epochs_not_number": (2, r"--epochs.*'2x' is not a whole number", train_with(epochs="2x")),
    "batch_negative": (2, r"--batch.*'-1' is not a whole number", train_with(batch="-1")),
    "eta_not_number": (2, r"--eta.*'fast' is not a number", train_with(eta="fast")),
    "steps_huge": (2, r"--steps.*too large", train_with(steps="99999999999999999999999")),
    "unknown_option": (2, r"train: unknown option '--shuffle'", TRAIN + ["--shuffle", "1"]),
    "missing_value": (2, r"--eta: missing value", TRAIN + ["--eta"]),
    "option_twice": (2, r"--batch given twice", TRAIN + ["--batch", "3"]),
    "missing_y": (2, r"train needs --y", train_with(y=None)),
    "no_command": (2, r"no command", []),
    "unknown_command": (2, r"unknown command 'fit'", ["fit", "--model", "M"]),
    "stray_argument": (2, r"unexpected argument 'extra'", TRAIN + ["extra"]),
    "infer_option": (2, r"infer: unknown option '--y'", ["infer", "--model", "M", "--x", "X.npy", "--y", "Y.npy",
                                                         "--out", "OUT"]),
    # infer and pack check the same
    "infer_x_columns": (2, r"X_cols\.npy: X has 5 columns",
                        ["infer", "--model", "M", "--x", "X_cols.npy", "--out", "OUT"]),
    "infer_x_nan": (2, r"X_nan\.npy: X holds NaN", ["infer", "--model", "M", "--x", "X_nan.npy", "--out", "OUT"]),
    "infer_malformed": (2, r"W2\.npz.*malformed", ["infer", "--model", "M_fortran", "--x", "X.npy", "--out", "OUT"]),
    "pack_weights_nan": (2, r"W2\.npz.*NaN", ["pack", "--model", "M_w_nan", "--out", "OUT/model.h"]),
    "pack_missing": (2, r"W2\.npz.*missing", ["pack", "--model", "M_only_w1", "--out", "OUT/model.h"]),
    # a write failure: exit status 1, found before training
    "out_is_a_file": (1, r"not_a_dir.*not a directory", train_with(out="not_a_dir")),
}


def case_bad_setup(tool, work, names):
    np, pr, pim = np_modules()
    registered = sorted(n for n in names.split(",") if n)
    check(registered == sorted(BAD_CASES), f"CMake's bad-input cases differ from BAD_CASES: "
                                           f"{sorted(set(registered) ^ set(BAD_CASES))}")
    d = fresh_dir(os.path.join(work, "bad"))
    rng = np.random.default_rng(3)
    sizes = [4, 3, 3, 2]
    W, b = random_model(np, sizes, rng)

    def model(name, W=W, b=b, entries=None, savez=np.savez):
        m = os.path.join(d, name)
        pim.write_model(m, W, b)
        for l, e in (entries or {}).items():
            savez(os.path.join(m, f"W{l}.npz"), **e)
        return m

    def entries(l, **over):
        e = {"weights": W[l - 1], "biases": b[l - 1]}
        e.update(over)
        return {k: v for k, v in e.items() if v is not None}

    model("M")
    Wn = [w.copy() for w in W]
    Wn[1][1, 2] = np.nan
    model("M_w_nan", W=Wn)
    Wi = [w.copy() for w in W]
    Wi[0][3, 0] = np.inf
    model("M_w_inf", W=Wi)
    bn = [v.copy() for v in b]
    bn[2][0, 1] = np.nan
    model("M_b_nan", b=bn)
    os.makedirs(os.path.join(d, "M_empty"))
    model("M_only_w1")
    os.remove(os.path.join(d, "M_only_w1", "W2.npz"))
    os.remove(os.path.join(d, "M_only_w1", "W3.npz"))
    model("M_gap")
    os.rename(os.path.join(d, "M_gap", "W3.npz"), os.path.join(d, "M_gap", "W4.npz"))
    model("M_no_weights", entries={2: entries(2, weights=None)})
    model("M_no_biases", entries={1: entries(1, biases=None)})
    model("M_f8", entries={2: entries(2, weights=W[1].astype(np.float64))})
    model("M_be", entries={1: entries(1, biases=b[0].astype(">f4"))})
    model("M_fortran", entries={2: entries(2, weights=np.asfortranarray(W[1]))})
    model("M_compressed", entries={3: entries(3)}, savez=np.savez_compressed)
    model("M_b_shape", entries={1: entries(1, biases=b[0].reshape(-1))})
    model("M_w_1d", entries={2: entries(2, weights=W[1].reshape(-1))})
    W4 = W[:2] + [rng.uniform(-0.3, 0.3, (4, 2)).astype(np.float32)]
    model("M_chain", W=W4)
    m = model("M_not_zip")
    with open(os.path.join(m, "W2.npz"), "wb") as f:
        f.write(b"this is not a zip archive\n" * 10)
    m = model("M_truncated")
    with open(os.path.join(m, "W3.npz"), "rb") as f:
        data = f.read()
    with open(os.path.join(m, "W3.npz"), "wb") as f:
        f.write(data[:len(data) // 2])
    # an archive whose weights.npy is cut short (stored, valid zip)
    m = model("M_bad_npy")
    with zipfile.ZipFile(os.path.join(m, "W1.npz"), "w", zipfile.ZIP_STORED) as z:
        buf = io.BytesIO()
        np.save(buf, W[0])
        z.writestr("weights.npy", buf.getvalue()[:-4])
        buf = io.BytesIO()
        np.save(buf, b[0])
        z.writestr("biases.npy", buf.getvalue())
    s9 = [3] * 10
    W9, b9 = random_model(np, s9, rng)
    model("M_9", W=W9, b=b9)

    x = rng.uniform(0, 1, (6, 4)).astype(np.float32)
    y = np.eye(2, dtype=np.float32)[[0, 1, 1, 0, 1, 0]]
    np.save(os.path.join(d, "X.npy"), x)
    np.save(os.path.join(d, "Y.npy"), y)
    np.save(os.path.join(d, "X_cols.npy"), rng.uniform(0, 1, (6, 5)).astype(np.float32))
    np.save(os.path.join(d, "Y_cols.npy"), np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2]])
    np.save(os.path.join(d, "Y_rows.npy"), y[:5])
    xn = x.copy()
    xn[2, 1] = np.nan
    np.save(os.path.join(d, "X_nan.npy"), xn)
    xi = x.copy()
    xi[5, 3] = -np.inf
    np.save(os.path.join(d, "X_inf.npy"), xi)
    np.save(os.path.join(d, "X_1d.npy"), x.reshape(-1))
    np.save(os.path.join(d, "X_f8.npy"), x.astype(np.float64))
    with open(os.path.join(d, "Y_text.npy"), "w") as f:
        f.write("1,0\n0,1\n")
    with open(os.path.join(d, "not_a_dir"), "w") as f:
        f.write("a file\n")
    # the good inputs work (so every bad case fails for its own reason)
    run(tool, TRAIN[:-3] + ["ok_out", "--batch", "2"], cwd=d)
    shutil.rmtree(os.path.join(d, "ok_out"))
    print(f"  {len(BAD_CASES)} bad-input cases' files in {d}")


def case_bad(tool, work, name):
    rc, pattern, args = BAD_CASES[name]
    d = os.path.join(work, "bad")
    check(os.path.isfile(os.path.join(d, "X.npy")), f"{d}: run pcn_tool.bad_setup first")
    parent = fresh_dir(os.path.join(d, "out", name))
    if args and args[0] == "pack":
        runs = [parent]                                      # OUT/model.h must not appear
    else:                                                    # OUT_DIR missing: must not be created;
        runs = [os.path.join(parent, "absent"), parent]      # OUT_DIR there, empty: must stay empty
    before = None
    if name == "out_is_a_file":
        with open(os.path.join(d, "not_a_dir")) as f:
            before = f.read()
    for out in runs:
        argv = [a.replace("OUT", out) if isinstance(a, str) and a.startswith("OUT") else a for a in args]
        p = run(tool, argv, rc=rc, cwd=d)
        err = p.stderr
        check(p.stdout == "", f"stdout: {p.stdout!r}")
        check(err.endswith("\n") and err.count("\n") == 1 and err.startswith("ngcrt-pcn: "),
              f"stderr is not one line: {err!r}")
        check(re.search(pattern, err) is not None, f"stderr {err.strip()!r} does not match {pattern!r}")
        check(os.listdir(parent) == [], f"{parent} holds {os.listdir(parent)} after the failure")
    if before is not None:
        with open(os.path.join(d, "not_a_dir")) as f:
            check(f.read() == before, "not_a_dir was changed")
    print(f"  exit status {rc}: {err.strip()}")


# ---------------------------------------------------------------------------------------


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    tool, work, case = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    extra = sys.argv[4:]
    os.makedirs(work, exist_ok=True)
    try:
        if case == "check_vector":
            case_check_vector(tool, work)
        elif case.startswith("roundtrip.") and case[10:] in ROUNDTRIPS:
            case_roundtrip(tool, work, case[10:])
        elif case == "infer_chunks":
            case_infer_chunks(tool, work)
        elif case == "infer_argmax":
            case_infer_argmax(tool, work)
        elif case == "pack" and len(extra) == 2:
            case_pack(tool, work, extra[0], extra[1])
        elif case == "bad_setup" and len(extra) == 1:
            case_bad_setup(tool, work, extra[0])
        elif case.startswith("bad.") and case[4:] in BAD_CASES:
            case_bad(tool, work, case[4:])
        else:
            print(f"unknown case {case!r} (or wrong arguments)")
            return 2
    except Failed as e:
        print(f"FAIL {case}: {e}")
        return 1
    print(f"PASS {case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
