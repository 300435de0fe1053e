from numba import njit


@njit
def f(x):
    return x + 123456789012345678901234567890
