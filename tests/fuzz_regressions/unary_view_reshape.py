# fuzz: seed 2055 (hand-minimized): `~v` of a view was typed with the view's layout (A), so `.reshape()` of it failed to compile ("not known to be C-contiguous"); a unary operator's result is a new C-contiguous array
# rel: 0
# features: reshape
# inputs: [{"array":{"data":[false,true,false,true],"dtype":"bool","shape":[4,1]},"view":"none"},{"array":{"data":["0.5","-1.25","2.0","3.5","-0.0","7.0"],"dtype":"float64","shape":[6]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(x1, y):
    return (~x1[0:3, 0]).reshape((1, 3)), (-y[::2]).reshape((3, 1)), (+y[1::2]).reshape(3)
