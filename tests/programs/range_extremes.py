# sig: range_walk (int64, int64, int64, int64)
from numba import njit


@njit
def range_walk(start, stop, step, limit):
    # The first `limit` items of a range: how many, the first and the last.
    n = 0
    first = 0
    last = 0
    for i in range(start, stop, step):
        if n == 0:
            first = i
        last = i
        n += 1
        if n == limit:
            break
    return n, first, last
