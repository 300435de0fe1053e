from numba import njit


@njit("int64(int64)")
def f(n):
    x = n
    del x
    return n
