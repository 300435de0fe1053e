# sig: f (float64,)
from numba import njit


@njit
def f(x):
    s = 0
    for i in range(x):
        s += i
    return s
