from numba import njit


@njit
def f(a):
    for i in range(len(a)):
        pass
    return i
