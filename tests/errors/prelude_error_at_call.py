# sig: f (float64[:],)
import numpy as np
from numba import njit


# An error inside a NumPy function of the prelude is reported at the user's call.
@njit
def f(a):
    return np.add(a, (1.0, 2.0))
