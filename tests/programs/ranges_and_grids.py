# sig: int_ranges (int64, int64, int64)
# sig: float_ranges (float64, float64, float64)
# sig: typed_ranges (int64,)
# sig: spaced (float64, float64, int64)
# sig: identities (int64, int64, int64)
# sig: copies (float64[:],)
# sig: broadcast_iota (float64[:, :],)
# Creation functions built from `tensor.iota` at the edges NumPy defines: negative and
# fractional steps, empty results, zero steps (ZeroDivisionError), lengths that cannot be
# computed, non-square and offset identities, negative sizes.
# case: arange3(a, b, c) for a, b, c in [(0, 10, 3), (10, 0, -3), (5, 5, 1), (0, 7, -1), (-4, 4, 0)]
# case: arange3(a, b, c) for a, b, c in [(0.1, 1.0, 0.1), (5.0, 0.0, -1.5), (1.0, 2.5, 0.5),
#     (0.0, 1.0, 0.0), (0.0, 1.0, -0.1), (0.0, inf, 1.0), (0.0, nan, 1.0)]
# case: eye3(n, m, k) for n, m, k in [(3, 4, 1), (4, 3, -2), (2, 2, 5), (0, 3, 0), (3, -1, 0)]
# case: linspace3(-1.0, 2.0, n) for n in [0, 1, 2, 7, -1]
# case: filled(n) for n in [0, 1, 2, 7, -1]
import numpy as np
from numba import njit


@njit
def int_ranges(start, stop, step):
    # arange as one fused loop: no buffer for the range itself.
    return np.arange(start, stop + 10, step + 1) * 3 - np.arange(stop)[-1]


@njit
def float_ranges(start, stop, step):
    return np.arange(start, stop + 10.0, abs(step) + 0.5) + np.arange(abs(stop) * 2.0 + 1.0)[-1]


@njit
def typed_ranges(n):
    return np.arange(n + 3, dtype=np.float32) / 2 + np.linspace(0, n, n + 3, dtype=np.int64)


@njit
def spaced(a, b, n):
    return np.linspace(a, b, n + 2) + np.linspace(b, a, n + 2, dtype=np.int64)


@njit
def identities(n, m, k):
    ones = np.eye(n + 1, m + 2, k - 2) + np.eye(n + 1, m + 2, k=1 - k)
    return ones * 2 + np.eye(n + 1, M=m + 2, dtype=np.int64) + np.eye(n + 1).sum()


@njit
def copies(a):
    b = np.copy(a)
    b[0] = -1.0
    c = a.copy() * 2.0 + b
    a[1] = 100.0
    return c + np.asarray(a)


@njit
def broadcast_iota(A):
    # arange(1) broadcast against a matrix; arange(n) along its rows.
    return A + np.arange(1) + np.arange(A.shape[1]) * 10


@njit
def arange3(start, stop, step):
    return np.arange(start, stop, step)


@njit
def eye3(n, m, k):
    return np.eye(n, m, k)


@njit
def linspace3(a, b, n):
    return np.linspace(a, b, n)


@njit
def filled(n):
    return np.full((2, n), 1.5) + np.zeros(n)
