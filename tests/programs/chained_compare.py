from numba import njit


@njit
def in_range(x, lo, hi):
    return lo <= x < hi
