"""tests/math/ngcrt_trig.py - ngcrt's float tanh, sin and cos re-implemented in NumPy, bit for bit.

    import ngcrt_trig as nt
    y = nt.tanh(np.asarray(x, np.float32))      # also sin, cos (|x| <= 6432: Cody-Waite only)

An independent implementation of the operation sequences in src/math/tanh.hpp and
src/math/sincos.hpp (docs/math.md), as tests/math/ngcrt_math.py is of elementary.hpp: NumPy's
float32 arithmetic rounds each operation correctly and never fuses, so it reproduces the C++
bits. float32 only; the Payne-Hanek range (|x| > 6432) raises. Used by
tests/rate/make_rate_golden.py for the RateCell goldens of tanh, telu and sine.
"""
import numpy as np

import ngcrt_math as nm

F, U = np.float32, np.uint32


def _h(s):
    return F(float.fromhex(s))


TANH_POLY = [_h(c) for c in ("-0x1.555554p-2", "0x1.111082p-3", "-0x1.b9f38ep-5", "0x1.63b7bcp-6",
                             "-0x1.0c7e82p-7", "0x1.1918ep-9")]
SIN_POLY = [_h(c) for c in ("-0x1.555556p-3", "0x1.111174p-7", "-0x1.a0597ap-13", "0x1.7c3fap-19")]
COS_POLY = [_h(c) for c in ("0x1.555556p-5", "-0x1.6c175ep-10", "0x1.a071c6p-16", "-0x1.361c28p-22")]
PIO2 = [_h(c) for c in ("0x1.922p+0", "-0x1.2aep-18", "-0x1.deap-31", "0x1.184p-44", "0x1.a62634p-58")]
TWO_OVER_PI = _h("0x1.45f306p-1")
SHIFT = _h("0x1.8p23")
LOW = U(0xFFFFF000)
ABS = U(0x7FFFFFFF)
SIGN = U(0x80000000)


def _bits(v):
    return np.asarray(v, F).view(U)


def _val(b):
    return np.asarray(b, U).view(F)


def _horner(t, c):
    y = np.full_like(t, c[-1])
    for ci in reversed(c[:-1]):
        y = y * t + ci
    return y


def _quieted(x):
    return _val(_bits(x) | U(0x00400000))


def _one_minus_two_over(dh, dl):
    one = F(1)
    db = _bits(dh)
    m = _val((db & U(0x007FFFFF)) | U(0x3F800000))
    scale = _val((U(2 * 127) - (db >> U(23))) << U(23))
    r = (F(24) / F(17)) - (F(8) / F(17)) * m
    for _ in range(2):
        r = r * (F(2) - m * r)
    mh = _val(_bits(m) & LOW)
    rh = _val(_bits(r) & LOW)
    ml, rl = m - mh, r - rh
    eps_m = ((one - mh * rh) - (mh * rl + ml * rh)) - ml * rl
    rs = r * scale
    eps = eps_m - dl * rs
    y = rs * F(2)
    t1 = one - y
    te = (one - t1) - y
    return t1 + (te - y * eps)


def tanh(x):
    x = np.asarray(x, F)
    with np.errstate(all="ignore"):
        a = _val(_bits(x) & ABS)
        one = F(1)
        tiny = a < F(2.0 ** -12)
        ap = np.where(tiny, F(0), a).astype(F)
        u = ap * ap
        p = ap + (ap * u) * _horner(u, TANH_POLY)
        small = a < F(0.55)
        ab = np.where(a > F(9.5), F(9.5), a).astype(F)
        ab = np.where(small, one, ab).astype(F)
        e = nm.expm1(ab + ab)
        dh = e + F(2)
        t = _one_minus_two_over(dh, (e - dh) + F(2))
        y = np.where(small, p, t).astype(F)
        y = _val(_bits(y) | (_bits(x) & SIGN))
        y = np.where(tiny, x, y).astype(F)
        return np.where(np.isnan(x), _quieted(x), y).astype(F)


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _trig(x, cosine):
    x = np.asarray(x, F)
    with np.errstate(all="ignore"):
        a = _val(_bits(x) & ABS)
        if np.any((a > F(6432)) & np.isfinite(a)):
            raise ValueError("ngcrt_trig: |x| > 6432 (Payne-Hanek) is not modelled")
        tiny = a < F(2.0 ** -12)
        usual = (a <= F(6432)) & (a >= F(2.0 ** -12))
        ac = np.where(usual, a, F(0)).astype(F)
        # Cody-Waite
        t = ac * TWO_OVER_PI + SHIFT
        kf = t - SHIFT
        r1 = ac - kf * PIO2[0]
        s2, e2 = _two_sum(r1, -(kf * PIO2[1]))
        s3, e3 = _two_sum(s2, -(kf * PIO2[2]))
        s4, e4 = _two_sum(s3, -(kf * PIO2[3]))
        lo = ((e2 + e3) + e4) - kf * PIO2[4]
        hi = s4 + lo
        lo = (s4 - hi) + lo
        kbits = _bits(t)
        # kernels
        u = hi * hi
        half, one = F(0.5), F(1)
        s = hi + ((hi * u) * _horner(u, SIN_POLY) + (lo - (lo * u) * half))
        hh_r = _val(_bits(hi) & LOW)
        hl_r = hi - hh_r
        hh = (hh_r * hh_r) * half
        hl = (hl_r * (hi + hh_r)) * half
        w = one - hh
        e = (one - w) - hh
        c = w + (e + (((u * u) * _horner(u, COS_POLY) - hl) - hi * lo))
        odd = (U(0) - (kbits & U(1))).astype(U)
        pick_c = ~odd if cosine else odd
        y = (_bits(c) & pick_c) | (_bits(s) & ~pick_c)
        kq = (kbits + U(1)).astype(U) if cosine else kbits
        sign = ((kq & U(2)) << U(30)).astype(U)
        if not cosine:
            sign = sign ^ (_bits(x) & SIGN)
        y = _val(y ^ sign)
        y = np.where(tiny, F(1) if cosine else x, y).astype(F)
        y = np.where(a == F(np.inf), _val(U(0x7FC00000)), y).astype(F)
        return np.where(np.isnan(x), _quieted(x), y).astype(F)


def sin(x):
    return _trig(x, False)


def cos(x):
    return _trig(x, True)
