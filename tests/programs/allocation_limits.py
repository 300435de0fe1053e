# Arrays too big for NumPy are refused as NumPy refuses them: ValueError when the byte size
# exceeds isize::MAX (counting all dimensions and the item size), MemoryError when the memory
# cannot be allocated (2**50 float64s exceed any address space), also when fusion never stores
# the array (`np.zeros(n).sum()` raises at once instead of summing).
# let: sizes = [1 << 62, 2305843009213693953, 1 << 50, 10, 0]
# case: zeros(n) for n in sizes
# case: zeros_sum(n) for n in sizes
# case: doubled_range(n) for n in sizes
# case: matrix(n, m) for n, m in [(1 << 31, 1 << 31), (1 << 62, 2), (0, 1 << 62), (1 << 40, 1 << 20),
#     (3, 2)]
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
