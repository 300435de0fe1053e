# sig: newton_sqrt (float64,)
# case rel=1e-12: newton_sqrt(2.0)
from numba import njit

N_ITER = 10
EPS = 1e-12


@njit
def newton_sqrt(x):
    y = x
    for _ in range(N_ITER):
        y = 0.5 * (y + x / (y + EPS))
    return y
