# sig: fused (float64[:], float64[:], float64[:], float64[:], float64[:])
# sig: norm2d (float64[:, :], float64[:])
# sig: shift_right (int64[:],)
# sig: shift_left (int64[:],)
# sig: reverse_add (float64[:],)
# sig: row_update (float64[:, :], int64, int64)
# sig: squares (float64[:],)
# sig: assign (float64[:], float64[:])
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
