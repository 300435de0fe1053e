# sig: sign (float64,)
# case: sign(x) for x in [-2.5, 0.0, 3.0]
from numba import njit


@njit
def sign(x):
    if x > 0:
        s = 1
    elif x < 0:
        s = -1
    else:
        s = 0
    return s
