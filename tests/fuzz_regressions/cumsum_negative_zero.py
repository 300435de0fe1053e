# fuzz: seed 1000429 (release run, seed 1000000): np.cumsum started its running sum at +0.0, so a first element -0.0 came out +0.0 (NumPy copies the first element: 1/cumsum(-zeros) is -inf)
# rel: 0
# features: rank3
# inputs: [{"array":{"data":["0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0"],"dtype":"float64","shape":[1,4,2]},"view":"none"},{"array":{"data":["1.0"],"dtype":"float64","shape":[1]},"view":"none"}]
import numpy as np
from numba import njit

@njit
def f(x0, x1):
    x1[::-1] /= np.cumsum((-np.zeros((1,), np.float32)))
