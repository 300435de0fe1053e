from numba import njit


@njit("float64(float64[:])")
def f(a):
    s = {a}
    return 1.0
