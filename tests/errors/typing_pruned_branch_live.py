# sig: f (float64[:],)
import numpy as np
from numba import njit


# `weights is not None` is known false here: the first branch is pruned, and the type error
# of the code that does run is still reported, at its line.
def total(a, weights=None):
    if weights is not None:
        return np.sum(a * weights)
    return np.sum(weights)


@njit
def f(a):
    return total(a)
