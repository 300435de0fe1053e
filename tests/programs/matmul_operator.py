from numba import njit


@njit("float64[:, :](float64[:, :], float64[:, ::1])")
def chain(A, B):
    return (A @ B) @ B.T
