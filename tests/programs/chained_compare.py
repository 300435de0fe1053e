# sig: in_range (int64, int64, float64)
from numba import njit


@njit
def in_range(x, lo, hi):
    return lo <= x < hi
