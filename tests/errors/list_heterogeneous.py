from numba import njit


@njit("int64(int64)")
def f(n):
    l = [1, (2, 3)]
    return len(l)
