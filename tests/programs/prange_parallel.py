# sig: row_sums (float64[:, :],)
import numpy as np
from numba import njit, prange


@njit(parallel=True)
def row_sums(A):
    out = np.empty(A.shape[0])
    for i in prange(A.shape[0]):
        out[i] = A[i, :].sum()
    return out
