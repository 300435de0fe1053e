# sig: f (int64[:],)
import numpy as np
from numba import njit


@njit
def f(a):
    # NumPy refuses to write float64 results into an int64 array (a[:] = floats would truncate).
    a += 1.5
    return a
