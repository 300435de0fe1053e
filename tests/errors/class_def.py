from numba import njit


class Point:
    pass


@njit
def f(x):
    return x
