# sig: count_positive (float64[:],)
# case: count_positive(np.arange(11) * 0.75 - 3.0)
from numba import njit


@njit
def count_positive(a):
    n = 0
    for x in a:
        if x <= 0.0:
            continue
        n += 1
    return n
