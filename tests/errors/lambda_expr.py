from numba import njit


@njit
def f(x):
    g = lambda y: y + 1
    return x
