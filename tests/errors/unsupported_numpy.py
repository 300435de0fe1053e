import numpy as np
from numba import njit


@njit
def f(a):
    return np.fft.fft(a)
