# sig: smooth void(float64[::1])
import numpy as np
from numba import cuda


@cuda.jit
def smooth(x):
    i = cuda.grid(1)
    window = np.zeros(3)
    window[0] = x[i]
    x[i] = window[0]
