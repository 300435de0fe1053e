# sig: f (float64[:],)
import numpy as np
from numba import njit


# NumPy's ValueError for an unknown option string, at compile time.
@njit
def f(a):
    return np.sort(a, kind="bubble")
