from numba import njit


@njit
def f(x):
    def g(y):
        return y + 1
    return g(x)
