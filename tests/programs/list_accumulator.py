# sig: running_product (float64[:],)
from numba import njit


@njit
def running_product(a):
    y = [1.0]
    for x in a:
        y[0] = y[0] * x
    return y[0]
