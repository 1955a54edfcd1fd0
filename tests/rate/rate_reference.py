#!/usr/bin/env python3
"""tests/rate/rate_reference.py - RateCell and the dense synapses of docs/spec in NumPy.

An independent reference for tests only (never part of the library), written from
docs/spec/rate-cell.md and docs/spec/synapses.md: ngclearn 3.1.0's RateCell (every prior,
activation and derivative, the integrator names and what each one runs, the stateless mode,
resist_scale, the soft threshold; version="3.2" switches to 3.2.0's swish derivative) and
DenseSynapse / StaticSynapse / HebbianSynapse (forward and transposed products, the Hebbian
update, evolve with SGD or Adam). float32 rounds every operation to float32 in the order the
pages write it, no fused multiply-add; float64 runs the same operations in double.

    import rate_reference as rr
    z = rr.RateCell("z1", 4, tau_m=25., act_fx="sigmoid")       # dtype=np.float64 for double
    z.j[...] = 0.2; z.advance_state(1.0); z.z, z.zF
    W = rr.HebbianSynapse("W1", (3, 4), weights=w, biases=b, eta=1e-3, optim_type="adam")
    W.pre, W.post = a, e; W.evolve(); W.weights, W.dWeights
    rr.forward(x, w), rr.transposed(e, w)                           # fixed-order products

Products and batch sums use ngcrt's fixed order (synapses.md, "Determinism in ngcrt"): each
output element is acc = +0, then acc = acc + x[k] * y[k] for k = 0, 1, ... in increasing
order. Transcendentals ("cr", the default): the double function rounded to float32, the
correctly rounded result except in astronomically rare double-rounding cases; "ngcrt": exp
and log1p from tests/math/ngcrt_math.py (the library's own, bit for bit; tanh, sin, cos stay
"cr"); "numpy": NumPy's float32 functions. pow(beta, t) in Adam is exact.

composed_pcn() wires these components into docs/spec/pcn.md's network, process by process,
so tests/pcn/pcn_reference.py can compare its direct form with this one bit for bit.

Self-test (exit status 0 when every check passes, 1 otherwise):

    /usr/bin/python3 tests/rate/rate_reference.py --check
"""
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def f32_hex(bits):
    return np.array([bits], np.uint32).view(np.float32)[0]


def _ngcrt_math():
    d = os.path.join(HERE, "..", "math")
    if d not in sys.path:
        sys.path.insert(0, d)
    import ngcrt_math
    return ngcrt_math


def _libm_ref():
    """tests/math/libm_ref.py: float64 functions whose bits do not depend on the CPU."""
    _ngcrt_math()  # puts tests/math on the path
    import libm_ref
    return libm_ref


class Arith:
    """Element type, its transcendental functions and the rounding of Python numbers."""

    def __init__(self, dtype=np.float32, fn="cr"):
        self.T = np.dtype(dtype).type
        if self.T not in (np.float32, np.float64):
            raise ValueError("dtype must be float32 or float64")
        if fn not in ("cr", "ngcrt", "numpy"):
            raise ValueError("fn must be cr, ngcrt or numpy")
        self.fn = fn
        self.zero, self.one = self.T(0), self.T(1)

    def c(self, v):
        """A Python number meeting an array: rounded to T once."""
        return self.T(v)

    def arr(self, a):
        return np.asarray(a, dtype=self.T)

    def _apply(self, name, x):
        x = self.arr(x)
        with np.errstate(all="ignore"):
            if self.fn == "ngcrt" and self.T is np.float32 and name in ("exp", "log1p"):
                return getattr(_ngcrt_math(), name)(x)
            if self.T is np.float64:
                return getattr(_libm_ref(), name)(x)  # the same bits on every CPU
            if self.fn == "numpy":
                return getattr(np, name)(x)
            return getattr(np, name)(x.astype(np.float64)).astype(np.float32)

    def exp(self, x):
        return self._apply("exp", x)

    def tanh(self, x):
        return self._apply("tanh", x)

    def sin(self, x):
        return self._apply("sin", x)

    def cos(self, x):
        return self._apply("cos", x)

    def log1p(self, x):
        return self._apply("log1p", x)

    def sigmoid(self, x):
        return self.one / (self.one + self.exp(-x))     # 1 / (1 + exp(-u))


def sign_keep(x):
    """+1, -1, or x itself for +0, -0 and NaN (the pages' sign)."""
    one = x.dtype.type(1)
    return np.where(x > 0, one, np.where(x < 0, -one, x))


# ---------------------------------------------------------------------------------------
# activations: (fx, dfx) as ngclearn 3.1.0 computes them (rate-cell.md's table)


def _mask(A, x):
    return (x >= 0).astype(A.T)                         # NaN >= 0 is false: 0


def _softmax(A, x):
    with np.errstate(all="ignore"):
        e = A.exp(x - np.max(x, axis=-1, keepdims=True))
        s = np.zeros(x.shape[:-1] + (1,), A.T)
        for k in range(x.shape[-1]):                    # ascending, from +0 (ngcrt's order)
            s = s + e[..., k:k + 1]
        return e / s


def _bkwta(A, x):
    if x.shape[-1] < 5:
        raise ValueError("bkwta needs at least 5 units per row")
    kth = -np.sort(-x, axis=-1)[..., 4:5]               # the row's 5th largest value
    return (x >= kth).astype(A.T)


def _swish_dfx(A, x, b, version):
    if version == "3.1":
        e = A.exp(-x)                                   # exp(-x) even for gelu (3.1's error)
        e1 = e + A.one
        return ((A.one / e1) + ((e * x) / (e1 * e1))) * b
    s = A.sigmoid(x * b)
    return s + ((b * x) * (s * (A.one - s)))


def activation(name, A, version="3.1"):
    """Returns (fx, dfx) for an act_fx name; an unknown name is an error (as at construction)."""
    one, zero = A.one, A.zero
    c001, c1702, c30, c6 = A.c(0.01), A.c(1.702), A.c(30), A.c(6)
    ste = lambda x: (x * zero) + one                    # straight-through / placeholder derivative
    if name == "identity":
        return (lambda x: x + zero), ste
    if name == "sigmoid":
        def dsig(x):
            s = A.sigmoid(x)
            return s * (one - s)
        return A.sigmoid, dsig
    if name == "tanh":
        def dtanh(x):
            t = A.tanh(x)
            return (-(t * t)) + one
        return A.tanh, dtanh
    if name == "relu":
        return (lambda x: np.maximum(x, zero)), (lambda x: _mask(A, x))
    if name == "lrelu":
        return ((lambda x: np.where(x >= 0, x, c001 * x)),
                (lambda x: _mask(A, x) + ((one - _mask(A, x)) * c001)))
    if name == "relu6":
        return ((lambda x: np.minimum(np.maximum(x, zero), c6)),
                (lambda x: _mask(A, x) * (x <= c6).astype(A.T)))
    if name == "softplus":
        return ((lambda x: np.maximum(x, zero) + A.log1p(A.exp(-np.abs(x)))), A.sigmoid)
    if name == "elu":
        def elu(x):
            m = _mask(A, x)
            return (x * m) + (((A.exp(x) - one) * one) * (one - m))

        def delu(x):
            m = _mask(A, x)
            return m + ((one - m) * (A.exp(x) * one))
        return elu, delu
    if name == "silu":
        return (lambda x: x * A.sigmoid(x * one)), (lambda x: _swish_dfx(A, x, one, version))
    if name == "gelu":
        return (lambda x: x * A.sigmoid(x * c1702)), (lambda x: _swish_dfx(A, x, c1702, version))
    if name == "telu":
        def dtelu(x):
            e = A.exp(x)
            te = A.tanh(e)
            return te + ((x * e) * (one - (te * te)))
        return (lambda x: x * A.tanh(A.exp(x))), dtelu
    if name == "sine":
        return (lambda x: A.sin(c30 * x)), (lambda x: c30 * A.cos(c30 * x))
    if name == "softmax":
        if version != "3.1":
            def no_jacobian(x):
                raise ValueError("3.2's softmax derivative is a (B, D, D) Jacobian; j * dfx(z) cannot use it")
            return (lambda x: _softmax(A, x)), no_jacobian
        return (lambda x: _softmax(A, x)), ste
    if name == "unit_threshold":
        return (lambda x: (x >= one).astype(A.T)), ste
    if "heaviside" in name:
        return (lambda x: (x >= zero).astype(A.T)), ste
    if name == "bkwta":
        return (lambda x: _bkwta(A, x)), (lambda x: _bkwta(A, x))
    raise ValueError(f"unknown act_fx {name!r}")


ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu", "lrelu", "relu6", "softplus", "elu", "silu",
               "gelu", "telu", "sine", "softmax", "unit_threshold", "heaviside", "bkwta"]


def leak(prior_name, A):
    """The prior's leak(x); an unknown name silently becomes gaussian."""
    if prior_name == "laplacian":
        return sign_keep
    if prior_name == "cauchy":
        return lambda x: (x * A.c(2)) / (A.one + (x * x))
    if prior_name == "exp":
        return lambda x: (A.exp(-(x * x)) * x) * A.c(2)
    return lambda x: x


# integration_type -> ngclearn's code -> the method the cell actually runs
INTEGRATOR_CODE = {"euler": 0, "rk1": 0, "midpoint": 1, "rk2": 1, "heun": 2, "rk2_heun": 2,
                   "ralston": 3, "rk2_ralston": 3, "rk4": 4}
CODE_RUNS = {0: "euler", 1: "midpoint", 2: "rk4", 3: "euler", 4: "euler"}


def integrator_runs(name):
    """(method run, message printed by ngclearn or None)."""
    code = INTEGRATOR_CODE.get(name, 0)
    msg = None if name in INTEGRATOR_CODE and name != "rk1" else "unrecognized integration method"
    return CODE_RUNS[code], msg


# ---------------------------------------------------------------------------------------
# RateCell


class RateCell:
    def __init__(self, name, n_units, tau_m, prior=("gaussian", 0.), act_fx="identity",
                 output_scale=1., threshold=("none", 0.), integration_type="euler", batch_size=1,
                 resist_scale=1., shape=None, is_stateful=True, dtype=np.float32, fn="cr",
                 version="3.1", **kwargs):
        A = self.A = Arith(dtype, fn)
        allowed = {"key", "omega_0"}
        if version == "3.1" and set(kwargs) - allowed:
            raise TypeError(f"unexpected keyword arguments {sorted(set(kwargs) - allowed)}")
        if act_fx == "sine" and "omega_0" not in kwargs:
            raise ValueError("sine needs an omega_0 keyword (its value is ignored: 30 is used)")
        if isinstance(tau_m, float) and math.isnan(tau_m):
            raise ValueError("tau_m is NaN")
        self.name, self.n_units, self.batch_size = name, n_units, batch_size
        self.unit_shape = tuple(shape) if shape is not None else (n_units,)
        self.stateless = (not is_stateful) or tau_m <= 0   # ngcrt: one number type, <= 0 is stateless
        self.tau_m = tau_m
        self.fx, self.dfx = activation(act_fx, A, version)
        self.leak = leak(prior[0], A)
        self.gamma = A.c(prior[1])
        thr_type, lam = threshold
        if thr_type == "cauchy_threshold":
            raise ValueError("cauchy_threshold cannot run in ngclearn 3.1.0 / 3.2.0; refused")
        self.soft_lambda = A.c(lam) if thr_type == "soft_threshold" else None
        self.method, self.message = integrator_runs(integration_type)
        self.output_scale, self.resist_scale = A.c(output_scale), A.c(resist_scale)
        self.reset()

    def batched_reset(self, b):
        shp = (b,) + self.unit_shape
        self.j, self.j_td, self.z, self.zF = (np.zeros(shp, self.A.T) for _ in range(4))

    def reset(self):
        self.batched_reset(self.batch_size)

    def _f(self, x, drive, r):
        return (((-self.leak(x)) * self.gamma) + drive) * r

    def advance_state(self, dt):
        A = self.A
        dt = A.c(dt)
        if self.stateless:
            self.z = (self.j + self.j_td) + A.zero         # + 0 turns -0 into +0
            self.zF = self.fx(self.z) * self.output_scale
            return
        z = self.z
        jm = (self.j * self.dfx(z)) * self.resist_scale   # dfx at the OLD z, frozen for the step
        r = A.one / A.c(self.tau_m)                        # reciprocal rounded once, then multiplied
        drive = jm + self.j_td                             # the same at every RK stage
        if self.method == "euler":
            zn = z + (self._f(z, drive, r) * dt)
        elif self.method == "midpoint":
            h = dt * A.c(0.5)
            k1 = self._f(z, drive, r)
            k2 = self._f(z + (k1 * h), drive, r)
            zn = z + (k2 * dt)
        else:                                              # rk4 (what "heun" runs)
            h = dt * A.c(0.5)
            c6 = A.c(1 / 6)                                # float32: 0x3e2aaaab
            k1 = self._f(z, drive, r)
            k2 = self._f(z + (k1 * h), drive, r)
            k3 = self._f(z + (k2 * h), drive, r)
            k4 = self._f(z + (k3 * dt), drive, r)
            s = (((A.zero + k1) + (A.c(2) * k2)) + (A.c(2) * k3)) + k4
            self.rk4_stages = (k1, k2, k3, k4, s)
            zn = z + ((s * c6) * dt)
        if self.soft_lambda is not None:
            lam = self.soft_lambda
            zn = np.maximum(zn - lam, A.zero) - np.maximum((-zn) - lam, A.zero)  # NaN propagates
        self.z = zn
        self.zF = self.fx(zn) * self.output_scale
        self.j = jm                                        # written back (an unwired j holds jm)


# ---------------------------------------------------------------------------------------
# products in ngcrt's fixed order


def fixed_matmul(a, b):
    """a (M, K) @ b (K, N); each element: acc = +0, acc = acc + a[m, k] * b[k, n], k ascending."""
    acc = np.zeros((a.shape[0], b.shape[1]), a.dtype)
    for k in range(a.shape[1]):
        acc = acc + (a[:, k:k + 1] * b[k:k + 1, :])
    return acc


def forward(inputs, W):
    """inputs @ W, summed over the input index."""
    return fixed_matmul(inputs, W)


def transposed(e, W):
    """e @ W^T (a feedback product), summed over W's column (output) index."""
    return fixed_matmul(e, W.T)


def batch_sum(c):
    acc = np.zeros((1, c.shape[1]), c.dtype)
    for r in range(c.shape[0]):
        acc = acc + c[r:r + 1, :]
    return acc


def fixed_sum(t):
    """docs/determinism.md's sum (32 lanes, 1024-element blocks added in double)."""
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
        total += float(lanes[0])
    return T(total)


# ---------------------------------------------------------------------------------------
# optimizers (synapses.md)


def pow_exact(beta, t, T):
    """beta**t for a binary float beta and an integer t, correctly rounded to T."""
    mant, den = float(beta).as_integer_ratio()
    num, k = mant ** t, (den.bit_length() - 1) * t
    if T is np.float64:
        return np.float64(num / (1 << k))
    e = num.bit_length() - 1 - k
    q = max(e - 23, -149)
    sh = k + q
    if sh <= 0:
        m = num << (-sh)
    else:
        m, rem = divmod(num, 1 << sh)
        if rem > (1 << (sh - 1)) or (rem == (1 << (sh - 1)) and m & 1):
            m += 1
    return np.float32(float(m) * 2.0 ** q)


class SGD:
    def __init__(self, A, eta):
        self.A, self.eta, self.t = A, A.c(eta), A.zero     # counter: incremented, never used

    def step(self, thetas, updates):
        self.t = self.t + self.A.one
        return [th - (u * self.eta) for th, u in zip(thetas, updates)]


class Adam:
    def __init__(self, A, eta, shapes):
        self.A, self.eta, self.t = A, A.c(eta), A.zero     # one counter for all tensors
        self.m = [np.zeros(s, A.T) for s in shapes]
        self.v = [np.zeros(s, A.T) for s in shapes]
        if A.T is np.float32:
            self.b1, self.b2 = f32_hex(0x3F666666), f32_hex(0x3F7FBE77)
            self.c1, self.c2 = f32_hex(0x3DCCCCCD), f32_hex(0x3A83126F)  # 1 - beta, in double
            self.eps = f32_hex(0x322BCC77)
        else:
            self.b1, self.b2, self.c1, self.c2, self.eps = 0.9, 0.999, 1 - 0.9, 1 - 0.999, 1e-8

    def step(self, thetas, updates):
        A = self.A
        self.t = self.t + A.one
        t = int(self.t)
        corr1 = A.one - pow_exact(self.b1, t, A.T)
        corr2 = A.one - pow_exact(self.b2, t, A.T)
        self.last_corr = (corr1, corr2)
        out = []
        for i, (th, u) in enumerate(zip(thetas, updates)):   # weights first, then biases
            self.m[i] = (A.c(self.b1) * self.m[i]) + (A.c(self.c1) * u)
            self.v[i] = (A.c(self.b2) * self.v[i]) + (A.c(self.c2) * (u * u))
            mhat = self.m[i] / corr1
            vhat = self.v[i] / corr2
            out.append(th - ((self.eta * mhat) / (np.sqrt(vhat) + A.c(self.eps))))
        return out


# ---------------------------------------------------------------------------------------
# synapses


class DenseSynapse:
    """weights given (ngcrt reads them; ngclearn's JAX initialisers are not reproduced).
    biases=None: no bias (the scalar 0)."""

    def __init__(self, name, shape, weights, biases=None, resist_scale=1., mask=None, batch_size=1,
                 dtype=np.float32, fn="cr"):
        A = self.A = Arith(dtype, fn)
        self.name, self.shape, self.batch_size = name, tuple(shape), batch_size
        self.weights = A.arr(weights).reshape(self.shape).copy()
        self.has_bias = biases is not None
        self.biases = A.arr(biases).reshape(1, self.shape[1]).copy() if self.has_bias else A.zero
        self.mask = A.one if mask is None else A.arr(mask)
        self.resist_scale = A.c(resist_scale)
        self.inputs = np.zeros((batch_size, self.shape[0]), A.T)
        self.outputs = np.zeros((batch_size, self.shape[1]), A.T)

    def advance_state(self):
        Wm = self.weights * self.mask
        P = fixed_matmul(self.inputs, Wm)
        self.outputs = (P * self.resist_scale) + self.biases

    def reset(self):
        self.inputs = np.zeros((self.batch_size, self.shape[0]), self.A.T)
        self.outputs = np.zeros((self.batch_size, self.shape[1]), self.A.T)


StaticSynapse = DenseSynapse


class HebbianSynapse(DenseSynapse):
    def __init__(self, name, shape, weights, biases=None, eta=0., w_bound=1., is_nonnegative=False,
                 prior=("constant", 0.), w_decay=0., sign_value=1., optim_type="sgd", pre_wght=1.,
                 post_wght=1., **kw):
        super().__init__(name, shape, weights, biases, **kw)
        A = self.A
        if w_decay > 0:
            prior = ("l2", w_decay)
        self.prior_kind, self.prior_lambda = self._prior(prior)
        self.eta, self.w_bound = A.c(eta), A.c(w_bound)
        self.is_nonnegative = is_nonnegative
        self.sign_value, self.pre_wght, self.post_wght = A.c(sign_value), A.c(pre_wght), A.c(post_wght)
        shapes = [self.weights.shape] + ([(1, self.shape[1])] if self.has_bias else [])
        if optim_type == "sgd":
            self.opt = SGD(A, eta)
        elif optim_type == "adam":
            self.opt = Adam(A, eta, shapes)
        else:
            raise ValueError(f"optim_type {optim_type!r} not specified (sgd, adam)")
        self.reset()

    @staticmethod
    def _prior(prior):
        name, lam = prior
        low = name.lower() if isinstance(name, str) else name
        if name in ("l2", "ridge") or low == "gaussian":   # only gaussian / laplacian ignore case
            return "l2", lam
        if name in ("l1", "lasso") or low == "laplacian":
            return "l1", lam
        if name in ("l1l2", "elastic_net"):
            return "l1l2", lam
        return None, 0.

    def reset(self):
        super().reset()
        T = self.A.T
        self.pre = np.zeros((self.batch_size, self.shape[0]), T)
        self.post = np.zeros((self.batch_size, self.shape[1]), T)
        self.dWeights = np.zeros(self.shape, T)
        self.dBiases = np.zeros((self.shape[1],), T)       # (out,) until the first update

    def calc_update(self):
        A = self.A
        W = self.weights
        a = self.pre * self.pre_wght
        c = self.post * self.post_wght
        dW = fixed_matmul(a.T, c)                          # summed over the batch rows
        db = batch_sum(c)
        if self.w_bound > 0:
            dW = dW * (self.w_bound - np.abs(W))          # soft bound
        if self.prior_kind == "l2":
            R = (-W) * A.c(self.prior_lambda)
        elif self.prior_kind == "l1":
            R = (-sign_keep(W)) * A.c(self.prior_lambda)
        elif self.prior_kind == "l1l2":
            scale, ratio = self.prior_lambda
            k = A.c(1 - ratio)                            # 1 - l1_ratio in double, rounded once
            R = (((-sign_keep(W)) * A.c(ratio)) - ((W * k) * A.c(0.5))) * A.c(scale)
        else:
            R = A.zero                                     # still added: -0 becomes +0
        dW = dW + R
        dW = dW * self.sign_value
        db = db * self.sign_value
        self.dWeights, self.dBiases = dW, db
        return dW, db

    def evolve(self, dt=None):                             # dt unused
        dW, db = self.calc_update()
        if self.has_bias:
            self.weights, self.biases = self.opt.step([self.weights, self.biases], [dW, db])
        else:
            (self.weights,) = self.opt.step([self.weights], [dW])
        if self.w_bound > 0:
            lo = self.A.zero if self.is_nonnegative else -self.w_bound
            self.weights = np.minimum(self.w_bound, np.maximum(lo, self.weights))  # NaN propagates
        self.weights = self.weights * self.mask


class GaussianErrorCell:
    """Scalar Sigma, ngclearn 3.1 convention (gaussian-error-cell.md); enough for the PCN."""

    def __init__(self, name, n_units, sigma=1., batch_size=1, dtype=np.float32):
        self.A = Arith(dtype)
        self.n, self.batch_size, self.Sigma = n_units, batch_size, self.A.c(sigma)
        self.reset()

    def reset(self):
        T = self.A.T
        shp = (self.batch_size, self.n)
        self.mu, self.target, self.dmu, self.dtarget = (np.zeros(shp, T) for _ in range(4))
        self.modulator, self.mask = np.ones(shp, T), np.ones(shp, T)
        self.L = T(0)

    def advance_state(self, dt=None):
        A = self.A
        e = self.target - self.mu
        d = e * (A.one / self.Sigma)
        self.dmu = (d * self.modulator) * self.mask
        self.dtarget = ((-d) * self.modulator) * self.mask
        self.L = (-fixed_sum(e * e)) * (A.one / ((self.Sigma * self.Sigma) * A.c(2)))
        self.mask = np.ones_like(self.mask)


# ---------------------------------------------------------------------------------------
# pcn.md's network assembled from the components (for tests/pcn's cross-check)


def composed_pcn(x, lab, params, calls=1, T=20, tau=25., eta=1e-3):
    """Runs process(x, lab, adapt=True) `calls` times on one batch, wiring the components as
    pcn.md's Wiring and Processes tables say (generalised to L >= 2 weight matrices)."""
    A = Arith(np.float32)
    W0 = [A.arr(w) for w in params["W"]]
    b0 = [A.arr(v).reshape(1, -1) for v in params["b"]]
    L = len(W0)
    n = [W0[0].shape[0]] + [w.shape[1] for w in W0]
    x, lab = A.arr(x), A.arr(lab)
    sig = dict(tau_m=tau, act_fx="sigmoid", prior=("gaussian", 0.), integration_type="euler")
    z = [RateCell("z0", n[0], tau_m=0., act_fx="identity")]
    z += [RateCell(f"z{l}", n[l], **sig) for l in range(1, L)]
    z += [RateCell(f"z{L}", n[L], tau_m=0., act_fx="identity")]
    e = [None] + [GaussianErrorCell(f"e{l}", n[l]) for l in range(1, L + 1)]
    Wsyn = [None] + [HebbianSynapse(f"W{l}", (n[l - 1], n[l]), W0[l - 1], b0[l - 1], eta=eta, w_bound=0.,
                                    sign_value=-1., optim_type="adam") for l in range(1, L + 1)]
    E = [None, None] + [StaticSynapse(f"E{l}", (n[l], n[l - 1]), W0[l - 1].T) for l in range(2, L + 1)]
    q = [RateCell(f"q{l}", n[l], tau_m=0., act_fx="sigmoid" if 0 < l < L else "identity")
         for l in range(L + 1)]
    Q = [None] + [StaticSynapse(f"Q{l}", (n[l - 1], n[l]), W0[l - 1], b0[l - 1]) for l in range(1, L + 1)]
    eq = GaussianErrorCell("eq", n[L])
    lab_c = np.minimum(f32_hex(0x3F7FBE77), np.maximum(f32_hex(0x3A83126F), lab))
    out = {}
    for _ in range(calls):
        for c in q + [eq] + z + e[1:]:                     # reset (synapses are not reset)
            c.reset()
        for l in range(1, L + 1):                          # copies, fixed for the call
            Q[l].weights, Q[l].biases = Wsyn[l].weights.copy(), Wsyn[l].biases.copy()
            if l >= 2:
                E[l].weights = Wsyn[l].weights.T.copy()
        q[0].j = x.copy()
        eq.target = lab_c.copy()
        q[0].advance_state(1.)                             # project
        for l in range(1, L + 1):
            Q[l].inputs = q[l - 1].zF
            Q[l].advance_state()
            q[l].j = Q[l].outputs
            q[l].advance_state(1.)
        eq.advance_state()
        y_inf = q[L].z
        for l in range(1, L):
            z[l].z = q[l].z.copy()
        e[L].dmu, e[L].dtarget = eq.dmu.copy(), eq.dtarget.copy()
        for _step in range(T):
            z[0].j, z[L].j = x.copy(), lab_c.copy()
            for l in range(2, L + 1):                      # advance: E2..EL, z0..zL, W1..WL, e1..eL
                E[l].inputs = e[l].dmu
                E[l].advance_state()
            for l in range(L + 1):
                if 0 < l < L:
                    z[l].j, z[l].j_td = E[l + 1].outputs, e[l].dtarget
                z[l].advance_state(1.)
            for l in range(1, L + 1):
                Wsyn[l].inputs = z[l - 1].zF
                Wsyn[l].advance_state()
            for l in range(1, L + 1):
                e[l].mu, e[l].target = Wsyn[l].outputs, z[l].z
                e[l].advance_state()
        efe = e[L].L
        for l in range(L - 1, 0, -1):
            efe = efe + e[l].L
        out = {"y_inf": y_inf, "y_mu": e[L].mu, "efe": efe}
        for l in range(1, L + 1):                          # evolve
            Wsyn[l].pre, Wsyn[l].post = z[l - 1].zF, e[l].dmu
            Wsyn[l].evolve()
    out["W"] = [Wsyn[l].weights for l in range(1, L + 1)]
    out["b"] = [Wsyn[l].biases for l in range(1, L + 1)]
    return out


# ---------------------------------------------------------------------------------------
# self-test


def _bits(v):
    return [int(b) for b in np.asarray(v, np.float32).reshape(-1).view(np.uint32)]


def run_check(verbose=True):
    ok = True
    out = print if verbose else (lambda *a, **k: None)

    def expect(name, cond):
        nonlocal ok
        ok &= bool(cond)
        out(f"  {'ok  ' if cond else 'FAIL'} {name}")

    def hexs(v):
        return " ".join(f"{b:08x}" for b in _bits(v))

    out("rate-cell.md vector 1 (ngclearn's unit test, tau_m = 50, ten Euler steps):")
    c = RateCell("z", 1, tau_m=50.)
    zs, js = [], []
    for _ in range(10):
        c.j[...] = 1.
        c.advance_state(1.)
        zs.append(c.z[0, 0])
        js.append(c.j[0, 0])
    want = [0x3CA3D70A, 0x3D23D70A, 0x3D75C28F, 0x3DA3D70A, 0x3DCCCCCC, 0x3DF5C28E, 0x3E0F5C28,
            0x3E23D709, 0x3E3851EA, 0x3E4CCCCB]
    expect(f"z_1..z_10 = {hexs(zs)}", _bits(zs) == want)
    expect("within ngclearn's atol 1e-3 of 0.02 k; j reads 1 after each step",
           np.allclose(zs, 0.02 * np.arange(1, 11), atol=1e-3) and all(j == 1 for j in js))

    out("rate-cell.md vector 2 (one sigmoid step, tau_m = 25):")
    c = RateCell("z", 1, tau_m=25., act_fx="sigmoid")
    c.z[...], c.j[...], c.j_td[...] = np.float32(0.3), np.float32(0.2), np.float32(-0.05)
    A = c.A
    s = A.sigmoid(c.z)
    d = c.dfx(c.z)
    c.advance_state(1.)
    expect(f"s {hexs(s)} d {hexs(d)} jm {hexs(c.j)} z {hexs(c.z)} zF {hexs(c.zF)}",
           (_bits(s), _bits(d), _bits(c.j), _bits(c.z), _bits(c.zF))
           == ([0x3F130EAA], [0x3E7A5348], [0x3D4842A0], [0x3E9993CA], [0x3F130DF4]))
    c2 = RateCell("z", 1, tau_m=25., act_fx="sigmoid", fn="ngcrt")
    c2.z[...], c2.j[...], c2.j_td[...] = np.float32(0.3), np.float32(0.2), np.float32(-0.05)
    c2.advance_state(1.)
    expect(f"with ngcrt's exp: z {hexs(c2.z)} zF {hexs(c2.zF)} (within an ulp of the page)",
           max(abs(a - b) for a, b in zip(_bits(c2.z) + _bits(c2.zF), [0x3E9993CA, 0x3F130DF4])) <= 1)

    out("rate-cell.md vector 3 (integrators and priors, tau_m = 10, gamma = 0.3, dt = 0.5):")
    cases = [("euler", "gaussian", None, 0x3F4ED917), ("rk4", "gaussian", None, 0x3F4ED917),
             ("ralston", "gaussian", None, 0x3F4ED917), ("euler", "laplacian", None, 0x3F4E147B),
             ("euler", "cauchy", None, 0x3F4E2C75), ("midpoint", "gaussian", None, 0x3F4ED528),
             ("heun", "gaussian", None, 0x3F4ED52D), ("euler", "gaussian", 0.25, 0x3F0ED917),
             ("stateless", "gaussian", None, 0x3ECCCCCD)]
    for method, prior, lam, wbits in cases:
        kw = dict(prior=(prior, 0.3), integration_type="euler" if method == "stateless" else method)
        if lam is not None:
            kw["threshold"] = ("soft_threshold", lam)
        c = RateCell("z", 1, tau_m=0. if method == "stateless" else 10., **kw)
        c.z[...], c.j[...], c.j_td[...] = np.float32(0.8), np.float32(0.5), np.float32(-0.1)
        c.advance_state(0.5)
        extra = ""
        if method == "heun":
            k = c.rk4_stages
            extra = f" k1..k4 {hexs(k[:4])} s {hexs(k[4])}"
            good_k = _bits(k[:4]) == [0x3C83126F, 0x3C8216C6, 0x3C8218A9, 0x3C811EDC] and \
                _bits(k[4]) == [0x3DC3240B]
        else:
            good_k = True
        expect(f"{method:<9} {prior:<9} thr {lam}: z' {hexs(c.z)}{extra}", _bits(c.z) == [wbits] and good_k)
    c = RateCell("z", 1, tau_m=10., prior=("gaussian", 0.3), integration_type="heun", dtype=np.float64)
    c.z[...], c.j[...], c.j_td[...] = 0.8, 0.5, -0.1
    c.advance_state(0.5)
    exact = 0.8 + (0.4 / 0.3 - 0.8) * (1 - math.exp(-0.3 * 0.5 / 10))    # the ODE solved exactly
    expect(f"float64 RK4 {c.z[0, 0]:.10f} vs exact {exact:.10f} (page: 0.80794030)",
           abs(c.z[0, 0] - exact) < 1e-9 and abs(exact - 0.80794030) < 5e-9)

    out("integrator names -> method run:")
    table = {"euler": "euler", "rk1": "euler", "nonsense": "euler", "midpoint": "midpoint",
             "rk2": "midpoint", "heun": "rk4", "rk2_heun": "rk4", "ralston": "euler",
             "rk2_ralston": "euler", "rk4": "euler"}
    got = {n: integrator_runs(n)[0] for n in table}
    msgs = [n for n in table if integrator_runs(n)[1]]
    expect(f"{got}", got == table)
    expect(f"ngclearn's message printed for {msgs}", sorted(msgs) == ["nonsense", "rk1"])

    out("construction rules:")

    def refused(**kw):
        try:
            RateCell("z", 5, **kw)
        except (ValueError, TypeError):
            return True
        return False
    expect("unknown act_fx refused", refused(tau_m=1., act_fx="swish"))
    expect("cauchy_threshold refused", refused(tau_m=1., threshold=("cauchy_threshold", 0.1)))
    expect("sine without omega_0 refused, with it accepted",
           refused(tau_m=1., act_fx="sine") and not refused(tau_m=1., act_fx="sine", omega_0=5.))
    expect("NaN tau_m refused", refused(tau_m=float("nan")))
    expect("3.1 refuses an unknown keyword, 3.2 drops it",
           refused(tau_m=1., foo=1) and not refused(tau_m=1., foo=1, version="3.2"))
    expect("tau_m <= 0 or is_stateful=False: stateless",
           RateCell("z", 1, tau_m=0.).stateless and RateCell("z", 1, tau_m=-2.).stateless
           and RateCell("z", 1, tau_m=5., is_stateful=False).stateless and not RateCell("z", 1, tau_m=5.).stateless)
    c = RateCell("z", 2, tau_m=10., prior=("student-t", 0.3))
    g = RateCell("z", 2, tau_m=10., prior=("gaussian", 0.3))
    for cc in (c, g):
        cc.z[...], cc.j[...] = np.float32([[0.8, -0.3]]), np.float32([[0.5, 0.1]])
        cc.advance_state(1.)
    expect("an unknown prior name runs the gaussian prior", np.array_equal(c.z, g.z))
    c = RateCell("z", 2, tau_m=25., act_fx="tanh", resist_scale=2.5, output_scale=0.5)
    c.z[...], c.j[...] = np.float32([[0.4, -1.2]]), np.float32([[0.3, 0.7]])
    t = np.tanh(np.float32([[0.4, -1.2]]).astype(np.float64)).astype(np.float32)
    jm = (np.float32([[0.3, 0.7]]) * ((-(t * t)) + np.float32(1))) * np.float32(2.5)
    zn = np.float32([[0.4, -1.2]]) + (((np.float32([[0.4, -1.2]]) * np.float32(-0.)) + jm)
                                      * (np.float32(1) / np.float32(25)))
    c.advance_state(1.)
    expect("resist_scale scales jm, output_scale scales zF, j holds jm after the step",
           np.array_equal(c.j, jm) and np.array_equal(c.z, zn)
           and np.array_equal(c.zF, np.tanh(zn.astype(np.float64)).astype(np.float32) * np.float32(0.5)))
    c = RateCell("z", 2, tau_m=0., act_fx="relu")
    c.j[...], c.j_td[...] = np.float32([[-0., 0.5]]), np.float32([[0., -1.]])
    c.advance_state(1.)
    expect("stateless: z = (j + j_td) + 0 (-0 becomes +0), j unchanged",
           _bits(c.z) == [0, 0xBF000000] and _bits(c.j) == [0x80000000, 0x3F000000])

    out("activations: dfx against a float64 central difference of fx (float64 cells):")
    xs = np.array([[-2.3, -0.7, -0.1, 0.05, 0.4, 1.3, 2.2, 3.1]])
    wrong = {"softmax", "bkwta"}                           # placeholders by design (the table's ✗)
    for name in ACTIVATIONS:
        for version in ("3.1", "3.2"):
            A64 = Arith(np.float64)
            fx, dfx = activation(name, A64, version)
            if name in ("unit_threshold", "heaviside"):
                good = np.array_equal(dfx(xs), np.ones_like(xs))
                expect(f"{name:<14} {version}: straight-through derivative 1", good)
                continue
            if name == "softmax" and version == "3.2":
                try:
                    dfx(xs)
                    good = False
                except ValueError:
                    good = True
                expect(f"{name:<14} 3.2: Jacobian derivative unusable elementwise", good)
                continue
            h = 1e-6
            num = (fx(xs + h) - fx(xs - h)) / (2 * h)
            err = np.max(np.abs(dfx(xs) - num))
            is_wrong = name in wrong or (name == "gelu" and version == "3.1")
            if version == "3.2" and name not in ("silu", "gelu"):
                continue                                   # unchanged in 3.2
            expect(f"{name:<14} {version}: max |dfx - numeric| = {err:.1e} "
                   f"({'wrong by design' if is_wrong else 'correct'})",
                   (err > 1e-3) if is_wrong else (err < 1e-6))
    A64 = Arith(np.float64)
    fx, dfx = activation("gelu", A64, "3.1")
    sx = lambda v: 1 / (1 + np.exp(-v))
    expect("gelu 3.1 dfx = 1.702 * d/dx[x s(x)]",
           np.allclose(dfx(xs), 1.702 * (sx(xs) + xs * sx(xs) * (1 - sx(xs))), rtol=1e-12))

    out("activations: the table's edges (float32):")
    A32 = Arith(np.float32)
    sp = lambda name, v, version="3.1": activation(name, A32, version)
    with np.errstate(all="ignore"):
        big = np.float32([89., -89., np.inf, np.nan, 0., 6.])
        expect("identity dfx NaN at +-inf and NaN, 1 elsewhere",
               np.array_equal(np.isnan(sp("identity", 0)[1](big)), [0, 0, 1, 1, 0, 0]))
        expect("relu: f'(0) = 1, f'(NaN) = 0, fx(NaN) NaN",
               sp("relu", 0)[1](np.float32([0.]))[0] == 1 and sp("relu", 0)[1](np.float32([np.nan]))[0] == 0
               and np.isnan(sp("relu", 0)[0](np.float32([np.nan]))[0]))
        expect("relu6: f'(0) = f'(6) = 1, f'(6.5) = 0",
               list(sp("relu6", 0)[1](np.float32([0., 6., 6.5]))) == [1, 1, 0])
        expect("lrelu: slope 0.01 = 0x3c23d70a below 0",
               _bits(sp("lrelu", 0)[1](np.float32([-1.]))) == [0x3C23D70A])
        expect("elu: fx and dfx NaN above 88.72",
               np.isnan(sp("elu", 0)[0](np.float32([89.]))[0]) and np.isnan(sp("elu", 0)[1](np.float32([89.]))[0]))
        expect("silu 3.1 dfx NaN below -88.72; 3.2 finite",
               np.isnan(sp("silu", 0)[1](np.float32([-89.]))[0])
               and np.isfinite(sp("silu", 0, "3.2")[1](np.float32([-89.]))[0]))
        expect("softplus(NaN) is NaN", np.isnan(sp("softplus", 0)[0](np.float32([np.nan]))[0]))
        bk = sp("bkwta", 0)[0](np.float32([[3, 1, 4, 1, 5, 9, 2, 6], [1, 1, 1, 1, 1, 0, 0, 0]]))
        expect("bkwta: 1 at the 5 largest (ties give more)",
               bk[0].tolist() == [1, 0, 1, 0, 1, 1, 0, 1] and bk[1].sum() == 5
               and sp("bkwta", 0)[0](np.float32([[2, 2, 2, 2, 2, 2]])).sum() == 6)
        sm = sp("softmax", 0)[0](np.float32([[1., 2., 3.]]))
        expect(f"softmax rows sum to 1 (sum {float(sm.sum()):.8f})", abs(float(sm.sum()) - 1) < 1e-6)

    out("synapses.md vector 1 (Adam, sign_value -1) and 2 (SGD):")
    h = HebbianSynapse("W", (1, 1), [[0.5]], eta=1e-3, w_bound=0., sign_value=-1., optim_type="adam")
    h.pre[...], h.post[...] = 1., 0.75
    h.evolve()
    o = h.opt
    expect(f"t=1: u {hexs(h.dWeights)} m {hexs(o.m[0])} v {hexs(o.v[0])} corr {hexs(o.last_corr)} W {hexs(h.weights)}",
           _bits(h.dWeights) == [0xBF400000] and _bits(o.m[0]) == [0xBD99999A] and _bits(o.v[0]) == [0x3A1374BD]
           and _bits(o.last_corr) == [0x3DCCCCD0, 0x3A831200] and _bits(h.weights) == [0x3F004189])
    h.evolve()
    expect(f"t=2: m {hexs(o.m[0])} v {hexs(o.v[0])} W {hexs(h.weights)}",
           _bits(o.m[0]) == [0xBE11EB86] and _bits(o.v[0]) == [0x3A9361DD] and _bits(h.weights) == [0x3F008312])
    expect("pow(beta1, 2), pow(beta2, 2) = 3f4f5c28 3f7f7cff",
           _bits([pow_exact(o.b1, 2, np.float32), pow_exact(o.b2, 2, np.float32)]) == [0x3F4F5C28, 0x3F7F7CFF])
    h = HebbianSynapse("W", (1, 1), [[0.5]], eta=1e-3, w_bound=0., sign_value=-1., optim_type="sgd")
    h.pre[...], h.post[...] = 1., 0.75
    h.evolve()
    expect(f"SGD W {hexs(h.weights)} (3f003127)", _bits(h.weights) == [0x3F003127])

    out("synapses.md vector 3 (order of the sum):")
    d = DenseSynapse("D", (3, 2), [[16777216, 0.5], [1, 0.25], [-16777216, 0.125]], biases=[[0, -1]])
    d.inputs = np.ones((1, 3), np.float32)
    d.advance_state()
    expect(f"outputs {d.outputs.tolist()} == [[0, -0.125]]", d.outputs.tolist() == [[0.0, -0.125]])
    tr = transposed(np.float32([[1., 1., 1.]]), np.float32([[16777216, 1, -16777216]]))
    expect(f"transposed product e @ W^T sums a row of W in ascending column order: {tr.tolist()} == [[0]]",
           tr.tolist() == [[0.0]])

    pre = [[1, 2], [3, 4]]
    post = [[0.5, -1], [0.25, 2]]
    W = [[0.5, -0.5], [0, 0.25]]
    out("synapses.md vector 4 (Hebbian evolve, l2 prior, bound 1, SGD 0.5):")
    h = HebbianSynapse("W", (2, 2), W, biases=[[0.1, 0.2]], eta=0.5, w_bound=1., prior=("l2", 0.1),
                       sign_value=1., optim_type="sgd", batch_size=2)
    h.pre, h.post = np.float32(pre), np.float32(post)
    h.evolve()
    expect(f"dW {hexs(h.dWeights)} db {h.dBiases.tolist()} W {hexs(h.weights)} b {hexs(h.biases)}",
           _bits(h.dWeights) == [0x3F133333, 0x40233333, 0x40000000, 0x408F3333]
           and h.dBiases.tolist() == [[0.75, 1.0]]
           and _bits(h.weights) == [0x3E59999A, 0xBF800000, 0xBF800000, 0xBF800000]
           and _bits(h.biases) == [0xBE8CCCCD, 0xBE99999A])
    out("synapses.md vector 5 (the PCN's settings, SGD 0.1):")
    h = HebbianSynapse("W", (2, 2), W, biases=[[0.1, 0.2]], eta=0.1, w_bound=0., sign_value=-1.,
                       optim_type="sgd", batch_size=2)
    h.pre, h.post = np.float32(pre), np.float32(post)
    h.evolve()
    expect(f"dW {h.dWeights.tolist()} db {h.dBiases.tolist()} W {hexs(h.weights)} b {hexs(h.biases)}",
           h.dWeights.tolist() == [[-1.25, -5], [-2, -6]] and h.dBiases.tolist() == [[-0.75, -1]]
           and _bits(h.weights) == [0x3F200000, 0x00000000, 0x3E4CCCCD, 0x3F59999A]
           and _bits(h.biases) == [0x3E333334, 0x3E99999A])

    out("synapse rules beyond the vectors:")
    h = HebbianSynapse("W", (2, 2), W, eta=0.5, optim_type="adam", batch_size=2)
    h.pre, h.post = np.float32(pre), np.float32(post)
    h.evolve()
    expect("no bias_init: biases stay the scalar 0, Adam steps the weights only",
           h.biases == 0 and len(h.opt.m) == 1 and h.dBiases.shape == (1, 2))
    expect("a default synapse (eta 0) never learns",
           np.array_equal(HebbianSynapse("W", (2, 2), W).weights, np.float32(W)))
    h = HebbianSynapse("W", (2, 2), [[0.5, -0.5], [0.2, 0.25]], eta=1., w_bound=0.3, is_nonnegative=True,
                       batch_size=2)
    h.pre, h.post = np.float32(pre), -np.float32(post)
    h.evolve()
    expect(f"is_nonnegative clips to [0, w_bound]: W {h.weights.tolist()}",
           float(h.weights.min()) >= 0 and float(h.weights.max()) <= np.float32(0.3))
    for name, kind in (("Gaussian", "l2"), ("ridge", "l2"), ("LAPLACIAN", "l1"), ("lasso", "l1"),
                       ("elastic_net", "l1l2"), ("L2", None), ("constant", None), (None, None)):
        expect(f"prior name {name!r} -> {kind}", HebbianSynapse._prior((name, 0.1))[0] == kind)
    h = HebbianSynapse("W", (2, 2), W, w_decay=0.2, batch_size=2)
    expect("w_decay > 0 replaces the prior by ('l2', w_decay)", (h.prior_kind, h.prior_lambda) == ("l2", 0.2))
    h = HebbianSynapse("W", (2, 2), W, eta=0.5, w_bound=0., prior=("l1l2", (0.2, 0.3)), batch_size=2)
    h.pre, h.post = np.float32(pre), np.float32(post)
    dW, _ = h.calc_update()
    Wf = np.float32(W)
    R = (((-sign_keep(Wf)) * np.float32(0.3)) - ((Wf * np.float32(1 - 0.3)) * np.float32(0.5))) * np.float32(0.2)
    expect("elastic net: k = float32(1 - l1_ratio) from double", np.array_equal(dW, fixed_matmul(np.float32(pre).T, np.float32(post)) + R))
    try:
        HebbianSynapse("W", (2, 2), W, optim_type="nag")
        expect("nag refused (not specified)", False)
    except ValueError:
        expect("nag refused (not specified)", True)

    out("float64 components (the same operations in double):")
    h = HebbianSynapse("W", (1, 1), [[0.5]], eta=1e-3, w_bound=0., sign_value=-1., optim_type="adam",
                       dtype=np.float64)
    h.pre[...], h.post[...] = 1., 0.75
    h.evolve()
    expect(f"Adam t=1 in double: W = {h.weights[0, 0]:.12f} (0.5 + 1e-3 * 0.75 / (0.75 + 1e-8))",
           abs(h.weights[0, 0] - (0.5 + 1e-3 * 0.75 / (0.75 + 1e-8))) < 1e-12)

    out("PASS" if ok else "FAIL")
    return ok


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        sys.exit(0 if run_check() else 1)
    print(__doc__)
