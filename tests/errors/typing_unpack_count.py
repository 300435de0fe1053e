# sig: f (float64[:, :],)
from numba import njit


@njit
def f(A):
    n, m, k = A.shape
    return n
