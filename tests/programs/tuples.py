# sig: minmax (float64[:],)
# sig: swap (int64, float64)
# case: swap(3, 1.5)
# case: minmax((np.arange(11) * 0.75 - 3.0)[::step]) for step in [1, 2, 3]
# case: minmax(np.array([5, -3, 8, 0, -7]))
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
