# snapshot-sig: ops (uint8[:], uint8[:])
# snapshot-sig: scalars (uint8[:], int64)
# let: a = np.array([250, 3, 128, 7, 0, 255, 129], dtype=np.uint8)
# let: b = np.array([10, 200, 3, 7, 1, 2, 255], dtype=np.uint8)
# case: ops(a, b)
# Division by a zero element: NumPy's 0 (with a warning), no exception.
# case: ops(b, a)
# case: scalars(b, i) for i in range(6)
# case: scalars(a, 0)
# case: index_with(np.arange(256) * 0.5, np.array([i], dtype=np.uint8)) for i in [0, 127, 128,
#     200, 255]
# case: column_extremes(np.array([[250, 3, 128], [7, 0, 255], [129, 1, 200]], dtype=np.uint8))
# case: column_extremes(np.array([[-6, 3, -128], [7, 0, -1], [127, 1, -56]], dtype=np.int8))
# let: signed = np.array([-5, 127, -128, 3, -1], dtype=np.int8)
# case: total(x) for x in [a, signed]
# case: scale_in_place(x, 3) for x in [a, signed]
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
