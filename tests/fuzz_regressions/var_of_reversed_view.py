# fuzz: seed 3003738 (release run, seed 3000000): a full float sum of an array reversed along every axis (np.var of x[4::-1, 3::-1, 1::-1]) was added row by row; NumPy's reduction coalesces such a view into one pairwise run, read backwards through memory (0.36000000000000004, NumPy 0.36)
# rel: 0
# features: rank3
# inputs: [{"int":1},{"bool":false},{"float":"1.9881664492205156"},{"array":{"data":["0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0"],"dtype":"float64","shape":[5,4,2]},"view":"none"}]
import numpy as np
from numba import njit

@njit
def f(n0, p1, p2, x3):
    x3[:, :, ::-1] -= np.ones((5, 4, 2), np.int64)
    x3[-2:, 0:3:2, 1:2:2] = np.ones((1, 2, 2), np.int64).T
    return np.var(x3[4::-1, 3::-1, 1::-1])
