from numba import njit


@njit
def f(x):
    y = 0.0
    try:
        y = 1 / x
    except ZeroDivisionError as e:
        y = 0.0
    return y
