# sig: f (float64[:],)
import numpy as np
from numba import njit


# A valid NumPy option that Blackbird does not compile yet is refused when compiling.
@njit
def f(a):
    return np.pad(a, 2, mode="linear_ramp")
