from numba import njit


@njit
def f(x):
    y = 0.0
    try:
        return 1 / x
    finally:
        y = 1.0
