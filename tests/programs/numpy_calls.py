# sig: stats (float64[:],)
# sig: elementwise (float64[:, :], float64[:])
import numpy as np
from numba import njit


@njit
def stats(a):
    z = np.zeros(a.shape[0])
    o = np.ones((2, 3), dtype=np.float64)
    return np.sum(a) + np.mean(a) + np.std(a) + np.max(z) + o.sum() + np.argmax(a)


@njit
def elementwise(a, b):
    return np.where(a > b, np.sqrt(np.abs(a)), np.exp(b)) + np.minimum(a, b)
