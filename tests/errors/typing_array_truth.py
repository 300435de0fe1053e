# sig: f (float64[:],)
from numba import njit


@njit
def f(a):
    if a > 0:
        return 1
    return 0
