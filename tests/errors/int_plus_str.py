# sig: f (int64,)
from numba import njit


@njit
def f(x):
    return x + "1"
