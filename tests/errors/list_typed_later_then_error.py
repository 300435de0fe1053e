import numpy as np
from numba import njit


# The list's type is learnt from the append, and the function typed again: the error in
# the return expression is the one reported (not that its return type cannot be inferred).
@njit("float64(int64)")
def f(n):
    l = []
    for i in range(n):
        l.append(i * 0.5)
    return sum(l) + np.diff(n)
