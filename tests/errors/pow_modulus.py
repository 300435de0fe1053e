from numba import njit


@njit
def f(a, b):
    return pow(a, b, 7)
