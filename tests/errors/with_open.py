from numba import njit


@njit
def f(path):
    with open(path) as fh:
        pass
    return 0
