from numba import njit


@njit
def f(x):
    s = {x, 1}
    return x
