"""tests/math/ngcrt_math.py - ngcrt's exp, expm1, log, log1p re-implemented in NumPy, bit for bit.

    import ngcrt_math as nm
    y = nm.exp(np.asarray(x, np.float32))      # also expm1, log, log1p; float32 or float64

An independent implementation of the operation sequence in src/math/elementary.hpp (see
docs/math.md): NumPy's float32/float64 arithmetic rounds each operation correctly and never
fuses a multiply and an add, so it reproduces the C++ bits exactly, subnormals and NaN bits
included. Used by tests/math/make_fingerprint.py for the fingerprint goldens, and by cell
golden generators that call exp/log. Works on arrays (any shape) of one dtype.
"""
import numpy as np

# Per-type constants: the same values as consts<float> / consts<double> in elementary.hpp.
_F32 = dict(
    T=np.float32, U=np.uint32, mant=23, bias=127,
    abs_mask=0x7FFFFFFF, quiet=0x00400000, mant_mask=0x007FFFFF, qnan=0x7FC00000, low_mask=0xFFFFF000,
    shift=float.fromhex("0x1.8p23"), shift_bits=0x4B400000, two_mant_bits=0x4B000000, two_mant=2.0**23,
    log2e=float.fromhex("0x1.715476p+0"),
    ln2_hi=float.fromhex("0x1.62e4p-1"), ln2_lo=float.fromhex("0x1.7f7d1cp-20"),
    exp_max=89.0, exp_min=-104.0, expm1_min=-27.0, tiny=2.0**-25,
    sub_scale=2.0**25, sub_exp=-25.0, min_normal=2.0**-126,
    sqrt_half_bits=0x3F3504F3, one_bits=0x3F800000,
    log1p_lo=float.fromhex("-0x1.2bec34p-2"), log1p_hi=float.fromhex("0x1.a8279ap-2"),
    rcp_a=float.fromhex("0x1.ff1d0ap+0"), rcp_b=float.fromhex("0x1.e1e1e2p-1"),
    exp_poly=["0x1.555554p-3", "0x1.5554e8p-5", "0x1.11130ep-7", "0x1.6d4cbap-10", "0x1.9dfbap-13"],
    log_poly=["0x1.555548p-2", "-0x1.000006p-2", "0x1.99a478p-3", "-0x1.555c4ep-3", "0x1.233b78p-3",
              "-0x1.fc26acp-4", "0x1.e6c03ep-4", "-0x1.de1004p-4", "0x1.1484e8p-4"],
)
_F64 = dict(
    T=np.float64, U=np.uint64, mant=52, bias=1023,
    abs_mask=0x7FFFFFFFFFFFFFFF, quiet=0x0008000000000000, mant_mask=0x000FFFFFFFFFFFFF,
    qnan=0x7FF8000000000000, low_mask=0xFFFFFFFFF8000000,
    shift=float.fromhex("0x1.8p52"), shift_bits=0x4338000000000000, two_mant_bits=0x4330000000000000,
    two_mant=2.0**52, log2e=float.fromhex("0x1.71547652b82fep+0"),
    ln2_hi=float.fromhex("0x1.62e42fefa38p-1"), ln2_lo=float.fromhex("0x1.ef35793c7673p-45"),
    exp_max=710.0, exp_min=-746.0, expm1_min=-40.0, tiny=2.0**-54,
    sub_scale=2.0**54, sub_exp=-54.0, min_normal=2.0**-1022,
    sqrt_half_bits=0x3FE6A09E667F3BCD, one_bits=0x3FF0000000000000,
    log1p_lo=float.fromhex("-0x1.2bec333018867p-2"), log1p_hi=float.fromhex("0x1.a827999fcef32p-2"),
    rcp_a=float.fromhex("0x1.ff1d090b39fb7p+0"), rcp_b=float.fromhex("0x1.e1e1e1e1e1e1ep-1"),
    exp_poly=["0x1.5555555555555p-3", "0x1.5555555555555p-5", "0x1.11111111112cep-7", "0x1.6c16c16c16888p-10",
              "0x1.a01a019f4e741p-13", "0x1.a01a01a5168acp-16", "0x1.71de3cff2c09ap-19", "0x1.27e4def9161e4p-22",
              "0x1.ae5bf0f50b738p-26", "0x1.1f6dd3170419ep-29", "0x1.6b7c1866171aap-33"],
    log_poly=["0x1.555555555556bp-2", "-0x1.ffffffffffe7dp-3", "0x1.9999999994d55p-3", "-0x1.555555556affdp-3",
              "0x1.249249275fcd1p-3", "-0x1.fffffff3bdc32p-4", "0x1.c71c702d3eba7p-4", "-0x1.99999a9bf0d31p-4",
              "0x1.745d58e64177bp-4", "-0x1.55557745a0167p-4", "0x1.3b0d77c70becfp-4", "-0x1.2489425784381p-4",
              "0x1.116a026bb0d62p-4", "-0x1.00d006d9eda48p-4", "0x1.dc986dfa5947p-5", "-0x1.b45a965d79573p-5",
              "0x1.bba5814e8b90ep-5", "-0x1.010991ddc1019p-4", "0x1.d2c80dd8cbc4bp-5", "-0x1.8dddd433e22d4p-6"],
)


class _Ctx:
    """Typed constants and helpers for one precision; every operation stays in that dtype."""

    def __init__(self, d):
        self.__dict__.update(d)
        T, U = self.T, self.U
        for k, v in d.items():
            if isinstance(v, float):
                setattr(self, k, T(v))
            elif isinstance(v, int) and k not in ("mant", "bias"):
                setattr(self, k, U(v))
        self.exp_poly = [T(float.fromhex(c)) for c in d["exp_poly"]]
        self.log_poly = [T(float.fromhex(c)) for c in d["log_poly"]]
        self.ubias = U(d["bias"])
        self.fbias = T(d["bias"])
        self.one, self.two, self.half, self.zero = T(1), T(2), T(0.5), T(0)

    def bits(self, v):
        return v.view(self.U)

    def val(self, b):
        return b.astype(self.U, copy=False).view(self.T)

    def horner(self, t, c):
        y = np.full_like(t, c[-1])
        for ci in reversed(c[:-1]):
            y = y * t + ci
        return y

    def quieted(self, x):
        return self.val(self.bits(x) | self.quiet)

    def abs_less(self, x, c):
        return self.val(self.bits(x) & self.abs_mask) < c

    def pow2_field(self, n):
        return self.val(n << self.U(self.mant))


def _ctx(x):
    if x.dtype == np.float32:
        return _CTX32
    if x.dtype == np.float64:
        return _CTX64
    raise TypeError("float32 or float64 arrays")


_CTX32, _CTX64 = _Ctx(_F32), _Ctx(_F64)


def _reduce_exp(c, x):
    t = x * c.log2e + c.shift
    kf = t - c.shift
    tbits = c.bits(t)
    r_hi = x - kf * c.ln2_hi
    cc = kf * c.ln2_lo
    r = r_hi - cc
    return r_hi, cc, r, c.horner(r, c.exp_poly), tbits


def exp(x):
    x = np.asarray(x)
    c = _ctx(x)
    with np.errstate(all="ignore"):
        zero = x < c.exp_min
        xc = np.where(x > c.exp_max, c.exp_max, x)
        xc = np.where(zero | c.abs_less(x, c.tiny), c.zero, xc).astype(c.T)
        r_hi, cc, r, pr, tbits = _reduce_exp(c, xc)
        q = (r * r) * (c.half + r * pr)
        h = c.one + r_hi
        l = (c.one - h) + r_hi
        p = h + ((l - cc) + q)
        n = tbits - c.U(int(c.shift_bits) - 2 * c.bias)
        n1 = n >> c.U(1)
        y = (p * c.pow2_field(n1)) * c.pow2_field(n - n1)
        y = np.where(zero, c.zero, y)
        return np.where(np.isnan(x), c.quieted(x), y).astype(c.T)


def expm1(x):
    x = np.asarray(x)
    c = _ctx(x)
    with np.errstate(all="ignore"):
        tiny = c.abs_less(x, c.tiny)
        xc = np.where(x > c.exp_max, c.exp_max, x)
        xc = np.where(xc < c.expm1_min, c.expm1_min, xc)
        xc = np.where(tiny, c.zero, xc).astype(c.T)
        r_hi, cc, r, pr, tbits = _reduce_exp(c, xc)
        s = c.pow2_field(tbits - c.U(int(c.shift_bits) - c.bias + 1))
        a = s - c.half
        bb = a - s
        ea = (s - (a - bb)) + (-c.half - bb)
        b = s * r_hi
        hi = a + b
        e = (a - hi) + b
        rh = c.val(c.bits(r) & c.low_mask)
        rl = r - rh
        hq = (rh * rh) * c.half
        lq = (rl * (r + rh)) * c.half + ((r * r) * r) * pr
        qh = s * hq
        hi2 = hi + qh
        e2 = (hi - hi2) + qh
        lo = (e + e2) + (ea + s * (lq - cc))
        y = (hi2 + lo) * c.two
        y = np.where(tiny, x, y)
        return np.where(np.isnan(x), c.quieted(x), y).astype(c.T)


def _log_from(c, ef, f, corr):
    fh = c.val(c.bits(f) & c.low_mask)
    fl = f - fh
    hh = (fh * fh) * c.half
    hl = (fl * (f + fh)) * c.half
    t1 = ef * c.ln2_hi
    s1 = t1 + f
    e1 = (t1 - s1) + f
    s2 = s1 - hh
    e2 = (s1 - s2) - hh
    f3 = (f * f) * f
    lo = ((e1 + e2) + ((ef * c.ln2_lo + corr) - hl)) + f3 * c.horner(f, c.log_poly)
    return s2 + lo


def _split_log(c, x):
    ix = c.bits(x) + c.U(int(c.one_bits) - int(c.sqrt_half_bits))
    eb = ix >> c.U(c.mant)
    m = c.val((ix & c.mant_mask) + c.sqrt_half_bits)
    return m, eb


def _field_value(c, n):
    return c.val(n | c.two_mant_bits) - c.two_mant


def log(x):
    x = np.asarray(x)
    c = _ctx(x)
    with np.errstate(all="ignore"):
        sub = x < c.min_normal
        xs = np.where(sub, x * c.sub_scale, x).astype(c.T)
        m, eb = _split_log(c, xs)
        ef = (_field_value(c, eb) - c.fbias) + np.where(sub, c.sub_exp, c.zero).astype(c.T)
        y = _log_from(c, ef, m - c.one, np.zeros_like(x))
        y = np.where(x < c.zero, c.val(np.full_like(c.bits(x), c.qnan)), y)
        y = np.where(x == c.zero, -np.asarray(np.inf, c.T), y)
        y = np.where(x == np.asarray(np.inf, c.T), x, y)
        return np.where(np.isnan(x), c.quieted(x), y).astype(c.T)


def log1p(x):
    x = np.asarray(x)
    c = _ctx(x)
    with np.errstate(all="ignore"):
        tiny = c.abs_less(x, c.tiny)
        xw = np.where(tiny, c.zero, x).astype(c.T)
        u = c.one + xw
        bb = u - xw
        cc = (xw - (u - bb)) + (c.one - bb)
        m, eb = _split_log(c, u)
        r = c.rcp_a - c.rcp_b * m
        r = r * (c.two - m * r)
        r = r * (c.two - m * r)
        p2 = c.pow2_field(c.U(2 * c.bias + 2) - eb)
        corr_u = (cc * p2) * (r * c.T(0.25))
        ef_u = _field_value(c, eb) - c.fbias
        inner = (xw >= c.log1p_lo) & (xw < c.log1p_hi)
        f = np.where(inner, xw, m - c.one).astype(c.T)
        ef = np.where(inner, c.zero, ef_u).astype(c.T)
        corr = np.where(inner, c.zero, corr_u).astype(c.T)
        y = _log_from(c, ef, f, corr)
        y = np.where(tiny, x, y)
        y = np.where(x < -c.one, c.val(np.full_like(c.bits(x), c.qnan)), y)
        y = np.where(x == -c.one, -np.asarray(np.inf, c.T), y)
        y = np.where(x == np.asarray(np.inf, c.T), x, y)
        return np.where(np.isnan(x), c.quieted(x), y).astype(c.T)
