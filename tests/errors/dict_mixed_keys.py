from numba import njit


@njit("int64(int64)")
def f(n):
    d = {1: 2.0, (1, 2): 3.0}
    return len(d)
