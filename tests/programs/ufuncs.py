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
