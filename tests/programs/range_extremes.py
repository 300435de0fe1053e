# sig: range_walk (int64, int64, int64, int64)
# Ranges whose length overflows a naive `(stop - start + step - 1) // step`: counted in unsigned
# arithmetic, at the int64 extremes and with every sign of step.
# let: lo, hi = -2**63, 2**63 - 1
# case: range_walk(start, stop, step, limit) for start, stop, step, limit in [
#     (0, hi, 3_000_000_000_000_000_000, 100), (hi, lo, -3_000_000_000_000_000_000, 100),
#     (lo, hi, 1, 1), (lo, hi, 1, 3), (hi, lo, -1, 3), (lo, hi, hi, 100), (hi, lo, lo, 100),
#     (lo, hi, lo, 100), (lo, hi, -1, 100), (hi - 1, hi, 5, 100), (lo + 2, lo, -1, 100),
#     (0, 10, 3, 100), (10, 0, -3, 100), (5, 5, 1, 100), (0, 7, -1, 100)]
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
