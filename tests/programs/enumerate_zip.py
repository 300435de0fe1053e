# sig: weighted (float64[:], float64[:])
from numba import njit


@njit
def weighted(xs, ws):
    total = 0.0
    for i, x in enumerate(xs):
        total += i * x
    for x, w in zip(xs, ws):
        total += x * w
    return total
