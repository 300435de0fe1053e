import math
from numba import vectorize


@vectorize(['float64(float64, float64)'])
def rel_diff(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


@vectorize
def clipped_sqrt(x):
    if x < 0.0:
        return 0.0
    return math.sqrt(x)


# Ufuncs follow NumPy's error model, as Numba compiles them: a division by zero gives
# inf/NaN for floats and 0 for integers instead of raising.
@vectorize(['float64(float64, float64)'])
def ratio(a, b):
    return a / b


@vectorize(['int64(int64, int64)'])
def int_quotient(a, b):
    return a // b + a % b
