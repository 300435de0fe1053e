from numba import njit


@njit("int64(int64)")
def f(n):
    d = {1: 2.0}
    d[2] = (1.0, 2.0)
    return len(d)
