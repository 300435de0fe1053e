# fuzz: seed 2003808 (release run, seed 2002000): a full sum of a Fortran-contiguous array (a transposed one) was added row by row; NumPy reads it in memory order as one pairwise run (np.mean(np.full((5, 5), 0.1).T) is 0.10000000000000002)
# rel: 0
# features: bool_arith,overlap
# inputs: [{"float":"0.0037536715924133546"},{"array":{"data":[0,0,0,0,0],"dtype":"int32","shape":[5,1]},"view":"none"},{"array":{"data":[false,true,true],"dtype":"bool","shape":[3]},"view":"none"}]
import numpy as np
from numba import njit

@njit
def f(p0, x1, x2):
    s4 = np.mean(np.full((5, 5), 0.1).T)
    return s4
