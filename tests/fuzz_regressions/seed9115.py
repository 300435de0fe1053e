# fuzz: seed 9115: expected value, got value (result)
# why: result: values differ
# expected: {"arrays":[{"array":{"data":[1,2,0,5,-1,-3,0,5],"dtype":"int64","shape":[4,2]}},{"array":{"data":[2,-4,4,5,1,5,-4,2,-3,3,2,3],"dtype":"int64","shape":[4,3]}},{"array":{"data":["0.7942688828432036","0.623733016208492","0.12715768380791026","-0.03772941858781742"],"dtype":"float64","shape":[1,4]}}],"result":{"float":"inf"}}
# got: {"arrays":[{"array":{"data":[1,2,0,5,-1,-3,0,5],"dtype":"int64","shape":[4,2]}},{"array":{"data":[2,-4,4,5,1,5,-4,2,-3,3,2,3],"dtype":"int64","shape":[4,3]}},{"array":{"data":["0.7942688828432036","0.623733016208492","0.12715768380791026","-0.03772941858781742"],"dtype":"float64","shape":[1,4]}}],"result":{"float":"-1.0"}}
# rel: 0
# features: arg_views
# inputs: [{"array":{"data":[1,2,0,5,-1,-3,0,5],"dtype":"int64","shape":[4,2]},"view":"rev"},{"array":{"data":[2,-4,4,5,1,5,-4,2,-3,3,2,3],"dtype":"int64","shape":[4,3]},"view":"none"},{"array":{"data":["0.7942688828432036","0.623733016208492","0.12715768380791026","-0.03772941858781742"],"dtype":"float64","shape":[1,4]},"view":"none"}]
import numpy as np
from numba import njit

@njit
def f(x0, x1, x2):
    a5 = np.full((4, 3), 1.0)
    a5[3::-1, ::-1] /= np.maximum(x1, (~np.ones((4, 1), np.bool_)))
    return (float((-1)) if (x1[-4, -1] >= a5[1, 0]) else (x0[2, 0] + a5[1, -1]))
