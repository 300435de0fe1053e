from numba import njit


@njit
def f(x):
    return lambda y: y + x
