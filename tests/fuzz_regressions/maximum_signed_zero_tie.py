# fuzz: seed 3152486 (hand-minimized): np.maximum(False, -0.0) gave +0.0 (arith.maximumf orders -0.0 below +0.0); NumPy takes the second of two equal values: -0.0 (and np.minimum(-0.0, 0.0) is +0.0), so 1 / the result had the wrong sign
# rel: 0
# features: 
# inputs: [{"array":{"data":["0.0","-0.0"],"dtype":"float32","shape":[2]},"view":"none"},{"array":{"data":["-0.0","0.0"],"dtype":"float32","shape":[2]},"view":"none"}]
import numpy as np
from numba import njit

@njit
def f(x0, x1):
    return (1.0 / np.maximum(np.zeros(2, np.bool_), x1), 1.0 / np.maximum(x0, x1), 1.0 / np.minimum(x0, x1))
