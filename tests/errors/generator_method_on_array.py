# sig: f (int64,)
# A Generator method called on something else: refused at the call, naming the method.
import numpy as np
from numba import njit


@njit
def f(n):
    a = np.arange(n)
    a.shuffle(np.arange(n))
    return a
