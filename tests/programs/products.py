# sig: chain3 (float64[:, :], float64[:, :], float64[:])
# sig: dots (float64[:], float64[:, :])
# sig: product (float64[:, :], float64[:, :])
# sig: product (float64[:], float64[:, :])
# sig: row_dots (float64[:, :], float64[:])
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


@njit
def row_dots(B, x):
    # `@` of two vectors inside a loop: a scalar per row.
    y = np.empty(B.shape[0])
    for i in range(B.shape[0]):
        y[i] = B[i] @ x
    return y
