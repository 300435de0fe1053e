from numba import njit, void, float64


@njit(void(float64[::1, :]))
def zero_fortran(A):
    for j in range(A.shape[1]):
        for i in range(A.shape[0]):
            A[i, j] = 0.0
