# sig: divmods (int64, int64)
# sig: fdivmods (float64, float64)
from numba import njit


@njit
def divmods(a, b):
    return a // b, a % b


@njit
def fdivmods(a, b):
    return a // b, a % b, a / b
