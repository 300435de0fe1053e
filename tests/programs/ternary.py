# sig: absdiff (int64, float64)
# case: absdiff(a, b) for a, b in [(1, 2.0), (1, -2.0), (-1, -2.0), (0, 0.0), (True, 2.5)]
from numba import njit


@njit
def absdiff(a, b):
    return a - b if a > b else b - a
