# fuzz: seed 2170 (hand-minimized): np.minimum of bool arrays gives [True, False, True] (NumPy [False, False, True]); likely the known bool min/max bug (True compared as -1)
# rel: 0
# features: bool_reduce
# inputs: [{"array":{"data":[true,false,true],"dtype":"bool","shape":[3]},"view":"none"},{"array":{"data":[false,false,true],"dtype":"bool","shape":[3]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(a, b):
    return np.minimum(a, b)
