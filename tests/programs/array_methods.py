# sig: normalized (float32[:],)
import numpy as np
from numba import njit


@njit
def normalized(a):
    b = a.copy()
    b -= b.mean()
    return b / b.std()
