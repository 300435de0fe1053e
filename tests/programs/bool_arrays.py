# sig: extremes (float64[:],)
# sig: elementwise (float64[:], float64[:])
# sig: along_axis (float64[:, :],)
# sig: counts (float64[:],)
# sig: in_place (float64[:], float64[:])
# sig: scalars (float64[:],)
# Arrays of booleans follow NumPy: True is 1 when ordered, widened or counted; `+` and `*` are
# logical or / and (so `np.sum(a + b)` counts the elements true in either).
# let: x = np.array([0.9, 0.1, 0.7, 0.3, 0.6, 0.0])
# let: y = np.array([0.8, 0.9, 0.2, 0.1, 0.6, 0.4])
# case: extremes(a) for a in [x, np.array([0.9, 0.8])]
# case: elementwise(x, y)
# case: along_axis(x.reshape(2, 3))
# case rel=1e-12: counts(x)
# case: in_place(x, y)
# case: scalars(a) for a in [x, y]
import numpy as np
from numba import njit


@njit
def extremes(x):
    # Booleans order False < True (not as signed one-bit integers, where True is -1).
    a = x > 0.5
    return np.max(a), np.min(a), np.argmax(a), np.argmin(a), a.max(), a.min(), max(a), min(a)


@njit
def elementwise(x, y):
    # NumPy's booleans: + is logical or, * logical and; maximum/minimum, comparisons and
    # conversions read True as 1.
    a = x > 0.5
    b = y > 0.5
    return (
        a + b,
        a * b,
        a + True,
        a * False,
        np.maximum(a, b),
        np.minimum(a, b),
        a < b,
        a >= b,
        a.astype(np.int64),
        a.astype(np.float64) + b,
        np.clip(a, False, True),
        np.abs(a),
        a // b,
        a ^ b,
        a - 1,
    )


@njit
def along_axis(x):
    a = x > 0.5
    return a.max(axis=0), a.min(axis=1), np.argmax(a, axis=0), a.sum(axis=0), a.sum()


@njit
def counts(x):
    a = x > 0.5
    b = x < 0.25
    return np.sum(a + b), np.sum(a * b), np.sum(a), np.prod(a), np.mean(a), np.cumsum(a), a.sum()


@njit
def in_place(x, y):
    a = x > 0.5
    b = y > 0.5
    a += b
    c = x < 0.25
    c *= b
    return a, c


@njit
def scalars(x):
    # Scalar booleans are Python's: arithmetic widens them to int (True + True == 2).
    t = float(x[0]) > 0.5
    f = float(x[1]) > 0.5
    return t + t, t * f, t - f, f - t, -t, +t, t + 1, t / True
