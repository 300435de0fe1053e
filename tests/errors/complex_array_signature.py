# Complex arrays are refused where the signature names them (complex scalars work).
from numba import njit


@njit("complex128(complex128[:])")
def first(a):
    return a[0]
