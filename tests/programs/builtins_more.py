# sig: int_divmod (int64, int64)
# sig: float_divmod (float64, float64)
# sig: powers (int64, float64)
# sig: kind_of (int64,)
# snapshot-sig: kind_of (float64,)
# sig: scaled_if_int (float64[:], int64)
# sig: tuple_extremes (float64, int64)
# sig: round_digits (float64, int64)
# case: int_divmod(a, b) for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (5, 0)]
# case: float_divmod(a, b) for a, b in [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (1.0, 0.1), (3.0, 0.0)]
# case: powers(n, x) for n, x in [(2, 0.5), (3, -1.5), (0, 2.0)]
# case: kind_of(x) for x in [3, 2.5, True, False]
# case: scaled_if_int(np.array([1.0, 2.0]), k) for k in [2, 3]
# case: round_digits(x, n) for x, n in [(0.125, 2), (0.375, 2), (1234.5678, -2), (-1250.0, -2),
#     (2.5, 0), (-3.5, 0), (123.456, 1), (1e300, 30), (123.456, 25), (inf, 2), (nan, 1), (-0.0, 3)]
# case: tuple_extremes(x, n) for x, n in [(1.5, 2), (-4.0, 7), (2.0, 2)]
import numpy as np
from numba import njit


@njit
def int_divmod(a, b):
    q, r = divmod(a, b)
    return q, r


@njit
def float_divmod(a, b):
    return divmod(a, b)


@njit
def powers(n, x):
    return pow(n, 3) + pow(x, 2) + pow(2.0, n)


@njit
def kind_of(x):
    if isinstance(x, bool):
        return 0
    if isinstance(x, int):
        return 1
    if isinstance(x, (float, complex)):
        return 2
    return 3


@njit
def scaled_if_int(a, k):
    if isinstance(k, int) and not isinstance(a, float):
        return a * k
    return a


@njit
def tuple_extremes(x, n):
    t = (x, n * 0.5, 1.25)
    return max(t), min(t), max((n, 3)), min((x,))


@njit
def round_digits(x, n):
    # Numba's algorithm (x * 10**n rounded half to even, scaled back); CPython rounds the
    # decimal value of x, which differs when x * 10**n rounds to a half (round(2.675, 2)).
    return round(x, n)
