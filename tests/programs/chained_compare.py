# sig: in_range (int64, int64, float64)
# case: in_range(x, lo, hi) for x, lo, hi in [(3, 1, 5.5), (1, 1, 2.0), (7, 1, 5.5)]
from numba import njit


@njit
def in_range(x, lo, hi):
    return lo <= x < hi
