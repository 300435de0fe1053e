from numba import njit


@njit
def f(x):
    if x < 0:
        raise ValueError("negative: " + str(x))
    return x
