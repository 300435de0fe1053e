import numpy as np
from numba import njit


@njit
def f(x):
    return isinstance(x, np.ndarray)
