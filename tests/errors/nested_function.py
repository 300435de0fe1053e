from numba import njit


@njit
def f(x):
    def g(y):
        return y + x

    return g
