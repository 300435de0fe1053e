from numba import njit


def apply(f, x):
    return f(x)


@njit
def g(x):
    return apply(2.0, x)
