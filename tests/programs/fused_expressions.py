# sig: fused (float64[:], float64[:], float64[:], float64[:], float64[:])
# sig: norm2d (float64[:, :], float64[:])
# sig: shift_right (int64[:],)
# sig: shift_left (int64[:],)
# sig: reverse_add (float64[:],)
# sig: row_update (float64[:, :], int64, int64)
# sig: squares (float64[:],)
# sig: assign (float64[:], float64[:])
# (Also run unfused: tests/differential/threads.rs.)
# let: v = np.arange(13) * 0.5 - 2.0
# case rel=1e-12: fused(v[::s], v[::s], v, v[::s], v[::s]) for s in [1, 2, 3]
# Sources overlapping the destination (views of one array) read the old values.
# case: reverse_add(v[::s]) for s in [1, 2, 3]
# case: squares(v[::s]) for s in [1, 2, 3]
# case: shift_right(np.arange(n) * 3 - 7) for n in [0, 1, 2, 9]
# case: shift_left(np.arange(n) * 3 - 7) for n in [0, 1, 2, 9]
# Broadcasting a row over a matrix, and a shape mismatch (ValueError).
# case rel=1e-12: norm2d(v[:12].copy().reshape(3, 4), v[:n].copy()) for n in [4, 3]
# The LU update in place, for rows before, after and equal to the pivot row.
# case: row_update((np.arange(16) * 7 % 11 - 4.5).reshape(4, 4), i, j) for i, j in [(0, 1), (1, 3),
#     (2, 0), (1, 1)]
import numpy as np
from numba import njit


@njit
def fused(a, b, c, d, e):
    # One loop nest: no temporaries for a*b, c*d or exp(e).
    return a * b + c * d - np.exp(e)


@njit
def norm2d(x, y):
    # y broadcasts over the rows of x.
    return np.sqrt(x ** 2 + y ** 2)


@njit
def shift_right(a):
    # The sources overlap the destination: NumPy computes the value first.
    a[1:] = a[:-1] + 1
    return a


@njit
def shift_left(a):
    a[:-1] = a[1:] * 2
    return a


@njit
def reverse_add(a):
    a += a[::-1]
    return a


@njit
def row_update(A, i, j):
    # The founding LU's update: written straight into row j.
    A[j][i + 1:] = A[j][i + 1:] - A[j][i] * A[i][i + 1:]
    return A


@njit
def squares(x):
    t = x + 1.0
    return t * t


@njit
def assign(a, b):
    a[:] = b
