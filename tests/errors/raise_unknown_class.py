from numba import njit


@njit
def f(x):
    if x < 0:
        raise MyError("negative")
    return x
