# sig: blend (float64[:, :], float64[:, :], float64[:])
# sig: axpy_into (float64[:], float64, float64[:])
# sig: matvec (float64[:, :], float64[:])
# sig: norms (float64[:, :],)
import numpy as np
from numba import njit, prange, vectorize


@njit(parallel=True)
def blend(a, b, c):
    # One fused nest; its outer loop runs in parallel.
    return a * b + np.sqrt(np.abs(c)) - 1.0


@njit(parallel=True)
def axpy_into(y, a, x):
    y[:] = a * x + y


@njit(parallel=True)
def matvec(A, x):
    return A @ x


@njit(parallel=True)
def norms(A):
    # Array expressions inside a prange body stay serial.
    out = np.empty(A.shape[0])
    for i in prange(A.shape[0]):
        out[i] = np.sqrt(np.sum(A[i, :] * A[i, :]))
    return out


@vectorize(["float64(float64, float64)"], target="parallel")
def rel_diff(x, y):
    return abs(x - y) / (abs(x) + abs(y) + 1.0)
