from numba import njit


@njit("int64(int64)")
def f(n):
    d = {}
    d[[1, n]] = 1.0
    return len(d)
