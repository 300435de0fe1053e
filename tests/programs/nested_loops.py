# sig: matvec void(float64[:, ::1], float64[::1], float64[::1])
# case rel=1e-12: matvec((np.arange(12) - 4.5).reshape(3, 4), np.array([1.0, -2.0, 0.5, 3.0]),
#     np.zeros(3))
# A non-contiguous 2-D view: every other row and column.
# case rel=1e-12: matvec((np.arange(30) * 7 % 11.0).reshape(5, 6)[::2, ::2],
#     np.array([1.0, 2.0, 3.0]), np.zeros(3))
from numba import njit


@njit
def matvec(A, x, y):
    n, m = A.shape
    for i in range(n):
        acc = 0.0
        for j in range(m):
            acc += A[i, j] * x[j]
        y[i] = acc
