# fuzz: seed 3313872 (release run at a65cb65): `np.ones(1, np.bool_) - (np.zeros(3, np.int32) // False)` gave shape (1,): fusion folds the constant quotient into the map body, leaving the size-3 splat operand unread, and tensor-eqsat rebuilt the map without it
# rel: 0.000000000001
# features: arg_views,float_mod,overlap,rank3,where_promote
# inputs: [{"array":{"data":[1,1,1,1,1,1],"dtype":"int32","shape":[2,1,3]},"view":"none"},{"array":{"data":["0.0","0.7785847187042236","1.25"],"dtype":"float32","shape":[3]},"view":"none"},{"array":{"data":[true,false,true,false],"dtype":"bool","shape":[4]},"view":"step"}]
import numpy as np
from numba import njit

@njit
def f(x0, x1, x2):
    return (np.ones(1, np.bool_) - (np.zeros(3, np.int32) // False))
