# sig: get_stdev float64(float64[:])
# sig: get_variance float64(int64[::1])
# case rel=1e-12: get_variance((np.arange(11) * 0.75 - 3.0)[::step]) for step in [1, 2, 3]
import numpy as np
from numba import njit


@njit
def get_variance(values):
    n = len(values)
    mean = 0.0
    for v in values:
        mean += v
    mean /= n
    total = 0.0
    for v in values:
        total += (v - mean) ** 2
    return total / n


@njit
def get_stdev(values):
    return np.sqrt(get_variance(values))
