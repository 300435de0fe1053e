# sig: f (float64[:],)
import numpy as np
from numba import njit, prange


@njit(parallel=True)
def f(a):
    total = 0.0
    for i in prange(a.shape[0]):
        if a[i] < 0:
            raise ValueError("negative")
        total += a[i]
    return total
