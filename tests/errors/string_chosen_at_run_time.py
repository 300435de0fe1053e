# sig: f (float64[:], float64)
import numpy as np
from numba import njit


# A string must be a compile-time constant: one chosen by a run-time branch is refused.
@njit
def f(a, x):
    side = "left"
    if x > 0.0:
        side = "right"
    return np.searchsorted(a, a, side=side)
