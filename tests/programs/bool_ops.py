# sig: both_or_neither (int64, float64)
from numba import njit


@njit
def both_or_neither(a, b):
    return (a > 0 and b > 0) or (not a > 0 and not b > 0)
