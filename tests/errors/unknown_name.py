from numba import njit


@njit
def f(a):
    total = 0.0
    for x in a:
        total += x
    return totl
