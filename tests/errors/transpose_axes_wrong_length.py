# sig: f float64[:, :](float64[:, :, :])
import numpy as np
from numba import njit


@njit
def f(x):
    return np.transpose(x, (1, 0))
