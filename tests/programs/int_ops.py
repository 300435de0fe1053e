# sig: int_ops (int64, int64)
from numba import njit


@njit
def int_ops(a, b):
    return (a // b) + (a % b) + (a ** 2) + (a << 1) + (a >> 1) + (a & b) + (a | b) + (a ^ b) + ~a + -a
