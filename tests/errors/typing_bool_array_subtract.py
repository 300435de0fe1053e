# sig: f (float64[:], float64[:])
import numpy as np
from numba import njit


@njit
def f(x, y):
    return (x > 0) - (y > 0)
