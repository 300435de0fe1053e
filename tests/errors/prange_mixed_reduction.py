# sig: mixed (float64[:],)
from numba import njit, prange


@njit(parallel=True)
def mixed(x):
    s = 1.0
    for i in prange(len(x)):
        s = s * 2.0 + x[i]
    return s
