# sig: running (float64[:],)
from numba import njit, prange


@njit(parallel=True)
def running(x):
    s = 0.0
    for i in prange(len(x)):
        s += x[i]
        x[i] = s
    return s
