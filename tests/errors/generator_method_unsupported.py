# sig: f (int64,)
# A Generator method Blackbird does not have yet: the error names it and lists those it has.
import numpy as np
from numba import njit


@njit
def f(seed):
    rng = np.random.default_rng(seed)
    return rng.vonmises(0.0, 1.0)
