# sig: total (float64[:],)
import numpy as np
from numba import njit


@njit
def total(a):
    # NumPy would accumulate in float32; refused rather than silently ignored.
    return np.sum(a, dtype=np.float32)
