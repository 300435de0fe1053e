# sig: f (float64[:],)
import numpy as np
from numba import njit


@njit
def f(a):
    return np.linalg.norm(a, "fro")
