from numba import njit


def g():
    return 1


@njit
def f(c):
    if c:
        def g():
            return 2

    return g()
