"""Kernels for benches/peers/parallel_peers.py: parallel=True code as Numba users write it."""
import math

import numpy as np
from numba import njit, prange, vectorize


@njit(parallel=True)
def prange_compute(x):
    # Compute-bound: a few transcendental functions per element, one reduction.
    s = 0.0
    for i in prange(len(x)):
        v = x[i]
        s += math.sin(v) * math.exp(-v * v) + math.sqrt(v + 1.0)
    return s


@njit(parallel=True)
def fused_parallel(out, a, b, c, d, e):
    out[:] = a * b + c * d - np.exp(e)


@vectorize(["float64(float64)"], target="parallel")
def log10_parallel(x):
    return math.log10(x)


@vectorize(["float64(float64)"])
def log10_serial(x):
    return math.log10(x)



@njit(parallel=True)
def column_sums(A):
    # An array reduction: each thread sums its rows into a partial array.
    s = np.zeros(A.shape[1])
    for i in prange(A.shape[0]):
        s += A[i] * A[i]
    return s
