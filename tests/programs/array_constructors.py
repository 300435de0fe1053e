# sig: asarray_aliases (float64[:],)
# sig: asarray_converts (float64[:],)
# sig: array_copies (float64[:, :],)
# sig: array_in_dtype (int64[:],)
# sig: from_lists (float64[:],)
# np.asarray of an array is the array itself (writes through it are writes to the argument, as
# in NumPy); in another dtype, and np.array always, a copy (the argument is left alone).
# let: v = np.arange(10) * 0.5 - 1.0
# case: asarray_aliases(a) for a in [v.copy(), v[::3], v[1::2]]
# case: asarray_converts(a) for a in [v.copy(), v[::3]]
# let: m = np.arange(12) * 0.25
# case: array_copies(a) for a in [m.reshape(3, 4).copy(), m.reshape(4, 3).T, m.reshape(3, 4)[::2, 1:]]
# case: array_in_dtype(a) for a in [np.arange(5), np.arange(9)[1::2]]
# case: from_lists(a) for a in [v.copy(), v[::3]]
import numpy as np
from numba import njit


@njit
def asarray_aliases(a):
    b = np.asarray(a)
    b[0] = 7.0
    b[-1] += a[0]
    return a.sum()


@njit
def asarray_converts(a):
    b = np.asarray(a, dtype=np.float32)
    b[0] = 7.0
    return a[0] + b.sum()


@njit
def array_copies(a):
    b = np.array(a)
    b[0, 0] = 100.0
    return a.sum() + b.sum()


@njit
def array_in_dtype(a):
    b = np.array(a, np.float64) / 2
    a[0] = 3
    return b.sum() + a.sum()


@njit
def from_lists(a):
    # np.array / np.asarray of a list of numbers: a new vector (in `dtype`).
    x = np.array([1.0, a[0], a[1] * 2.0])
    y = np.asarray([1, 2, 3], dtype=np.float32)
    z = np.array([3, 4])
    w = np.asarray([a[2], 0.5])
    x[0] = 7.0
    return x, y, z, w
