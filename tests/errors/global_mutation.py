from numba import njit

COUNT = 0


@njit
def f(x):
    global COUNT
    COUNT = COUNT + 1
    return x
