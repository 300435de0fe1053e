# sig: outer_add (float64[:], float32[:])
# sig: trace (float64[:, :],)
import numpy as np
from numba import njit


@njit
def outer_add(x, y):
    return x[:, np.newaxis] + y[None, :]


@njit
def trace(A):
    t = 0.0
    for i in range(min(A.shape[0], A.shape[1])):
        t += A[i, i]
    return t
