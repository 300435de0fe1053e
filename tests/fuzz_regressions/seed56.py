# fuzz: seed 56: expected value, got compile error: the execution engine could not be created (translation to LLVM IR or code generation failed) (outcomes differ)
# why: outcomes differ
# expected: {"arrays":[{"array":{"data":[true,true,true],"dtype":"bool","shape":[1,1,3]}}],"result":{"none":true}}
# got: {"compile_error":"error: the execution engine could not be created (translation to LLVM IR or code generation failed) | "}
# rel: 0
# features: arg_views,empty
# inputs: [{"bool":true},{"bool":false},{"array":{"data":[true,true,true],"dtype":"bool","shape":[1,1,3]},"view":"T"}]
import numpy as np
from numba import njit

@njit
def f(p0, p1, x2):
    a6 = ((np.ones((1, 1, 3)) > x2[2::-1, :, 0::-2].T).T & x2)
