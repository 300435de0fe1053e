# sig: f (float64[:],)
import math
from numba import njit


@njit
def f(a):
    return math.sqrt(a)
