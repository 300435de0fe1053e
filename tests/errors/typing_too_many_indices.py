# sig: f (float64[:, :],)
from numba import njit


@njit
def f(A):
    return A[0, 1, 2]
