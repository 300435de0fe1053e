from numba import njit


@njit(fastmaths=True)
def f(x):
    return x
