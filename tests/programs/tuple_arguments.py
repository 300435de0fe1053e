# sig: pair_sum (UniTuple(float64, 2),)
# sig: nested (Tuple((int64, UniTuple(float64, 2))), float64)
# sig: shaped (UniTuple(int64, 2), float64)
# sig: passes_on (int64, float64)
import numpy as np
from numba import njit


# Tuples as arguments, as Numba takes them: from the caller (flattened at the call
# boundary), unpacked, indexed, used as shapes, and passed between compiled functions.


@njit
def pair_sum(t):
    return t[0] + t[-1] * 2.0


@njit
def nested(t, s):
    a, (b, c) = t
    return a * s + b - c


@njit
def shaped(shape, fill):
    return np.full(shape, fill) + np.arange(shape[1])


@njit
def product(t):
    x, y = t
    return x * y


@njit
def passes_on(a, b):
    return product((a, b)) + product((b, 1.5))


@njit("float64(UniTuple(float64, 3))")
def eager_norm(v):
    return (v[0] ** 2 + v[1] ** 2 + v[2] ** 2) ** 0.5


@njit
def array_pair(t):
    a, k = t
    a[0] = k
    return a * k
