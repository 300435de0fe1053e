# sig: first_above (float64[:], float64)
# sig: find_pair (int64[:], int64)
from numba import njit


@njit
def first_above(a, t):
    k = -1
    steps = 0
    for i in range(a.shape[0]):
        steps += 1
        if a[i] > t:
            k = i
            break
    return k, steps


@njit
def find_pair(a, target):
    hits = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            if a[i] + a[j] == target:
                hits += 1
                break
            if a[j] < 0:
                continue
    return hits
