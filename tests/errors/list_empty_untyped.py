from numba import njit


@njit("int64(int64)")
def f(n):
    l = []
    return len(l) + n
