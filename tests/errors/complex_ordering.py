# sig: inside (float64, float64)
from numba import njit


@njit
def inside(x, y):
    z = complex(x, y)
    return z < 1
