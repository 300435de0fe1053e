# snapshot-sig: scaled (float64, none)
# snapshot-sig: scaled (float64, float64)
# snapshot-sig: first_or_sum (Tuple((int64, none)),)
"""None as an argument (Numba's `none` type): nothing is passed, and `is None` is decided
while compiling, so each of None and a number is its own specialisation."""
from numba import njit


@njit
def scaled(x, factor):
    if factor is None:
        return x * 2.0
    return x * factor


@njit
def first_or_sum(t):
    a, b = t
    return a if b is None else a + b
