# sig: describe (float64[:, ::1],)
from numba import njit


@njit
def describe(A):
    return A.ndim + A.size + A.shape[0] + A.T.shape[0]
