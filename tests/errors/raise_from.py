from numba import njit


@njit
def f(x):
    if x < 0:
        raise ValueError("negative") from None
    return x
