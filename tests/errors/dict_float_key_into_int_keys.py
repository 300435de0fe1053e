from numba import njit


@njit("float64(int64)")
def f(n):
    d = {1: 2.0}
    return d[1.5]
