# fuzz: seed 5094 (hand-minimized): `x1 -= x2` with x1 float32 and x2 float64 gives 2.9128551483154297 (NumPy 2.912855386734009): x2 is rounded to float32 before the subtraction; NumPy subtracts in float64 and rounds once
# why: fixed: an in-place array operator computes in the operands' promoted type (py_to_tensor array_binop), then converts to the target's
# rel: 0
# features:
# inputs: [{"array":{"data":["1.2756506204605103"],"dtype":"float32","shape":[1]},"view":"none"},{"array":{"data":["-1.6372046638925877"],"dtype":"float64","shape":[1]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(x1, x2):
    x1 -= x2
