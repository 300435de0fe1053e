# sig: index_of (float32[:], float64)
# case: index_of(np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0]), 4.0)
from numba import njit


@njit
def index_of(a, x):
    for i in range(a.shape[0]):
        if a[i] == x:
            return i
    return -1
