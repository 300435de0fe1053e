# sig: f (int64, int64)
from numba import njit


@njit
def f(x, n):
    return round(x, n)
