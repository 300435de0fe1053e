# sig: f float64[:, :, :](float64[:, :, :])
import numpy as np
from numba import njit


@njit
def f(x):
    return x.transpose(1, 1, 0)
