# sig: sum_loop (float64[:],)
# sig: sum_loop (int32[::1],)
from numba import njit


@njit
def sum_loop(A):
    s = 0.0
    for i in range(A.shape[0]):
        s += A[i]
    return s
