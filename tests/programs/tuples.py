# sig: minmax (float64[:],)
# sig: swap (int64, float64)
from numba import njit


@njit
def minmax(a):
    lo, hi = a[0], a[0]
    for x in a:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return lo, hi


@njit
def swap(a, b):
    a, b = b, a
    return a - b
