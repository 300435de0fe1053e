# sig: int_ops (int64, int64)
# case: int_ops(a, b) for a, b in [(7, 2), (7, -3), (-7, 3), (-7, -3), (0, 5), (-9, 1), (5, -1),
#     (7, 0)]
from numba import njit


@njit
def int_ops(a, b):
    return (a // b) + (a % b) + (a ** 2) + (a << 1) + (a >> 1) + (a & b) + (a | b) + (a ^ b) + ~a + -a
