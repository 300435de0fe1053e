# sig: any_rows (boolean[:, :],)
import numpy as np
from numba import njit, prange


@njit(parallel=True)
def any_rows(M):
    seen = np.zeros(M.shape[1], dtype=np.bool_)
    for i in prange(M.shape[0]):
        seen |= M[i]
    return seen
