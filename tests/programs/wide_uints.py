# sig: ops (uint64[:], uint64[:])
# sig: mixed (uint64[:], int64[:])
# sig: reductions (uint32[:],)
# sig: scalars (uint64[:], int64)
# sig: extremes (uint16[:, :],)
# sig: scale_in_place (uint16[:], int64)
# Values above the signed range of each width.
# let: A = [18_000_000_000_000_000_000, 3, 1 << 63, 7, 0, 2**64 - 1, 129]
# let: B = [10, 12_000_000_000_000_000_000, 3, 7, 1, 2, 2**64 - 1]
# let: wide = lambda v, bits: np.array([x % 2**bits for x in v], dtype=f"uint{bits}")
# case: ops(wide(A, bits), wide(B, bits)) for bits in [16, 32, 64]
# Division by a zero element: NumPy's 0, no exception.
# case: ops(wide(B, bits), wide(A, bits)) for bits in [16, 32, 64]
# case: reductions(wide(A, bits)) for bits in [16, 32, 64]
# (A zero scalar divisor raises ZeroDivisionError, as in Numba.)
# case: scalars(wide(A, bits), i) for bits in [16, 32, 64] for i in range(6) if A[i + 1] % 2**bits
# case: mixed(wide(A, 64), np.array([-1, 2, -3, 4, 5, -6, 7]))
# case: extremes(np.array([[65_000, 3, 7], [40_000, 9, 1]], dtype=np.uint16))
# case: scale_in_place(np.array([65_000, 3, 40_000, 7], dtype=np.uint16), 3)
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
