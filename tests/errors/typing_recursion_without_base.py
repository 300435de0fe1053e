# sig: f (int64,)
from numba import njit


@njit
def f(n):
    return f(n - 1) + 1
