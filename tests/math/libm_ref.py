"""tests/math/libm_ref.py - elementwise exp, expm1, log, log1p, tanh, sin, cos and pow in
double through Python's math module (the C library's functions), for the generators'
float64 references.

NumPy's own float64 transcendental functions pick an implementation by the CPU's features
(NumPy 1.24 has AVX-512F versions of exp and log, for instance), which differ from the
others in the last bits: goldens computed with them change with the machine that
regenerates them. The C library's functions do not depend on the CPU (glibc's exp, log and
pow are correctly rounded), so generators that use these write the same file everywhere.
"""
import math

import numpy as np


def _wrap(fn):
    def scalar(v):
        v = float(v)
        try:
            return fn(v)
        except OverflowError:
            return math.inf
        except ValueError:  # outside the domain: what C returns
            return math.nan
    vec = np.frompyfunc(scalar, 1, 1)

    def apply(x):
        a = np.asarray(x, dtype=np.float64)
        return np.asarray(vec(a), dtype=np.float64).reshape(a.shape)
    return apply


def _log(v):
    return -math.inf if v == 0.0 else math.log(v)


def _log1p(v):
    return -math.inf if v == -1.0 else math.log1p(v)


exp = _wrap(math.exp)
expm1 = _wrap(math.expm1)
log = _wrap(_log)
log1p = _wrap(_log1p)
tanh = _wrap(math.tanh)
sin = _wrap(math.sin)
cos = _wrap(math.cos)


def pow2(x):
    """2.0 ** x elementwise, by the C library's pow."""
    return _wrap(lambda v: math.pow(2.0, v))(x)
