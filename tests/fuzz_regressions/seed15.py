# fuzz: seed 15: expected value, got compile error: the execution engine could not be created (translation to LLVM IR or code generation failed) (outcomes differ)
# why: outcomes differ
# expected: {"arrays":[{"array":{"data":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],"dtype":"int64","shape":[2,5,4]}}],"result":{"int":40}}
# got: {"compile_error":"error: the execution engine could not be created (translation to LLVM IR or code generation failed) | "}
# rel: 0
# features: overlap
# inputs: [{"array":{"data":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],"dtype":"int64","shape":[2,5,4]},"view":"none"}]
import numpy as np
from numba import njit

@njit
def f(x0):
    x0 = x0.copy()
    return np.sum(x0[:, :, ::-1])
