from numba import njit


@njit
def f(a):
    return sum(x * x for x in a)
