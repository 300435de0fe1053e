# sig: f (float64[:],)
from numba import njit


@njit
def f(a):
    x = 0
    for i in range(3):
        x = a
    return x
