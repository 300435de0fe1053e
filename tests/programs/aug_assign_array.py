# sig: scale_rows (float64[:, :], float64[:])
from numba import njit


@njit
def scale_rows(A, s):
    for i in range(A.shape[0]):
        A[i, :] *= s[i]
    A += 1.0
    return A
