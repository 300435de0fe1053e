from numba import njit


@njit("int64(int64)")
def f(n):
    l = [1, 2]
    l.append(n * 0.5)
    return len(l)
