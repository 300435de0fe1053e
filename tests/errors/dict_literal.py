from numba import njit


@njit
def f(x):
    d = {"a": x}
    return x
