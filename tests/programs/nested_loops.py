# sig: matvec void(float64[:, ::1], float64[::1], float64[::1])
from numba import njit


@njit
def matvec(A, x, y):
    n, m = A.shape
    for i in range(n):
        acc = 0.0
        for j in range(m):
            acc += A[i, j] * x[j]
        y[i] = acc
