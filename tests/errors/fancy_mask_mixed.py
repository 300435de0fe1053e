# sig: pick float64[:](float64[:, :], boolean[:])
from numba import njit


@njit
def pick(A, m):
    return A[m, 0]
