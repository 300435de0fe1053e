# case rel=1e-6: hypot(a, b) for a, b in [(3, 4), (1000, 2001)]
import math
from numba import njit, float32, int32


@njit(float32(int32, int32))
def hypot(a, b):
    return math.sqrt(a * a + b * b)
