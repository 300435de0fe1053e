# sig: column_sums float64[:](float64[:, :])
import numpy as np
from numba import njit


@njit
def column_sums(A):
    return np.sum(A, axis=2)
