from numba import njit


@njit("int64(int64)")
def f(n):
    s = set()
    return len(s)
