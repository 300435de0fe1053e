# fuzz: a view of a 3-D array made by .copy() (hand-minimized from seeds 15, 34, 51)
# why: the execution engine could not be created: expand-strided-metadata left affine.apply ops for static sizes (fixed: lower-affine in the CPU pipeline, bd05127)
# rel: 0
# features: rank3
# inputs: [{"array":{"data":["0.5","1.5","-2.0","0.25","3.0","-0.75","1.0","2.0","3.0","4.0","5.0","6.0"],"dtype":"float64","shape":[2,3,2]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(x0):
    y = x0.copy()
    return y[1:]
