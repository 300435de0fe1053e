# sig: weighted (float64[:], float64[:])
# let: v = np.arange(11) * 0.75 - 3.0
# case rel=1e-12: weighted(v[::step], v[::step]) for step in [1, 2, 3]
from numba import njit


@njit
def weighted(xs, ws):
    total = 0.0
    for i, x in enumerate(xs):
        total += i * x
    for x, w in zip(xs, ws):
        total += x * w
    return total
