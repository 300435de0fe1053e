from numba import njit


def g(a, b):
    return a + b


@njit
def f(x):
    return g(x, 1, 2)
