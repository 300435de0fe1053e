# sig: row_sums (float64[:, :],)
# case threads=1,2,3,4: row_sums((np.arange(12000) * 31 % 97 - 40.0).reshape(300, 40) / 8)
import numpy as np
from numba import njit, prange


@njit(parallel=True)
def row_sums(A):
    out = np.empty(A.shape[0])
    for i in prange(A.shape[0]):
        out[i] = A[i, :].sum()
    return out
