import math
from numba import njit, float32, int32


@njit(float32(int32, int32))
def hypot(a, b):
    return math.sqrt(a * a + b * b)
