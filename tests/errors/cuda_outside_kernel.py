# sig: fill void(float64[::1])
from numba import cuda, njit


@njit
def fill(x):
    i = cuda.grid(1)
    x[i] = 1.0
