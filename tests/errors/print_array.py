# sig: show float64(float64[:])
from numba import njit


@njit
def show(a):
    print("a =", a)
    return a.sum()
