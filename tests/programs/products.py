# sig: chain3 (float64[:, :], float64[:, :], float64[:])
# sig: dots (float64[:], float64[:, :])
# sig: product (float64[:, :], float64[:, :])
# sig: product (float64[:], float64[:, :])
import numpy as np
from numba import njit


@njit
def chain3(A, B, x):
    return (A @ B) @ x


@njit
def dots(v, M):
    return np.dot(v, v) + (v @ M).sum() + (M @ M.T).sum()


@njit
def product(a, B):
    return a @ B
