# sig: total (float64[:],)
# sig: method_total (float64[:, :],)
# sig: mean (float64[:],)
# sig: sum_of_products (float64[:], float64[:])
# sig: row_sums (float64[:, :],)
# sig: row_norms (float64[:, :],)
# sig: variance (float64[:],)
# sig: deviation (float64[:, :],)
# sig: row_variance (float64[:, :],)
# sig: sums_around_writes (float64[:],)
import numpy as np
from numba import njit

# Float sums as NumPy adds them (pairwise, in runs): the results must be NumPy's bit for bit.


@njit
def total(a):
    return np.sum(a)


@njit
def method_total(a):
    return a.sum()


@njit
def mean(a):
    return np.mean(a)


@njit
def sum_of_products(a, b):
    return np.sum(a * b)


@njit
def row_sums(a):
    return a.sum(axis=-1)


@njit
def row_norms(a):
    return np.sqrt((a * a).sum(axis=1))


@njit
def variance(a):
    return np.var(a)


@njit
def deviation(a):
    return a.std()


@njit
def row_variance(a):
    return a.var(axis=1)


@njit
def sums_around_writes(a):
    # Each sum reads the array as it is then (two reads of one array are not one value).
    b = a.copy()
    before = np.sum(b)
    b -= 1.0
    after = np.sum(b)
    b[:] = 2.0
    return before + 1000.0 * after + 1e6 * np.sum(b)
