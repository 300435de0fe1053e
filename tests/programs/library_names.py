# sig: sin (float64,)
# sig: fmod (float64, float64)
# sig: free (int64,)
# sig: blackbird_entry (int64,)
# case: sin(x) for x in [0.0, 0.5, -2.0]
# case: fmod(x, y) for x, y in [(7.5, 2.0), (-7.5, 2.0)]
# case: free(n) for n in [0, 3, 100]
# case: malloc(n) for n in [1, 4]
# case: blackbird_entry(n) for n in [2, 5]
# Functions named like the C library functions compiled code calls (`sin`, `fmod`, `free`,
# `malloc`) or like a runtime symbol: each is its own function, the library's stays the library's.
import math
import numpy as np
from numba import njit


@njit
def sin(x):
    return math.sin(x) + 1.0


@njit
def fmod(x, y):
    return math.fmod(x, y) * 2.0


@njit
def free(n):
    a = np.ones(n)
    b = a * 2.0
    return b.sum()


@njit
def malloc(n):
    return free(n) + np.zeros((n, n)).sum()


@njit
def blackbird_entry(n):
    return malloc(n) + sin(0.0)
