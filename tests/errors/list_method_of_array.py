import numpy as np
from numba import njit


@njit("int64(int64)")
def f(n):
    a = np.zeros(n)
    a.append(1.0)
    return len(a)
