# sig: normalize_all (float64[:],)
import numpy as np
from numba import njit


def clamp(x, lo=0.0, hi=1.0):
    return min(max(x, lo), hi)


@njit
def normalize_all(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = clamp(a[i], hi=2.0)
    return out
