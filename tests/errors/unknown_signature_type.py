from numba import njit


@njit("float128(float64)")
def f(x):
    return x
