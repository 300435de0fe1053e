# fuzz: seed 9115 (hand-minimized): after `a[::-1] /= x` on a fresh array, `a[0]` reads the old value (1.0; NumPy 0.125); `a[:] /= x` and returning `a` are right
# rel: 0
# features:
# inputs: [{"array":{"data":["2.0","4.0","8.0"],"dtype":"float64","shape":[3]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(x):
    a = np.full(3, 1.0)
    a[::-1] /= x
    return a[0]
