# sig: slices (float64[::1], int64)
from numba import njit


@njit
def slices(A, i):
    head = A[:i]
    tail = A[i:]
    evens = A[::2]
    rev = A[::-1]
    middle = A[1:-1:3]
    return head.sum() + tail.sum() + evens.sum() + rev[0] + middle.size
