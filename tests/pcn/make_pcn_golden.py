#!/usr/bin/env python3
"""Writes tests/pcn/pcn_golden.inc: PCN goldens from tests/pcn/pcn_reference.py.

Cases (sizes, batch B, steps T, optimizer) varied; each starts from weights drawn
uniform(-0.3, 0.3) and small random biases (so that they matter) by a seeded NumPy
generator, makes two process(adapt = true) calls on the same batch and then one infer.
The file holds, as IEEE-754 bits, the inputs and, from the reference in float32 with
ngcrt's own exp (tests/math/ngcrt_math.py, bit for bit) in ngcrt's fixed order, every
output: y_inf and EFE of both calls, y_mu of the second, the weights and biases after it.
The test demands the same bits. The float64 reference's EFE and weights are in the file too
(the test checks float32 against them within 1e-4 relative of the largest magnitude: the
float32 model's drift over T steps, 2 Adam steps, measured here at below 1e-5).

A last case is pcn.md's fingerprint: the 64-64-64-10 digits model (30 digit images embedded
as pixels 0..16, their labels), B = 10, T = 20, Adam 1e-3, 3 training batches; an FNV-1a
hash of every weight and bias afterwards, and the 3 batch EFEs.

    /usr/bin/python3 tests/pcn/make_pcn_golden.py > tests/pcn/pcn_golden.inc
"""
import gzip
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pcn_reference as pr  # noqa: E402

CASES = [  # name, sizes, B, T, optimizer, eta
    ("deep_adam", (5, 4, 3, 2), 3, 7, "adam", 1e-3),
    ("shallow_sgd", (6, 5, 3), 2, 4, "sgd", 0.05),
    ("deeper_adam", (7, 6, 5, 4, 3), 1, 1, "adam", 2e-3),
    ("wide_sgd", (33, 17, 9, 4), 5, 3, "sgd", 0.01),
]


def bits(a):
    return [int(v) for v in np.asarray(a, np.float32).reshape(-1).view(np.uint32)]


def arr(name, values):
    body = ", ".join(f"0x{v:08x}u" for v in values)
    return f"static const std::uint32_t {name}[] = {{{body}}};"


def fnv(words):
    h = 0xcbf29ce484222325
    for w in words:
        h ^= w
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def case(out, name, sizes, B, T, opt, eta, seed):
    rng = np.random.default_rng(seed)
    L = len(sizes) - 1
    W = [rng.uniform(-0.3, 0.3, (sizes[l], sizes[l + 1])).astype(np.float32) for l in range(L)]
    b = [rng.uniform(-0.05, 0.05, (1, sizes[l + 1])).astype(np.float32) for l in range(L)]
    x = rng.uniform(0, 1, (B, sizes[0])).astype(np.float32)
    lab = np.eye(sizes[-1], dtype=np.float32)[rng.integers(0, sizes[-1], B)]
    kw = dict(T=T, dt=1.0, tau=25.0, eta=eta, optimizer=opt)
    params = pr.as_params(W, b, np.float32)
    state = pr.init_state(params, opt)
    r1 = pr.process(x, lab, params, state, exp="ngcrt", **kw)
    r2 = pr.process(x, lab, r1.params, r1.state, exp="ngcrt", **kw)
    y3 = pr.project(x, r2.params["W"], r2.params["b"], exp="ngcrt")
    p64 = pr.as_params(W, b, np.float64)
    s64 = pr.init_state(p64, opt)
    d1 = pr.process(x, lab, p64, s64, dtype=np.float64, **kw)
    d2 = pr.process(x, lab, d1.params, d1.state, dtype=np.float64, **kw)
    drift = max(float(np.max(np.abs(np.float64(a) - c))) / max(1.0, float(np.max(np.abs(c))))
                for a, c in zip(r2.params["W"] + r2.params["b"] + [np.array(r2.efe)],
                                d2.params["W"] + d2.params["b"] + [np.array(d2.efe)]))
    assert drift < 1e-5, (name, drift)
    p = f"{name}_"
    out.append(f"// {name}: sizes {'-'.join(map(str, sizes))}, B = {B}, T = {T}, {opt}, eta = {eta}"
               f" (float32 vs float64 drift {drift:.2e})")
    out.append(arr(p + "x", bits(x)))
    out.append(arr(p + "lab", bits(lab)))
    out.append(arr(p + "W", sum((bits(w) for w in W), [])))
    out.append(arr(p + "b", sum((bits(v) for v in b), [])))
    out.append(arr(p + "y1", bits(r1.y_inf)))
    out.append(arr(p + "y2", bits(r2.y_inf)))
    out.append(arr(p + "ymu2", bits(r2.y_mu)))
    out.append(arr(p + "y3", bits(y3)))
    out.append(arr(p + "efe", bits([r1.efe, r2.efe])))
    out.append(arr(p + "W2", sum((bits(w) for w in r2.params["W"]), [])))
    out.append(arr(p + "b2", sum((bits(v) for v in r2.params["b"]), [])))
    out.append(f"static const double {p}efe64[] = {{{float(d1.efe)!r}, {float(d2.efe)!r}}};")
    w64 = np.concatenate([w.reshape(-1) for w in d2.params["W"]] + [v.reshape(-1) for v in d2.params["b"]])
    out.append(f"static const double {p}Wb64[] = {{{', '.join(repr(float(v)) for v in w64)}}};")
    sz = ", ".join(str(s) for s in sizes)
    out.append(f"static const pcn_case {p}case = {{\"{name}\", {{{sz}}}, {len(sizes)}, {B}, {T}, "
               f"{'true' if opt == 'adam' else 'false'}, {np.float32(eta)!r}f, {p}x, {p}lab, {p}W, {p}b, "
               f"{p}y1, {p}y2, {p}ymu2, {p}y3, {p}efe, {p}W2, {p}b2, {p}efe64, {p}Wb64}};")
    out.append("")


def digits_rows(n):
    import importlib.util
    spec = importlib.util.find_spec("sklearn")
    roots = list(spec.submodule_search_locations) if spec and spec.submodule_search_locations else []
    roots.append("/usr/lib/python3/dist-packages/sklearn")
    for root in roots:
        path = os.path.join(root, "datasets", "data", "digits.csv.gz")
        if os.path.isfile(path):
            with gzip.open(path, "rt") as f:
                rows = [list(map(float, line.split(","))) for line, _ in zip(f, range(n))]
            a = np.array(rows)
            return a[:, :64].astype(np.uint8), a[:, 64].astype(np.int64)
    raise FileNotFoundError("digits.csv.gz not found (apt-get install python3-sklearn)")


def fingerprint(out):
    pix, cls = digits_rows(30)
    rng = np.random.default_rng(1)
    sizes = (64, 64, 64, 10)
    W = [rng.uniform(-0.3, 0.3, (sizes[l], sizes[l + 1])).astype(np.float32) for l in range(3)]
    b = [np.zeros((1, sizes[l + 1]), np.float32) for l in range(3)]
    params = pr.as_params(W, b, np.float32)
    state = pr.init_state(params, "adam")
    x = (pix.astype(np.float32) / np.float32(16))
    lab = np.eye(10, dtype=np.float32)[cls]
    efes = []
    for k in range(3):
        r = pr.process(x[10 * k:10 * k + 10], lab[10 * k:10 * k + 10], params, state, T=20, dt=1.0,
                       tau=25.0, eta=1e-3, optimizer="adam", exp="ngcrt")
        params, state = r.params, r.state
        efes.append(r.efe)
    words = sum((bits(w) for w in params["W"]), []) + sum((bits(v) for v in params["b"]), [])
    out.append("// pcn.md's fingerprint: 64-64-64-10, 30 digit images (pixels 0..16, file order), B = 10,")
    out.append("// T = 20, Adam 1e-3, 3 batches; weights uniform(-0.3, 0.3) from default_rng(1), biases 0.")
    out.append("static const unsigned char digits_pixels[] = {" + ", ".join(str(int(v)) for v in pix.reshape(-1)) + "};")
    out.append("static const unsigned char digits_classes[] = {" + ", ".join(str(int(v)) for v in cls) + "};")
    out.append(arr("digits_W", sum((bits(w) for w in W), [])))
    out.append(arr("digits_efe", bits(efes)))
    out.append(f"static const std::uint64_t digits_fingerprint = 0x{fnv(words):016x}ull;")


def main():
    out = ["// Generated by tests/pcn/make_pcn_golden.py from tests/pcn/pcn_reference.py: do not edit.",
           "// IEEE-754 float32 bits; struct pcn_case is defined by the including test."]
    for i, (name, sizes, B, T, opt, eta) in enumerate(CASES):
        case(out, name, sizes, B, T, opt, eta, seed=100 + i)
    out.append("static const pcn_case* const pcn_cases[] = {"
               + ", ".join(f"&{c[0]}_case" for c in CASES) + "};")
    out.append("")
    fingerprint(out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
