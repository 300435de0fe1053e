# fuzz: np.where(c, int32 array, int64 array) is typed int32 (NumPy: int64); found by seed 49 as "variable `a6` assigned in this `if` changes type from array(int32, 2d, C) to array(int64, 2d, C)"
# rel: 0
# features: where_promote
# inputs: [{"array":{"data":[true,false],"dtype":"bool","shape":[2]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(x0):
    return np.where(x0, np.ones(2, np.int32), np.ones(2, np.int64) * 3000000000)
