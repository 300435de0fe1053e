# sig: f (float64[:],)
from numba import njit


@njit
def f(a):
    return a + (1, 2)
