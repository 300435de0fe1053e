# sig: index_of (float32[:], float64)
from numba import njit


@njit
def index_of(a, x):
    for i in range(a.shape[0]):
        if a[i] == x:
            return i
    return -1
