# sig: divmods (int64, int64)
# sig: fdivmods (float64, float64)
# sig: fdivmod_table (float64[:], float64[:])
# sig: adivmods (float64[:], float64[:])
import numpy as np
from numba import njit


@njit
def divmods(a, b):
    return a // b, a % b


@njit
def fdivmods(a, b):
    return a // b, a % b, a / b


@njit
def fdivmod_table(a, b):
    # Python's float // and % of every pair (a zero divisor left out: it raises), and the
    # reciprocals, whose infinities show the signs of zeros.
    q = np.zeros((a.shape[0], b.shape[0]))
    r = np.zeros((a.shape[0], b.shape[0]))
    for i in range(a.shape[0]):
        for j in range(b.shape[0]):
            x = float(a[i])
            y = float(b[j])
            if y != 0.0:
                q[i, j] = x // y
                r[i, j] = x % y
    return q, r, 1.0 / q, 1.0 / r


@njit
def adivmods(a, b):
    # NumPy's floor_divide and remainder, element by element (a zero divisor gives inf or nan).
    q = a // b
    r = a % b
    return q, r, 1.0 / q, 1.0 / r
