# sig: safe_ratio (float64[:], float64[:])
import numpy as np
from numba import njit


@njit
def safe_ratio(a, b):
    with np.errstate(invalid='ignore', divide='ignore'):
        r = a / b
    return r
