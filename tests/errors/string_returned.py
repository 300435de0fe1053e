# sig: f (int64,)
from numba import njit


# A string cannot be returned to the caller: it exists only while compiling.
@njit
def f(x):
    return x, "done"
