#!/usr/bin/env python3
"""Writes tests/conformance/synapse_golden.inc: golden fingerprints of the synapses' products
and of HebbianSynapse.evolve() (SGD and Adam, several steps), from the independent NumPy
reference tests/rate/rate_reference.py (docs/spec/synapses.md's operation lists in float32,
ngcrt's fixed order, and float64; pow(beta, t) exact).

A fingerprint is FNV-1a over each element's bit pattern zero-extended to 64 bits (as the
error cells' family goldens): bit for bit in a few bytes. The inputs come from
SplitMix-free xorshift64* below, repeated in tests/test_synapses.cpp: 24-bit fixed-point
values times a power of two, exact in float and double.

    /usr/bin/python3 tests/conformance/make_synapse_golden.py > tests/conformance/synapse_golden.inc
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rate"))
import rate_reference as rr  # noqa: E402

M64 = (1 << 64) - 1
SIZES = [1, 3, 17, 64, 100]
BATCHES = [1, 2, 5]


class Gen:
    """xorshift64*: value(e) = (r24 - 2^23) * 2^(e - 23) * 2^s, s in -2..2 from the low bits."""

    def __init__(self, seed):
        self.x = seed & M64 or 1

    def next(self):
        x = self.x
        x ^= x >> 12
        x ^= (x << 25) & M64
        x ^= x >> 27
        self.x = x
        return (x * 0x2545F4914F6CDD1D) & M64

    def value(self, e=0):
        r = self.next()
        s = ((r >> 8) % 5) - 2
        return float((r >> 40) - (1 << 23)) * 2.0 ** (e - 23 + s)

    def values(self, n, e=0):
        return [self.value(e) for _ in range(n)]

    def mask(self, n):
        """0 for a quarter, else a value in [0.5, 1.5) (rounds the weight's product)."""
        out = []
        for _ in range(n):
            r = self.next()
            out.append(0.0 if (r >> 20) % 4 == 0 else 0.5 + float(r >> 40) * 2.0 ** -24)
        return out


def fingerprint(a):
    a = np.ascontiguousarray(a).reshape(-1)
    u = a.view(np.uint32 if a.dtype == np.float32 else np.uint64)
    h = 0xCBF29CE484222325
    for b in u.tolist():
        h = ((h ^ b) * 0x100000001B3) & M64
    return h


def product_cases():
    """(in, out, batch, transposed, masked, biases, resist_scale)"""
    cases = []
    for i in SIZES:
        for o in SIZES:
            for b in BATCHES:
                for transposed in (False, True):
                    masked = b == 5
                    biases = b == 2
                    rs = {1: 1.0, 2: -0.75, 5: 1.5}[b]
                    cases.append((i, o, b, transposed, masked, biases, rs))
    return cases


def product_inputs(index, case):
    """inputs (batch x in), stored weights (in x out, or out x in transposed), mask, biases."""
    i, o, b, transposed, masked, biases, _ = case
    g = Gen(0x5EED0000 + index)
    x = g.values(b * i)
    w = g.values(i * o, -2)
    m = g.mask(i * o) if masked else None
    bias = g.values(o) if biases else None
    return x, w, m, bias


def product(T, index, case):
    i, o, b, transposed, masked, biases, rs = case
    x, w, m, bias = product_inputs(index, case)
    stored = np.asarray(w, T).reshape((o, i) if transposed else (i, o))
    weights = stored.T if transposed else stored            # the (in, out) matrix
    mask = None
    if masked:
        ms = np.asarray(m, T).reshape(stored.shape)
        mask = ms.T if transposed else ms
    d = rr.DenseSynapse("W", (i, o), np.ascontiguousarray(weights), biases=None if bias is None else [bias],
                        resist_scale=rs, mask=None if mask is None else np.ascontiguousarray(mask),
                        batch_size=b, dtype=T)
    d.inputs = np.asarray(x, T).reshape(b, i)
    d.advance_state()
    return d.outputs


# (in, out, batch, optimizer, biases, masked, steps, settings)
EVOLVE_CASES = [
    (3, 17, 2, "sgd", False, False, 3, dict(eta=0.125, w_bound=1.0, prior=("l2", 0.01))),
    (17, 3, 5, "adam", True, False, 5, dict(eta=1e-3, w_bound=0.0, sign_value=-1.0)),
    (64, 17, 5, "adam", True, True, 4, dict(eta=0.01, w_bound=2.0, is_nonnegative=True, prior=("l1", 0.05))),
    (3, 3, 1, "sgd", True, False, 3, dict(eta=0.5, w_bound=0.0, prior=("elastic_net", (0.2, 0.3)),
                                          pre_wght=0.5, post_wght=2.0)),
    (100, 64, 2, "adam", False, False, 3, dict(eta=2e-3, w_bound=0.5, w_decay=0.02, sign_value=-1.0)),
    (1, 1, 1, "adam", True, False, 200, dict(eta=1e-3, w_bound=0.0)),
]


def settings_of(case):
    return dict(case[7])


def evolve_inputs(index, case):
    """The starting weights and biases, the mask, and per step pre (batch x in), post (batch x out)."""
    i, o, b, _, biases, masked, steps, _ = case
    g = Gen(0xE70E0000 + index)
    w = g.values(i * o, -1)
    bias = g.values(o, -2) if biases else None
    m = g.mask(i * o) if masked else None
    per_step = [(g.values(b * i), g.values(b * o, -1)) for _ in range(steps)]
    return w, bias, m, per_step


def evolve(T, index, case):
    i, o, b, optimizer, biases, masked, steps, _ = case
    w, bias, m, per_step = evolve_inputs(index, case)
    s = settings_of(case)
    h = rr.HebbianSynapse("W", (i, o), np.asarray(w, T).reshape(i, o), biases=None if bias is None else [bias],
                          mask=None if m is None else np.asarray(m, T).reshape(i, o), batch_size=b,
                          optim_type=optimizer, dtype=T, **s)
    for pre, post in per_step:
        h.pre = np.asarray(pre, T).reshape(b, i)
        h.post = np.asarray(post, T).reshape(b, o)
        h.evolve()
    bias_out = np.asarray(h.biases, T).reshape(-1) if biases else np.zeros(0, T)
    if optimizer == "adam":
        mom_m = np.concatenate([np.asarray(a, T).reshape(-1) for a in h.opt.m])
        mom_v = np.concatenate([np.asarray(a, T).reshape(-1) for a in h.opt.v])
    else:
        mom_m = mom_v = np.zeros(0, T)
    return [fingerprint(h.weights), fingerprint(bias_out), fingerprint(h.dWeights), fingerprint(h.dBiases),
            fingerprint(mom_m), fingerprint(mom_v)]


def pow_table():
    """1 - beta^t for Adam's betas, float32 and float64, t = 1..64 and a spread up to 20000."""
    ts = list(range(1, 65)) + list(range(65, 20001, 97)) + [16384, 17000, 19999, 20000]
    rows = []
    for t in ts:
        b1 = rr.f32_hex(0x3F666666)
        b2 = rr.f32_hex(0x3F7FBE77)
        p1 = rr.pow_exact(b1, t, np.float32)
        p2 = rr.pow_exact(b2, t, np.float32)
        d1 = rr.pow_exact(0.9, t, np.float64)
        d2 = rr.pow_exact(0.999, t, np.float64)
        rows.append((t, int(np.float32(p1).view(np.uint32)), int(np.float32(p2).view(np.uint32)),
                     int(np.float64(d1).view(np.uint64)), int(np.float64(d2).view(np.uint64))))
    return rows


def main():
    out = sys.stdout
    out.write("// Generated by tests/conformance/make_synapse_golden.py: do not edit.\n")
    out.write("// Fingerprints (FNV-1a of the bits) of the synapses' products and evolve() cases, and the\n")
    out.write("// exactly rounded pow(beta, t) of Adam's betas.\n")
    out.write("static const product_case product_cases[] = {\n")
    for idx, (i, o, b, tr, masked, biases, rs) in enumerate(product_cases()):
        f = fingerprint(product(np.float32, idx, (i, o, b, tr, masked, biases, rs)))
        d = fingerprint(product(np.float64, idx, (i, o, b, tr, masked, biases, rs)))
        out.write(f"    {{{i}, {o}, {b}, {'true' if tr else 'false'}, {'true' if masked else 'false'}, "
                  f"{'true' if biases else 'false'}, {rs!r}, 0x{f:016x}u, 0x{d:016x}u}},\n")
    out.write("};\n")
    out.write("static const evolve_golden evolve_goldens[] = {\n")
    for idx, case in enumerate(EVOLVE_CASES):
        f = evolve(np.float32, idx, case)
        d = evolve(np.float64, idx, case)
        out.write(f"    {{{idx}, {{" + ", ".join(f"0x{v:016x}u" for v in f) + "}, {"
                  + ", ".join(f"0x{v:016x}u" for v in d) + "}},\n")
    out.write("};\n")
    out.write("static const pow_golden pow_goldens[] = {\n")
    for t, p1, p2, d1, d2 in pow_table():
        out.write(f"    {{{t}, 0x{p1:08x}u, 0x{p2:08x}u, 0x{d1:016x}u, 0x{d2:016x}u}},\n")
    out.write("};\n")


if __name__ == "__main__":
    main()
