# fuzz: hand-written with the where_promote fix: np.where, np.minimum/np.maximum and np.clip promote their operands by NumPy 2's rules (arrays' dtypes promote; a Python scalar, weak under NEP 50, changes the dtype only when of a higher kind, in any position); each result's dtype is compared
# rel: 0
# features: where_promote
# inputs: [{"array":{"data":[true,false,true],"dtype":"bool","shape":[3]},"view":"none"},{"array":{"data":[7,-2,50000],"dtype":"int32","shape":[3]},"view":"none"},{"array":{"data":["0.1","-2.5","3.0"],"dtype":"float32","shape":[3]},"view":"none"}]
import numpy as np
from numba import njit


@njit
def f(c, i, g):
    big = np.ones(3, np.int64) * 3000000000
    return (
        np.where(c, i, big),
        np.where(c, big, i),
        np.where(c, c, big),
        np.where(c, i, c),
        np.where(c, c, g),
        np.where(c, i, g),
        np.where(c, g, big),
        np.where(c, i, 1),
        np.where(c, 1, i),
        np.where(c, i, 1.5),
        np.where(c, g, 1.5),
        np.where(c, c, 2),
        np.where(c, True, c),
        np.where(c, 1, 2.5),
        np.where(c, i * i, 1),
        np.minimum(1, i),
        np.maximum(i, 2.5),
        np.maximum(c, i),
        np.minimum(g, i),
        np.minimum(big, i),
        np.maximum(g, 0.5),
        np.clip(i, 0, 2.5),
        np.clip(c, 0, 1),
        np.clip(i, big * 0, 5),
        np.clip(g, 0, 1),
    )
