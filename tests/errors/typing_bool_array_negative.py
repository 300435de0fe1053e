# sig: f (float64[:],)
import numpy as np
from numba import njit


@njit
def f(x):
    return -(x > 0)
