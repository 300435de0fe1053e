# sig: absdiff (int64, float64)
from numba import njit


@njit
def absdiff(a, b):
    return a - b if a > b else b - a
