from numba import njit


@njit
def f(x):
    y = 0.0
    try:
        y = 1 / x
        if y > 1.0:
            break
    except ZeroDivisionError:
        y = 0.0
    return y
