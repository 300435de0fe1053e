from numba import njit


@njit(error_model="fast")
def f(a, b):
    return a / b
