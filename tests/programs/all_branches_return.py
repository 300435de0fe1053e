# sig: relu (float32,)
from numba import njit


@njit
def relu(x):
    if x > 0.0:
        return x
    else:
        return 0.0
