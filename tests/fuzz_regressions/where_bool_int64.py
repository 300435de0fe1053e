# fuzz: seed 1096: np.where(c, bool array, int64 array) returns bool (NumPy: int64): the result takes the second argument's dtype instead of the promotion of both
# rel: 0
# features: where_promote
# inputs: [{"array":{"data":[true,false,true],"dtype":"bool","shape":[3]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(x0):
    return np.where(x0, np.ones(3, np.bool_), np.ones(3, np.int64) * 2)
