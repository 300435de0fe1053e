# sig: both_or_neither (int64, float64)
# sig: bool_extremes (int64, float64)
# Booleans are numbers in arithmetic, as in Python.
# case: both_or_neither(a, b) for a, b in [(1, 2.0), (1, -2.0), (-1, -2.0), (0, 0.0), (False, -1.0)]
from numba import njit


@njit
def both_or_neither(a, b):
    return (a > 0 and b > 0) or (not a > 0 and not b > 0)


@njit
def bool_extremes(a, b):
    # min/max of bools are bools (Python returns one of them); mixed with ints, ints.
    p, q = a > 0, b > 0
    return min(p, q), max(p, q), max(p, q, a > 5), max(p, 3), abs(p)
