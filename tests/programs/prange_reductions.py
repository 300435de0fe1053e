# sig: total (float64[:, :],)
# sig: sum_of_squares (float64[:],)
# sig: product_and_difference (float64[:],)
# sig: count_positive (float64[:],)
# sig: any_bits (int64[:],)
# sig: nested_prange (float64[:, :],)
# sig: reversed_fill (float64[:],)
# sig: extremes (float64[:],)
# sig: int_extremes (int64[:],)
# sig: all_and_any (float64[:],)
import numpy as np
from numba import njit, prange


@njit(parallel=True)
def total(A):
    # A reduction through a nested loop and a branch, and a variable private to each iteration.
    s = 0.0
    c = 0
    t = 0.0
    for i in prange(A.shape[0]):
        t = A[i, 0] * 2.0
        for j in range(A.shape[1]):
            s += A[i, j]
        if t > 0:
            c += 1
    return s + c


@njit(parallel=True)
def sum_of_squares(x):
    s = 0.0
    for i in prange(len(x)):
        s += x[i] * x[i]
    return s


@njit(parallel=True)
def product_and_difference(x):
    p = 1.0
    d = 100.0
    for i in prange(x.size):
        p *= 1.0 + x[i] / 64.0
        d -= x[i]
    return p, d


@njit(parallel=True)
def count_positive(x):
    n = 0
    for i in prange(len(x)):
        if x[i] <= 0.0:
            continue
        n += 1
    return n


@njit(parallel=True)
def any_bits(v):
    a = -1
    o = 0
    e = 0
    for i in prange(len(v)):
        a &= v[i]
        o |= v[i]
        e ^= v[i]
    return a, o, e


@njit(parallel=True)
def nested_prange(A):
    # The inner prange runs serially inside the parallel outer loop, as in Numba.
    out = np.zeros(A.shape[0])
    for i in prange(A.shape[0]):
        acc = 0.0
        for j in prange(A.shape[1]):
            acc += A[i, j] * j
        out[i] = acc
    return out


@njit(parallel=True)
def reversed_fill(x):
    for i in prange(len(x) - 1, -1, -2):
        x[i] = i * 0.5
    return x.sum()


@njit(parallel=True)
def extremes(x):
    # min/max reductions; NaNs are skipped by min(m, x) as in Python, infinities kept.
    lo = np.inf
    hi = -np.inf
    s = 0.0
    for i in prange(len(x)):
        lo = min(lo, x[i])
        hi = max(hi, x[i] * 2.0)
        s += 1.0
    return lo, hi, s


@njit(parallel=True)
def int_extremes(v):
    lo = v[0]
    hi = 0
    for i in prange(len(v)):
        lo = min(v[i], lo)
        if v[i] % 3 == 0:
            hi = max(hi, v[i])
    return lo, hi


@njit(parallel=True)
def all_and_any(x):
    # Bool reductions (min/max of bools are bools, as in Python): all, any, an odd count.
    every = True
    some = False
    odd = False
    for i in prange(x.shape[0]):
        every = min(every, x[i] > -0.5)
        some = max(some, x[i] > 0.5)
        odd ^= x[i] > 0.0
    return every, some, odd
