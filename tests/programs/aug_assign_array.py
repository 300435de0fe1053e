# sig: scale_rows (float64[:, :], float64[:])
# case rel=1e-12: scale_rows(np.arange(12.0).reshape(3, 4), np.array([2.0, -1.0, 0.5]))
from numba import njit


@njit
def scale_rows(A, s):
    for i in range(A.shape[0]):
        A[i, :] *= s[i]
    A += 1.0
    return A
