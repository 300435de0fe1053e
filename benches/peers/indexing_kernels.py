"""Indexing kernels timed by benches/peers/indexing_peers.py (issue #24's bar): boolean-mask
selection, a fancy gather and np.roll, each written once as plain NumPy and run three ways
(Python + NumPy, Numba's `@njit`, Blackbird's `blackbird bench`)."""
import numpy as np


def mask_select(a):
    return a[a > 0.5]


def fancy_gather(a, idx):
    return a[idx]


def roll(a):
    return np.roll(a, 3)
