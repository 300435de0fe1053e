from numba import njit


@njit
def f(x):
    try:
        return 1 / x
    except OSError:
        return 0.0
