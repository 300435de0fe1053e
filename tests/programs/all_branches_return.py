# sig: relu (float32,)
# case: relu(x) for x in [-2.5, 0.0, 3.0]
from numba import njit


@njit
def relu(x):
    if x > 0.0:
        return x
    else:
        return 0.0
