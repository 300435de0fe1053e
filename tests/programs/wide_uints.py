# sig: ops (uint64[:], uint64[:])
# sig: mixed (uint64[:], int64[:])
# sig: reductions (uint32[:],)
# sig: scalars (uint64[:], int64)
# sig: extremes (uint16[:, :],)
# sig: scale_in_place (uint16[:], int64)
import numpy as np
from numba import njit

# uint16/uint32/uint64 arrays read their bits unsigned, as NumPy does.


@njit
def ops(a, b):
    # Wrapping arithmetic, unsigned division and remainder, comparisons, maximum.
    return a + b, a - b, a * b, a // b, a % b, np.maximum(a, b), a < b, a == b, a / b


@njit
def mixed(a, c):
    # A uint64 with an int64 promotes to float64 (NumPy's rule); comparisons stay exact.
    return a + c, a * 2, a >> 3, a < c, a >= c


@njit
def reductions(a):
    return a.sum(), a.max(), a.min(), np.argmax(a), a.mean()


@njit
def scalars(a, i):
    x = a[i]
    y = a[i + 1]
    return x // y, x % y, x > y, min(x, y), max(x, y), float(x)


@njit
def extremes(A):
    return A.max(axis=0), A.min(axis=1), A.sum(axis=0)


@njit
def scale_in_place(a, k):
    for i in range(a.shape[0]):
        a[i] = a[i] * k
