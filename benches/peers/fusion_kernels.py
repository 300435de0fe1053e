"""Whole-array expressions timed by benches/peers/fusion_peers.py: each is one fused loop
nest under Blackbird (see `blackbird dump FILE -f NAME --stage tensor-opt`)."""
import numpy as np
from numba import njit


@njit
def fused(a, b, c, d, e):
    return a * b + c * d - np.exp(e)


@njit
def hypot(x, y):
    return np.sqrt(x ** 2 + y ** 2)


@njit
def axpy_into(y, a, x):
    y[:] = a * x + y


@njit
def fused_into(out, a, b, c, d, e):
    out[:] = a * b + c * d - np.exp(e)


@njit
def hypot_into(out, x, y):
    out[:] = np.sqrt(x ** 2 + y ** 2)


@njit
def sum_of_products(a, b):
    return np.sum(a * b)


@njit
def chain(A, B, x):
    return (A @ B) @ x


@njit
def matmul(A, B):
    # A matrix-matrix product on its own: register-blocked loops against BLAS dgemm.
    return A @ B


@njit
def row_norms(A):
    # A reduction epilogue: each row's sum of squares folded and square-rooted in one nest.
    return np.sqrt((A * A).sum(axis=1))
