from numba import njit


@njit
def f(x):
    print(f"x = {x}")
    return x
