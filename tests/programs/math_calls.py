# sig: polar (float64, float64)
import math
from numba import njit


@njit(fastmath=True)
def polar(x, y):
    r = math.sqrt(x * x + y * y)
    theta = math.atan2(y, x)
    return r * math.cos(theta) + math.exp(-r) + math.log10(1.0 + r) + math.pi
