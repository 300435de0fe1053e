import numpy as np
from numba import njit


@njit
def zeros(n):
    # More than isize::MAX bytes: ValueError; more memory than there is: MemoryError.
    return np.zeros(n)


@njit
def zeros_sum(n):
    # Fused into the sum, the zeros are never stored, but NumPy would allocate them first.
    return np.zeros(n).sum()


@njit
def matrix(n, m):
    return np.ones((n, m), dtype=np.bool_)


@njit
def doubled_range(n):
    # A temporary of n elements (np.arange) allocated by the loop nests.
    return np.arange(n) * 2
