from numba import njit


def g(a, b=1):
    return a + b


@njit
def f(x):
    return g(x, c=2)
