#!/usr/bin/env python3
"""tests/pcn/pcn_reference.py - the predictive-coding network of docs/spec/pcn.md in NumPy.

An independent reference for tests only (never part of the library), written from
docs/spec/pcn.md, synapses.md, rate-cell.md and gaussian-error-cell.md. It runs the same
model in float32 (every operation rounded to float32 in the order the pages write it, no
fused multiply-add) and in float64 (the same operations in double, for tolerance arguments).

    import pcn_reference as pr
    params = {"W": [W1, W2, W3], "b": [b1, b2, b3]}         # W_l (in, out), b_l (1, out)
    state = pr.init_state(params, "adam")
    res = pr.process(x, lab, params, state, T=20, dt=1.0, tau=25.0, eta=1e-3, optimizer="adam")
    res.y_inf, res.y_mu, res.efe, res.params, res.state      # res.trace: dW, db, errors
    y = pr.project(x, W, b)                                   # W, b: lists of arrays

Any depth of two or more weight matrices works (the exhibit has three).

Products: every output element is summed over the summed index in increasing order, one
term at a time from +0 (acc = acc + a[k] * b[k]), as synapses.md's "Determinism in ngcrt"
fixes it. The energy's sum S follows docs/determinism.md (32 lanes, 1024-element blocks,
blocks added in double). exp: "cr" (default) rounds a double exp to float32, which is the
correctly rounded result except in astronomically rare double-rounding cases; "ngcrt" uses
tests/math/ngcrt_math.py, bit for bit the library's exp (it may differ from "cr" by one ulp);
"numpy" is NumPy's own float32 exp (not correctly rounded). pow(beta, t) in Adam is exact.

Self-test (exit status 0 when every check passes, 1 otherwise):

    /usr/bin/python3 tests/pcn/pcn_reference.py --check
"""
import os
import sys
from typing import NamedTuple

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def _ngcrt_math():
    """tests/math/ngcrt_math.py: the library's exp re-implemented bit for bit."""
    if os.path.join(HERE, "..", "math") not in sys.path:
        sys.path.insert(0, os.path.join(HERE, "..", "math"))
    import ngcrt_math
    return ngcrt_math


def _libm_ref():
    """tests/math/libm_ref.py: float64 functions whose bits do not depend on the CPU."""
    _ngcrt_math()  # puts tests/math on the path
    import libm_ref
    return libm_ref


def f32_hex(bits):
    return np.array([bits], np.uint32).view(np.float32)[0]


# ---------------------------------------------------------------------------------------
# arithmetic context: the element type, its exp and every constant as the pages round it


class Arith:
    def __init__(self, dtype=np.float32, exp="cr"):
        self.T = np.dtype(dtype).type
        if self.T not in (np.float32, np.float64):
            raise ValueError("dtype must be float32 or float64")
        self.exp_mode = exp
        T = self.T
        self.zero, self.one = T(0), T(1)
        self.half = T(0.5)
        if T is np.float32:
            # the pages' float32 constants, spelled as bits so a wrong rounding shows
            self.clip_lo, self.clip_hi = f32_hex(0x3A83126F), f32_hex(0x3F7FBE77)
            self.beta1, self.beta2 = f32_hex(0x3F666666), f32_hex(0x3F7FBE77)
            self.c1, self.c2 = f32_hex(0x3DCCCCCD), f32_hex(0x3A83126F)   # 1 - beta, in double
            self.eps = f32_hex(0x322BCC77)
        else:
            self.clip_lo, self.clip_hi = T(0.001), T(1 - 0.001)
            self.beta1, self.beta2 = T(0.9), T(0.999)
            self.c1, self.c2 = T(1 - 0.9), T(1 - 0.999)
            self.eps = T(1e-8)
        self._pow_cache = {}

    def arr(self, a):
        return np.asarray(a, dtype=self.T)

    def exp(self, x):
        x = self.arr(x)
        with np.errstate(over="ignore", under="ignore"):
            if self.exp_mode == "ngcrt":
                return _ngcrt_math().exp(x)
            if self.T is np.float64:
                return _libm_ref().exp(x)  # the same bits on every CPU (goldens' float64 values)
            if self.exp_mode == "numpy":
                return np.exp(x)
            if self.exp_mode == "cr":
                return np.exp(x.astype(np.float64)).astype(np.float32)
        raise ValueError("exp must be cr, ngcrt or numpy")

    def sigmoid(self, x):
        # s(u) = 1 / (1 + exp(-u)): three roundings after the exp
        return self.one / (self.one + self.exp(-x))

    def pow_t(self, beta, t):
        """pow(beta, t) for an integer t, correctly rounded (beta^t is dyadic, so exact)."""
        key = (float(beta), int(t))
        if key not in self._pow_cache:
            self._pow_cache[key] = round_dyadic(float(beta), int(t), self.T)
        return self._pow_cache[key]


def round_dyadic(beta, t, T):
    """beta**t (beta a positive binary float, t >= 0 an integer) rounded to nearest-even in T."""
    mant, exp2 = float(beta).as_integer_ratio()   # beta = mant / exp2, exp2 a power of two
    num, k = mant ** t, (exp2.bit_length() - 1) * t  # beta^t = num / 2^k exactly
    if T is np.float64:
        return np.float64(num / (1 << k))          # Python's int division rounds correctly
    e = num.bit_length() - 1 - k                    # 2^e <= value < 2^(e+1)
    q = max(e - 23, -149)                           # exponent of the last kept bit (subnormals)
    sh = k + q                                      # value / 2^q = num / 2^sh
    if sh <= 0:
        m = num << (-sh)
    else:
        m, rem = divmod(num, 1 << sh)
        half = 1 << (sh - 1)
        if rem > half or (rem == half and (m & 1)):
            m += 1
    return np.float32(float(m) * 2.0 ** q)          # m <= 2^24: exact in double and float32


# ---------------------------------------------------------------------------------------
# fixed-order sums


def fixed_matmul(a, b):
    """a (M, K) @ b (K, N): acc = +0, then acc = acc + a[:, k] * b[k, :] for k = 0 .. K-1."""
    a = np.asarray(a)
    b = np.asarray(b)
    acc = np.zeros((a.shape[0], b.shape[1]), a.dtype)
    for k in range(a.shape[1]):
        acc = acc + (a[:, k:k + 1] * b[k:k + 1, :])
    return acc


def batch_sum(c):
    """Sum over the batch rows in increasing row order from +0; shape (1, out)."""
    acc = np.zeros((1, c.shape[1]), c.dtype)
    for r in range(c.shape[0]):
        acc = acc + c[r:r + 1, :]
    return acc


def fixed_sum(t):
    """docs/determinism.md's S of the per-element terms t (row-major): 32 lanes per
    1024-element block, halving fold, block sums added in double, rounded to T once."""
    t = np.ascontiguousarray(t).reshape(-1)
    T = t.dtype.type
    total = 0.0
    for start in range(0, t.size, 1024):
        blk = t[start:start + 1024]
        lanes = np.zeros(32, T)
        for i in range(0, blk.size, 32):
            row = blk[i:i + 32]
            lanes[:row.size] = lanes[:row.size] + row
        for h in (16, 8, 4, 2, 1):
            lanes[:h] = lanes[:h] + lanes[h:2 * h]
        total = total + float(lanes[0])
    return T(total)


# ---------------------------------------------------------------------------------------
# the model


def as_params(W, b, T):
    return {"W": [np.array(w, T) for w in W], "b": [np.array(v, T).reshape(1, -1) for v in b]}


def init_state(params, optimizer="adam", dtype=None):
    """Optimizer state at model build: zero moments, one zero step counter per layer."""
    T = np.dtype(dtype or params["W"][0].dtype).type
    st = {"optimizer": optimizer, "t": [T(0) for _ in params["W"]]}
    if optimizer == "adam":
        st["m"] = [[np.zeros_like(w, T), np.zeros_like(v, T)] for w, v in zip(params["W"], params["b"])]
        st["v"] = [[np.zeros_like(w, T), np.zeros_like(v, T)] for w, v in zip(params["W"], params["b"])]
    elif optimizer != "sgd":
        raise ValueError("optimizer must be adam or sgd")
    return st


def _project_layers(A, x, W, b):
    """The projection (pcn.md): returns the hidden pre-activations q_l.z and y = q_L.z."""
    one, zero = A.one, A.zero
    a = x                                            # a0 = x (the page; -0 vs +0 cannot matter)
    hs = []
    for l in range(len(W)):
        h = (fixed_matmul(a, W[l]) * one) + b[l]     # Q_l: ((a @ W) * 1) + b
        z = (h + zero) + zero                        # stateless q_l: (j + j_td) + 0
        if l == len(W) - 1:
            return hs, z
        hs.append(z)
        a = A.sigmoid(z) * one                       # q_l.zF = s(z) * output_scale


def project(x, W, b, dtype=np.float32, exp="cr"):
    """Test-time inference: y (B, n_L), raw linear outputs."""
    A = Arith(dtype, exp)
    W = [A.arr(w) for w in W]
    b = [A.arr(v).reshape(1, -1) for v in b]
    return _project_layers(A, A.arr(x), W, b)[1]


def predict(y):
    return np.argmax(y, axis=1)                      # first maximum wins; NaN counts as maximum


def _adam(A, theta, u, m, v, t, eta):
    m = (A.beta1 * m) + (A.c1 * u)
    v = (A.beta2 * v) + (A.c2 * (u * u))
    mhat = m / (A.one - A.pow_t(A.beta1, t))         # true divisions, float32 pow of float32 t
    vhat = v / (A.one - A.pow_t(A.beta2, t))
    theta = theta - ((eta * mhat) / (np.sqrt(vhat) + A.eps))
    return theta, m, v


class ProcessResult(NamedTuple):
    y_inf: np.ndarray
    y_mu: object
    efe: object
    params: dict
    state: dict
    trace: dict


def process(x, lab, params, state, T=20, dt=1.0, tau=25.0, eta=1e-3, optimizer="adam",
            adapt=True, dtype=np.float32, exp="cr", reuse_zf=True):
    """One minibatch through pcn.md's process(x, lab, adapt); returns new params and state
    (the inputs are not modified). reuse_zf=False recomputes s(z_old) at every step (the
    page says the previous zF gives the same bits)."""
    A = Arith(dtype, exp)
    Tt = A.T
    one, zero = A.one, A.zero
    W = [A.arr(w).copy() for w in params["W"]]
    b = [A.arr(v).reshape(1, -1).copy() for v in params["b"]]
    L = len(W)
    if L < 2:
        raise ValueError("need at least two weight matrices")
    for l in range(1, L):
        if W[l].shape[0] != W[l - 1].shape[1]:
            raise ValueError("layer sizes do not chain")
    if optimizer != state["optimizer"]:
        raise ValueError("state was made for another optimizer")
    x = A.arr(x)
    lab = A.arr(lab)
    dt = Tt(dt)
    r = one / Tt(tau)                                # 1 / tau_m rounded once (tau = 25: 0x3d23d70a)
    eta = Tt(eta)

    # 1. label clip, NaN propagating (np.maximum / np.minimum propagate NaN)
    lab_c = np.minimum(A.clip_hi, np.maximum(A.clip_lo, lab))
    # 2.-4. reset, copies, projection
    hs, y_inf = _project_layers(A, x, W, b)
    if not adapt:
        return ProcessResult(y_inf, Tt(0), Tt(0), {"W": W, "b": b}, state, {})
    # 5. hidden states start at the projection's pre-activations; zF at the reset's 0
    z = [None] + [h.copy() for h in hs] + [None]     # z[1..L-1]
    zF = [None] * (L + 1)                            # None: "0 from reset, s(z) must be computed"
    # error cells after reset: outputs 0, except the top one which takes eq3's outputs
    dmu = [None] + [zero * np.ones((1, W[l].shape[1]), Tt) for l in range(L)]
    dtarget = [None] + [zero * np.ones((1, W[l].shape[1]), Tt) for l in range(L)]
    dmu[L] = lab_c - zero                            # 6. eq3: e = target - mu with mu = 0
    dtarget[L] = -dmu[L]
    Ls = [None] * (L + 1)
    mu = [None] * (L + 1)
    trace = {}

    # 7. T advance steps (dt as given; process hard-codes 1 in the exhibit)
    for step in range(T):
        # E_l: feedback of the previous step's errors, e_l.dmu @ W_l^T (l = 2..L)
        Eo = [None] * (L + 1)
        for l in range(2, L + 1):
            Eo[l] = (fixed_matmul(dmu[l], W[l - 1].T) * one) + zero
        z0 = (x + zero) + zero                       # input clamp (stateless identity)
        z0F = (z0 + zero) * one
        for l in range(1, L):                        # hidden RateCells, Euler, gaussian prior 0
            u = zF[l] if (reuse_zf and zF[l] is not None) else A.sigmoid(z[l])
            jm = (Eo[l + 1] * (u * (one - u))) * one
            f = (((-z[l]) * zero) + (jm + dtarget[l])) * r
            z[l] = z[l] + (f * dt)
            zF[l] = A.sigmoid(z[l]) * one
        zL = (lab_c + zero) + zero                   # label clamp
        pre = [z0F] + [zF[l] for l in range(1, L)]
        for l in range(1, L + 1):                    # predictions from this step's zF
            mu[l] = (fixed_matmul(pre[l - 1], W[l - 1]) * one) + b[l - 1]
        for l in range(1, L + 1):                    # error cells, Sigma = 1
            target = zL if l == L else z[l]
            e = target - mu[l]
            dmu[l] = ((e * one) * one) * one
            dtarget[l] = ((-e) * one) * one
            Ls[l] = (-fixed_sum(e * e)) * A.half
        if step == 0:
            trace["e_after_step1"] = [None] + [d.copy() for d in dmu[1:]]

    efe = Ls[L]                                      # (L3 + L2) + L1, top down
    for l in range(L - 1, 0, -1):
        efe = efe + Ls[l]
    y_mu = mu[L]

    # evolve: Hebbian dW, db with sign_value -1, no bound, no prior, then the optimizer
    new_state = {k: (list(v) if isinstance(v, list) else v) for k, v in state.items()}
    dWs, dbs = [], []
    for l in range(1, L + 1):
        post = dmu[l]
        dW = (fixed_matmul(pre[l - 1].T, post) + zero) * Tt(-1)
        db = batch_sum(post) * Tt(-1)
        dWs.append(dW)
        dbs.append(db)
        t = state["t"][l - 1] + one                  # one counter per layer, W and b share it
        new_state["t"][l - 1] = t
        if optimizer == "adam":
            mW, mb = state["m"][l - 1]
            vW, vb = state["v"][l - 1]
            W[l - 1], mW, vW = _adam(A, W[l - 1], dW, mW, vW, t, eta)
            b[l - 1], mb, vb = _adam(A, b[l - 1], db, mb, vb, t, eta)
            new_state["m"][l - 1] = [mW, mb]
            new_state["v"][l - 1] = [vW, vb]
        else:
            W[l - 1] = W[l - 1] - (dW * eta)
            b[l - 1] = b[l - 1] - (db * eta)
        W[l - 1] = W[l - 1] * one                    # mask 1
    trace.update(dW=dWs, db=dbs, e=[None] + dmu[1:], L=Ls, z=z, zF=zF)
    return ProcessResult(y_inf, y_mu, efe, {"W": W, "b": b}, new_state, trace)


def accuracy(x, y_onehot, W, b, dtype=np.float32, exp="cr"):
    return float(np.mean(predict(project(x, W, b, dtype, exp)) == np.argmax(y_onehot, axis=1)))


# ---------------------------------------------------------------------------------------
# self-test

CHECK = dict(
    x=[[0.2, 0.5, 0.9], [1, 0, 0.3]], lab=[[1, 0], [0, 1]],
    W=[[[0.1, -0.2], [0.3, 0.25], [-0.15, 0.05]], [[0.2, -0.1], [0.05, 0.3]],
       [[0.25, -0.3], [-0.2, 0.15]]],
)
EXPECT = {
    "y_inf": [[0.027574569, -0.080536455], [0.028592996, -0.081218235]],
    "EFE": -1.0535535,
    "dW3": [[-0.51020414, -0.605124], [-0.49191454, -0.6111064]],
    "db3": [[-0.9446882, -1.1606779]],
    "W3": [[0.25099999, -0.29900002], [-0.19900002, 0.15099999]],
    "b3": [[0.0009999933, 0.0009999934]],
    "y_inf (2nd call)": [[0.029614797, -0.07840721], [0.030613659, -0.07908604]],
    "EFE (2nd call)": -1.0491654,
}


def _ulps(a, b):
    ia = np.asarray(a, np.float32).reshape(-1).view(np.int32).astype(np.int64)
    ib = np.asarray(b, np.float32).reshape(-1).view(np.int32).astype(np.int64)
    ia = np.where(ia < 0, -(ia & 0x7FFFFFFF), ia)    # sign-magnitude to a monotone integer line
    ib = np.where(ib < 0, -(ib & 0x7FFFFFFF), ib)
    return int(np.max(np.abs(ia - ib)))


def _check_model(T):
    W = CHECK["W"]
    return as_params(W, [np.zeros(len(w[0])) for w in W], T)


def run_check(verbose=True):
    ok = True
    out = print if verbose else (lambda *a, **k: None)

    def report(name, got, want, tol=1e-6):
        nonlocal ok
        got = np.asarray(got, np.float64)
        want = np.asarray(want, np.float64)
        rel = float(np.max(np.abs(got - want) / np.maximum(np.abs(want), 1e-30)))
        good = rel <= tol
        ok &= good
        out(f"  {'ok  ' if good else 'FAIL'} {name:<18} rel {rel:.2e}  ulps {_ulps(got, want)}  "
            f"{np.array2string(np.asarray(got, np.float32).reshape(-1), precision=9)}")
        return rel

    def expect(name, cond):
        nonlocal ok
        ok &= bool(cond)
        out(f"  {'ok  ' if cond else 'FAIL'} {name}")

    # constants of synapses.md's Adam table and rate-cell.md's r
    A = Arith(np.float32)
    bits = lambda v: int(np.asarray(v, np.float32).view(np.uint32))
    out("constants (float32 bits):")
    for name, v, want in [("c1 = 1 - beta1", A.c1, 0x3DCCCCCD), ("c2 = 1 - beta2", A.c2, 0x3A83126F),
                          ("1 - beta1^1", A.one - A.pow_t(A.beta1, 1), 0x3DCCCCD0),
                          ("1 - beta2^1", A.one - A.pow_t(A.beta2, 1), 0x3A831200),
                          ("pow(beta1, 2)", A.pow_t(A.beta1, 2), 0x3F4F5C28),
                          ("pow(beta2, 2)", A.pow_t(A.beta2, 2), 0x3F7F7CFF),
                          ("eta = 1e-3", np.float32(1e-3), 0x3A83126F),
                          ("r = 1/25", A.one / np.float32(25), 0x3D23D70A),
                          ("1.0f - 0.9f (not c1)", np.float32(1) - np.float32(0.9), 0x3DCCCCD0)]:
        expect(f"{name:<22} {bits(v):08x}", bits(v) == want)

    # synapses.md vectors 1 and 2 with this module's optimizer (the PCN's own Adam / SGD)
    out("synapses.md vectors 1-2 (one weight 0.5, u = -0.75, eta = 1e-3):")
    th, m, v = np.float32(0.5), np.float32(0), np.float32(0)
    u, eta = np.float32(-0.75), np.float32(1e-3)
    th, m, v = _adam(A, th, u, m, v, np.float32(1), eta)
    expect(f"Adam t=1 W = {bits(th):08x} (3f004189), m {bits(m):08x}, v {bits(v):08x}",
           (bits(th), bits(m), bits(v)) == (0x3F004189, 0xBD99999A, 0x3A1374BD))
    th, m, v = _adam(A, th, u, m, v, np.float32(2), eta)
    expect(f"Adam t=2 W = {bits(th):08x} (3f008312), m {bits(m):08x}, v {bits(v):08x}",
           (bits(th), bits(m), bits(v)) == (0x3F008312, 0xBE11EB86, 0x3A9361DD))
    sg = np.float32(0.5) - (u * eta)
    expect(f"SGD W = {bits(sg):08x} (3f003127)", bits(sg) == 0x3F003127)
    # synapses.md vector 3: the order of the sum
    p = (fixed_matmul(np.ones((1, 3), np.float32),
                      np.array([[16777216, 0.5], [1, 0.25], [-16777216, 0.125]], np.float32))
         * np.float32(1)) + np.array([[0, -1]], np.float32)
    expect(f"ascending sum order: outputs {p.reshape(-1).tolist()} == [0, -0.125]",
           p.reshape(-1).tolist() == [0.0, -0.125])

    # pcn.md's check vector, float32
    out("pcn.md check vector (float32, exp 'cr'):")
    P = _check_model(np.float32)
    st = init_state(P, "adam")
    x, lab = CHECK["x"], CHECK["lab"]
    r1 = process(x, lab, P, st)
    rels = []
    rels.append(report("y_inf", r1.y_inf, EXPECT["y_inf"]))
    rels.append(report("EFE", r1.efe, EXPECT["EFE"]))
    rels.append(report("dW3", r1.trace["dW"][2], EXPECT["dW3"]))
    rels.append(report("db3", r1.trace["db"][2], EXPECT["db3"]))
    rels.append(report("W3 after Adam", r1.params["W"][2], EXPECT["W3"]))
    rels.append(report("b3 after Adam", r1.params["b"][2], EXPECT["b3"]))
    e1 = r1.trace["e_after_step1"][1]
    expect("e1 is exactly 0 after step 1", np.all(e1 == 0))
    r2 = process(x, lab, r1.params, r1.state)
    rels.append(report("y_inf (2nd call)", r2.y_inf, EXPECT["y_inf (2nd call)"]))
    rels.append(report("EFE (2nd call)", r2.efe, EXPECT["EFE (2nd call)"]))
    out(f"  max relative error against the page: {max(rels):.3e}")
    expect("inputs not modified by process", np.array_equal(P["W"][2], np.array(CHECK["W"][2], np.float32)))

    # the same with ngcrt's exp and NumPy's exp: within an ulp or two, not necessarily equal
    for mode in ("ngcrt", "numpy"):
        try:
            q1 = process(x, lab, P, st, exp=mode)
            q2 = process(x, lab, q1.params, q1.state, exp=mode)
        except ImportError:
            out(f"  skip exp '{mode}' (module not found)")
            continue
        rel = max(np.max(np.abs(q1.y_inf - r1.y_inf) / np.abs(r1.y_inf)),
                  abs(q1.efe - r1.efe) / abs(r1.efe), abs(q2.efe - r2.efe) / abs(r2.efe),
                  np.max(np.abs(q2.y_inf - r2.y_inf) / np.abs(r2.y_inf)))
        same = all(np.array_equal(u, w) for u, w in zip(
            q1.params["W"] + q1.params["b"] + q2.params["W"] + q2.params["b"] + [q1.y_inf, q2.y_inf],
            r1.params["W"] + r1.params["b"] + r2.params["W"] + r2.params["b"] + [r1.y_inf, r2.y_inf]))
        same = same and q1.efe == r1.efe and q2.efe == r2.efe
        expect(f"exp '{mode}': within 1e-6 relative of 'cr' (max {rel:.2e}; every output and "
               f"weight bit-identical: {same})", rel <= 1e-6)

    # the previous zF is exactly s(z_old): recomputing it changes no bit
    s1 = process(x, lab, P, st, reuse_zf=False)
    same = all(np.array_equal(a, c) for a, c in zip(s1.params["W"] + s1.params["b"],
                                                    r1.params["W"] + r1.params["b"]))
    expect("reusing zF as s(z_old) gives identical bits", same and s1.efe == r1.efe)

    # float64 model of the same maths: how far float32 rounding moves the check vector
    out("float64 model on the check vector (for tolerance arguments):")
    P64 = _check_model(np.float64)
    d1 = process(x, lab, P64, init_state(P64, "adam"), dtype=np.float64)
    d2 = process(x, lab, d1.params, d1.state, dtype=np.float64)
    dev = max(np.max(np.abs(d1.y_inf - r1.y_inf) / np.abs(d1.y_inf)),
              abs(d1.efe - r1.efe) / abs(d1.efe), abs(d2.efe - r2.efe) / abs(d2.efe),
              np.max(np.abs(d2.y_inf - r2.y_inf) / np.abs(d2.y_inf)),
              np.max(np.abs(d1.params["W"][2] - r1.params["W"][2]) / np.abs(d1.params["W"][2])))
    out(f"  float64 EFE {float(d1.efe):.12g}, 2nd {float(d2.efe):.12g}")
    expect(f"float32 within 1e-5 relative of float64 (max {dev:.2e})", dev <= 1e-5)

    # other depths: 2 and 4 weight matrices run, keep the step-1 facts and learn
    out("other depths (random model, B = 3):")
    rng = np.random.default_rng(7)
    for sizes in ([5, 4, 3], [5, 4, 4, 4, 3], [5, 4, 4, 3]):
        Ws = [rng.uniform(-0.3, 0.3, (a, c)).astype(np.float32) for a, c in zip(sizes, sizes[1:])]
        bs = [np.zeros((1, c), np.float32) for c in sizes[1:]]
        Pd = {"W": Ws, "b": bs}
        xs = rng.uniform(0, 1, (3, sizes[0])).astype(np.float32)
        ys = np.eye(sizes[-1], dtype=np.float32)[[0, 2, 1]]
        sd = init_state(Pd, "adam")
        efes = []
        for _ in range(30):
            rd = process(xs, ys, Pd, sd, T=10)
            Pd, sd = rd.params, rd.state
            efes.append(float(rd.efe))
        finite = all(np.all(np.isfinite(w)) for w in Pd["W"])
        # step 1 moves only z_(L-1) (driven by the clipped label), so e_l = 0 for l <= L-2
        Ld = len(sizes) - 1
        e_1 = rd.trace["e_after_step1"]
        zero_below = all(np.all(e_1[l] == 0) for l in range(1, Ld - 1)) and np.any(e_1[Ld - 1] != 0)
        expect(f"{Ld} weight layers: after step 1 e_l = 0 exactly for l <= L-2 and e_(L-1) != 0; "
               f"finite; EFE {efes[0]:.4f} -> {efes[-1]:.4f} rises",
               zero_below and finite and efes[-1] > efes[0] and float(sd["t"][0]) == 30.0)
        P0 = {"W": Ws, "b": bs}
        sg = process(xs, ys, P0, init_state(P0, "sgd"), optimizer="sgd", T=10)
        want = [w - (dw * np.float32(1e-3)) for w, dw in zip(Ws, sg.trace["dW"])]
        expect(f"{len(sizes) - 1} weight layers, SGD: W - (dW * eta) bit for bit",
               all(np.array_equal(a, c) for a, c in zip(want, sg.params["W"])))

    # the component pages composed (tests/rate/rate_reference.py) give the same bits
    try:
        sys.path.insert(0, os.path.join(HERE, "..", "rate"))
        import rate_reference as rr
    except ImportError:
        out("  skip composition check (tests/rate/rate_reference.py not found)")
    else:
        out("composition of the component references (RateCell, synapses, error cell):")
        for sizes in (None, [5, 4, 3], [5, 4, 4, 4, 3]):
            if sizes is None:
                Pc, xc, yc = P, x, lab
            else:
                Pc = {"W": [rng.uniform(-0.3, 0.3, (a, c)).astype(np.float32)
                            for a, c in zip(sizes, sizes[1:])],
                      "b": [rng.uniform(-0.1, 0.1, (1, c)).astype(np.float32) for c in sizes[1:]]}
                xc = rng.uniform(0, 1, (3, sizes[0])).astype(np.float32)
                yc = np.eye(sizes[-1], dtype=np.float32)[[1, 0, 2]]
            sc = init_state(Pc, "adam")
            a = process(xc, yc, Pc, sc)
            a = process(xc, yc, a.params, a.state)
            c = rr.composed_pcn(xc, yc, Pc, calls=2)
            same = (all(np.array_equal(p, q) for p, q in zip(a.params["W"] + a.params["b"], c["W"] + c["b"]))
                    and np.array_equal(a.y_inf, c["y_inf"]) and np.array_equal(a.y_mu, c["y_mu"])
                    and a.efe == c["efe"])
            expect(f"{len(Pc['W'])} layers: process == composed components, bit for bit", same)

    out("PASS" if ok else "FAIL")
    return ok


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        sys.exit(0 if run_check() else 1)
    print(__doc__)
