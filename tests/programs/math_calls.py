# sig: polar (float64, float64)
# case rel=1e-12: polar(x, y) for x, y in [(3.0, -4.0), (0.0, 0.0)]
import math
from numba import njit


@njit(fastmath=True)
def polar(x, y):
    r = math.sqrt(x * x + y * y)
    theta = math.atan2(y, x)
    return r * math.cos(theta) + math.exp(-r) + math.log10(1.0 + r) + math.pi
