# sig: f (int64,)
# An int where the function indexes an array (as `blackbird run FILE.py 3` passes it).
from numba import njit


@njit
def f(a):
    return a[0]
