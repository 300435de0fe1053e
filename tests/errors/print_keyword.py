from numba import njit


@njit
def show(x):
    print("x =", x, flush=True)
    return x
