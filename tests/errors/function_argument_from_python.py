from numba import njit


@njit
def apply(f, x):
    return f(x)
