# sig: picks (float64[:], float64[:])
# sig: transposed_sum (float64[:, :],)
# let: a = np.array([0.5, -1.0, 3.0, 3.0, -2.0, 0.0])
# let: b = np.array([1.0, -1.5, 2.0, 4.0, -2.0, -0.5])
# case rel=1e-12: picks(a, b)
# case rel=1e-12: picks(a[::2], b[::2])
# let: m = (np.arange(12) * 0.5).reshape(3, 4)
# case rel=1e-12: transposed_sum(x) for x in [m, m[::2, ::2]]
import numpy as np
from numba import njit


@njit
def picks(a, b):
    w = np.where(a > b, a, b * 2.0)
    m = np.minimum(a, b) + np.maximum(a, 0.5)
    mask = a >= b
    return w.sum() + m.sum() + np.argmax(a) * 10 + np.argmin(b) + np.arctan2(a, b).sum() + mask.sum()


@njit
def transposed_sum(A):
    T = A.T
    s = 0.0
    for i in range(T.shape[0]):
        for j in range(T.shape[1]):
            s += T[i, j] * (i + 1) - j
    return s
