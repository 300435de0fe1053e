# fuzz: seed 3135877 (release run, seed 3100000): np.std of x[3::-1, 2::-1].T: the squares NumPy sums are a temporary laid out in the walk order of the view, summed as one run (fixed: tensor_to_loop/walk.rs walks it in NumPy's order)
# rel: 0
# features: float_mod
# inputs: [{"array":{"data":["0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0"],"dtype":"float64","shape":[3,4]},"view":"none"},{"int":2},{"array":{"data":["0.8507645451167365","0.11513676778057569","-2.0","0.41457743083947474","1.2931555531587078","2.0","1.5","0.0","0.0","-1.75","0.0","1.394228272380083","-0.2686810043986849","-0.5","-1.0536534923564407","0.8520969186530563"],"dtype":"float64","shape":[4,4]},"view":"none"},{"int":2}]
import numpy as np
from numba import njit

@njit
def f(x0, n1, x2, n3):
    return np.std(x2[3::-1, 2::-1].T)
