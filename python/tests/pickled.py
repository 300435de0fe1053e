"""Functions pickled by `test_pickle.py` (a module spawn workers import), and the workers."""

import math
import pickle

import blackbird

SCALE = 3.0


def helper(x):
    return x * SCALE


@blackbird.njit
def total(a):
    s = 0.0
    for x in a:
        s += helper(x)
    return s


@blackbird.njit("float64(float64, float64)", fastmath=False)
def hyp(x, y):
    return math.sqrt(x * x + y * y)


@blackbird.vectorize(["float64(float64, float64)"])
def vhyp(x, y):
    return math.sqrt(x * x + y * y)


@blackbird.guvectorize(["void(float64[:], float64[:])"], "(n)->(n)")
def running_sum(a, out):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        out[i] = s


def call_pickled(blob, args):
    """A pool worker: the function pickled in `blob`, called with `args`."""
    return pickle.loads(blob)(*args)


def loads_reuse(blob):
    """A pool worker: whether unpickling `blob` twice gives one dispatcher, and its result
    on [1, 2]."""
    import numpy as np

    first, second = pickle.loads(blob), pickle.loads(blob)
    return first is second, first(np.array([1.0, 2.0]))
