import numpy as np
from numba import njit


# A run-time string argument (Numba's unicode_type) is not supported.
@njit("intp[:](float64[:], unicode_type)")
def f(a, side):
    return np.searchsorted(a, a, side=side)
