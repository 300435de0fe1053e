# sig: sum_loop (float64[:],)
# sig: sum_loop (int32[::1],)
# case rel=1e-12: sum_loop((np.arange(11) * 0.75 - 3.0)[::step]) for step in [1, 2, 3]
from numba import njit


@njit
def sum_loop(A):
    s = 0.0
    for i in range(A.shape[0]):
        s += A[i]
    return s
