# sig: outer_add (float64[:], float32[:])
# sig: trace (float64[:, :],)
# let: v, w = np.arange(6) - 2.0, np.arange(4) * 0.5
# case rel=1e-12: outer_add(v, w)
# case rel=1e-12: outer_add(v[::2], w[::3])
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
