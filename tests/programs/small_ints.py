# snapshot-sig: ops (uint8[:], uint8[:])
# snapshot-sig: scalars (uint8[:], int64)
import numpy as np
from numba import njit


@njit
def ops(a, b):
    # uint8 arrays: arithmetic wraps as in NumPy; division, remainder, comparisons, maximum
    # and conversions read the bits unsigned.
    return a + b, a - b, a // b, a % b, np.maximum(a, b), a < b, a / b


@njit
def scalars(a, i):
    x = a[i]
    y = a[i + 1]
    return x // y, x % y, x > y, min(x, y), max(x, y), float(x), x >> 1, int(x) - 300


@njit
def index_with(values, idx):
    # A uint8 index above 127 is zero-extended.
    return values[idx[0]]


@njit
def total(a):
    # int(): Python ints do not wrap (`s += a[i]` would stay uint8 in NumPy 2, int64 in Numba).
    s = 0
    for i in range(a.shape[0]):
        s += int(a[i])
    return s, a[0]


@njit
def scale_in_place(a, k):
    for i in range(a.shape[0]):
        a[i] = a[i] * k


@njit
def column_extremes(A):
    # Reductions along an axis start from the unsigned (or signed) limits.
    return A.max(axis=0), A.min(axis=0), A.max(axis=1)
