from numba import njit


@njit
def f(x):
    if x > 0:
        y = 1.0
    return y
