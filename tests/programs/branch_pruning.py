# sig: averages (float64[:],)
# sig: flipped_total (float64[:],)
# sig: flipped_total_2d (float64[:, :],)
# sig: weighted_loop (float64[:],)
# sig: first_or_default (float64[:],)
# A branch the argument types decide (`w is None`, `a.ndim == 2`, `not`, `and`) is pruned
# when the function is typed, as Numba does: the other branch may hold code that would not
# type for these arguments (`np.sum(None)`, two indices into a vector).
# let: v = np.arange(7.0) * 0.5 - 1.0
# let: m = np.arange(12.0).reshape(3, 4) * 0.25
# case: averages(a) for a in [v, v[::2]]
# case: flipped_total(a) for a in [v, v[1:]]
# case: flipped_total_2d(a) for a in [m, m.T]
# case: weighted_loop(a) for a in [v, v[::3]]
# case: first_or_default(a) for a in [v, v[2:]]
import numpy as np
from numba import njit


def average(a, weights=None):
    if weights is None:
        return np.mean(a)
    return np.sum(a * weights) / np.sum(weights)


@njit
def averages(a):
    return average(a) + 10.0 * average(a, a * a)


def flip(a):
    if a.ndim == 1:
        return a[::-1].copy()
    elif not a.ndim != 2 and a.size >= 0:
        return a[::-1, ::-1].copy()
    return a.copy()


@njit
def flipped_total(a):
    f = flip(a)
    return f[0] + 10.0 * f[-1]


@njit
def flipped_total_2d(a):
    f = flip(a)
    return f[0, 0] + 10.0 * f[-1, -1]


def dot_or_sum(a, w=None):
    s = 0.0
    for i in range(a.shape[0]):
        if w is None:
            s += a[i]
        else:
            s += a[i] * w[i]
    return s


@njit
def weighted_loop(a):
    return dot_or_sum(a) + 100.0 * dot_or_sum(a, a)


def first(a, default=None):
    for i in range(a.shape[0]):
        if default is not None:
            return default
        return a[i]
    return -1.0


@njit
def first_or_default(a):
    return first(a) + 10.0 * first(a, 2.5)
