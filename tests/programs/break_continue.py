# sig: first_negative (float64[:],)
from numba import njit


@njit
def first_negative(a):
    found = -1
    for i in range(len(a)):
        if a[i] >= 0:
            continue
        found = i
        break
    return found
