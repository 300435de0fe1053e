# sig: first_negative (float64[:],)
# case: first_negative(np.array(a)) for a in [[1.0, 2.0], [-1.0, 2.0]]
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
