# sig: per_axis (float64[:, :],)
# sig: int_columns (int64[:, :],)
import numpy as np
from numba import njit


@njit
def per_axis(A):
    return np.sum(A, axis=0) + A.mean(axis=0) - np.max(A, axis=0) + np.min(A, 0) + A.sum(axis=-2)


@njit
def int_columns(A):
    return A.sum(axis=1) * 2 + np.prod(A, axis=1)
