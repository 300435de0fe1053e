# sig: first_negative (float64[:],)
from numba import njit, prange


@njit(parallel=True)
def first_negative(x):
    k = -1
    for i in prange(len(x)):
        if x[i] < 0:
            k = i
            break
    return k
