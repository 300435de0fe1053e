# sig: first_index (float64[:], float64)
# sig: classify (int64[:], int64)
from numba import njit


@njit
def first_index(a, x):
    for i in range(a.shape[0]):
        if a[i] == x:
            return i
    return -1


@njit
def classify(a, limit):
    total = 0
    for v in a:
        if v < 0:
            return -100 - total
        if v > limit:
            break
        total += v
    if total > 10:
        return total * 2
    return total
