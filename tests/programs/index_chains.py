# sig: row_update (float64[:, :], int64, int64)
from numba import njit


@njit
def row_update(A, i, j):
    A[j][i + 1:] = A[j][i + 1:] - A[j][i] * A[i][i + 1:]
    return A[j][i]
