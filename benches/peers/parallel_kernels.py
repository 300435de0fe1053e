"""Kernels for benches/peers/parallel_peers.py: parallel=True code as Numba users write it."""
import math

import numpy as np
from numba import guvectorize, njit, prange, vectorize


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


@guvectorize(["void(float64[:], intp[:], float64[:])"], "(n),()->(n)")
def move_mean(a, window_arr, out):
    # Numba's documentation example: a moving average over the last axis.
    window_width = window_arr[0]
    asum = 0.0
    count = 0
    for i in range(window_width):
        asum += a[i]
        count += 1
        out[i] = asum / count
    for i in range(window_width, len(a)):
        asum += a[i] - a[i - window_width]
        out[i] = asum / count
