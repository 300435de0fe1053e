# sig: column_sums (float64[:, :],)
# sig: column_sums_rebound (float64[:, :],)
# sig: mixed_reductions (float64[:, :],)
# sig: scaled_products (float64[:, :],)
# sig: aliased_accumulator (float64[:, :],)
# sig: histogram (float64[:], int64)
import numpy as np
from numba import njit, prange


# Arrays carried by prange loops, as Numba reduces them: `s += x` updates the array itself
# (aliases see it), `s = s + x` makes a new one; both are combined from per-thread partial
# arrays, beside scalar reductions in the same loop.


@njit(parallel=True)
def column_sums(A):
    s = np.zeros(A.shape[1])
    for i in prange(A.shape[0]):
        s += A[i]
    return s


@njit(parallel=True)
def column_sums_rebound(A):
    s = np.ones(A.shape[1])
    for i in prange(A.shape[0]):
        s = s + A[i] * 0.5
    return s


@njit(parallel=True)
def mixed_reductions(A):
    s = np.zeros(A.shape[1])
    count = 0
    top = -1e300
    for i in prange(A.shape[0]):
        s -= A[i] * 2.0
        count += 1
        top = max(top, A[i].max())
    return s, count, top


@njit(parallel=True)
def scaled_products(A):
    p = np.ones(A.shape[1])
    for i in prange(A.shape[0]):
        p *= A[i] * 0.25 + 1.0
    return p


@njit(parallel=True)
def aliased_accumulator(A):
    s = np.zeros(A.shape[1])
    alias = s
    for i in prange(A.shape[0]):
        s += A[i]
    return alias * 2.0


@njit(parallel=True)
def histogram(x, bins):
    h = np.zeros(bins, dtype=np.int64)
    for i in prange(x.shape[0]):
        one_hot = np.zeros(bins, dtype=np.int64)
        one_hot[int(abs(x[i]) * bins) % bins] = 1
        h += one_hot
    return h
