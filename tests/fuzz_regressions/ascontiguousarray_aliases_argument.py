# fuzz: seed 6000082 (release run at 9de1f7f): `x0 = np.ascontiguousarray(x0)` of a C-contiguous argument copied it; NumPy returns the array itself, so the writes after it reach the argument
# why: argument 0 after the call: element 1 (flat): 1.0 vs -1.0
# expected: {"arrays":[{"array":{"data":[0,1,0],"dtype":"int64","shape":[3]}}],"result":{"none":true}}
# got: {"arrays":[{"array":{"data":[0,-1,2],"dtype":"int64","shape":[3]}}],"result":{"none":true}}
# rel: 0
# features: bool_reduce,overlap,rank3
# inputs: [{"array":{"data":[0,-1,2],"dtype":"int64","shape":[3]},"view":"none"}]
import numpy as np
from numba import njit

@njit
def f(x0):
    x0 = np.ascontiguousarray(x0)
    x0[2::-1] *= x0
