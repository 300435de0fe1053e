# fuzz: seed 1169 (release run, seed 7; hand-minimized): `x0 += y` of a float32 array and a float64 array rounded the float64 operand to float32 first (NumPy adds in float64, then casts the sum to float32 once); `n //= big` of int32 and int64 truncated the divisor
# rel: 0
# features: 
# inputs: [{"array":{"data":["-1.3894907236099243","1.117766261100769","0.0381785035"],"dtype":"float32","shape":[3]},"view":"none"},{"array":{"data":["1.3840210928835228","0.0","-0.4250957844892529"],"dtype":"float64","shape":[3]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(x0, x3):
    x0 += x3
    a = np.ones(3, np.float32) * np.float32(0.1)
    a[:] += x3
    n = np.arange(3).astype(np.int32) * 7 - 9
    d = np.ones(3, np.int64) * 8589934592
    d[1] = 2
    n //= d
    g = np.ones(3, np.float32) * np.float32(0.1)
    g *= 3.0000001
    return a, n, g
