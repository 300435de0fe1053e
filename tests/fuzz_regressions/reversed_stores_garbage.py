# fuzz: seed 20176 (hand-minimized): x0 gets garbage, e.g. [2.0, 7.7e18, 0.0, 9.5e13] (NumPy [2, 1, 0, -1]): a read of freed or unwritten memory
# rel: 0
# features:
# inputs: [{"array":{"data":["0.0","0.0","0.0","0.0"],"dtype":"float32","shape":[4]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(x0):
    a5 = np.arange(4)
    a5[3::-1] -= 1
    x0[:] = a5[::-1]
    a5[3::-1] = -a5
