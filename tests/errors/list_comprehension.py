from numba import njit


@njit
def f(n):
    return [i * i for i in range(n)]
