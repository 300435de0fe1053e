# sig: total (float64[:, :],)
# sig: total_rows_reversed (float64[:, :],)
# sig: total_columns_reversed (float64[:, :],)
# sig: total_reversed_stepped (float64[:, :],)
# sig: total3 (float64[:, :, :],)
# sig: total3_reversed (float64[:, :, :],)
# sig: int_mean (int64[:, :],)
# sig: int_mean_reversed (int64[:, :],)
# sig: variance (float64[:, :],)
# sig: variance_reversed (float64[:, :],)
# sig: deviation3 (float64[:, :, :],)
# sig: sum_of_products (float64[:, :], float64[:, :])
# sig: sum_with_ones (float64[:, :],)
# sig: sum_with_row (float64[:, :], float64[:])
# sig: centered_total (float64[:, :],)
# sig: weighted_total (float64[:, :],)
# Full sums of arrays that are not one contiguous run, in NumPy's order, bit for bit: NumPy's
# iterator walks the axes by stride, merges those that step through memory as one, and buffers
# runs of up to 8192 elements (rows of more than 4096 are read in place); an expression is
# summed as a temporary laid out in its operands' order. Large shapes cross those limits.
# let: m = np.sin(np.arange(30.0 * 41.0)).reshape(30, 41) * 1e3
# let: wide = np.sin(np.arange(3.0 * 9001.0)).reshape(3, 9001)
# let: tall = np.cos(np.arange(3000.0 * 7.0)).reshape(3000, 7)
# let: cube = np.sin(np.arange(4.0 * 7.0 * 3.0)).reshape(4, 7, 3)
# let: big = np.sin(np.arange(2.0 * 70.0 * 90.0)).reshape(2, 70, 90)
# let: k = (np.arange(3 * 9000) % 97 - 48).reshape(3, 9000)
# case: total(a) for a in [m[1:-1, 1:-1], m[::2, ::3].T, m[:, ::2], m[:, :40][:, ::2], wide[:, 1:], wide[:, 2001:], wide.T[1:], wide[:, ::2], tall[:, 1:], tall.T[:, ::3], tall[1:-1, 1:-1].T]
# case: total_rows_reversed(a) for a in [m, m.T, wide[:, :4097], tall[:, ::2], m[:, 1:]]
# case: total_columns_reversed(a) for a in [m, wide, tall, m[1:, :]]
# case: total_reversed_stepped(a) for a in [m, wide, tall.T]
# case: total3(a) for a in [cube[:, 1:], cube.transpose(1, 0, 2), cube[::2, :, 1:].transpose(2, 0, 1), big[:, 1:]]
# case: total3_reversed(a) for a in [cube, cube[0:1], big, big.transpose(2, 1, 0)]
# case: int_mean(a) for a in [k[:, 1:], k[:, ::2], k.T[::2], k[:, :8191]]
# case: int_mean_reversed(a) for a in [k, k[:, 100:], k.T]
# case: variance(a) for a in [m[1:-1, 1:-1], m.T, wide[:, ::3]]
# case: variance_reversed(a) for a in [m, m.T[:, 1:], wide]
# case: deviation3(a) for a in [cube[0:1], cube[::2, :, 1:].transpose(2, 0, 1), big[:, ::2]]
# case: sum_of_products(a, b) for a, b in [(m[:, :30], m[:, :30].T), (m[:30, :30].T, m[:30, :30]), (m[:, 1:], m[:, :40])]
# case: sum_with_ones(a) for a in [m.T, m[::2, 1:], m[:, :30].T]
# case: sum_with_row(a, v) for a, v in [(m.T, m[0]), (m[::2, 1:], m[1, 1:]), (m[:, :30].T, m[2, :30]), (m, m[3])]
# case: centered_total(a) for a in [m, m[::2, 1:], wide[:, ::2]]
# case: weighted_total(a) for a in [m, m.T, m[1:, ::3]]
import numpy as np
from numba import njit


@njit
def total(a):
    return np.sum(a)


@njit
def total_rows_reversed(a):
    return np.sum(a[::-1])


@njit
def total_columns_reversed(a):
    return np.sum(a[:, ::-1])


@njit
def total_reversed_stepped(a):
    return a[::-1, ::-2].sum()


@njit
def total3(a):
    return a.sum()


@njit
def total3_reversed(a):
    return np.sum(a[:, ::-1]) + 1000.0 * np.sum(a[::-1, :, ::2])


@njit
def int_mean(a):
    return np.mean(a)


@njit
def int_mean_reversed(a):
    return np.mean(a[::-1, ::-1].T[1:])


@njit
def variance(a):
    return np.var(a)


@njit
def variance_reversed(a):
    return np.var(a[::-1, ::2])


@njit
def deviation3(a):
    return np.std(a[:, ::-1])


@njit
def sum_of_products(a, b):
    return np.sum(a * b)


@njit
def sum_with_ones(a):
    return np.sum(a + np.ones(a.shape))


@njit
def sum_with_row(a, v):
    return np.sum(a + v)


@njit
def centered_total(a):
    return np.sum(a - a.mean(axis=0))


@njit
def weighted_total(a):
    return np.sum(a * np.arange(a.shape[1]))
