# sig: where_branches (float64[:], float64[:])
# sig: weak_scalars (float64[:],)
# sig: min_max_clip (float64[:], float64[:])
import numpy as np
from numba import njit


@njit
def where_branches(x, y):
    # np.where promotes its two branches by NumPy 2's rules: int32 with int64 is int64, bool
    # with int64 is int64, int32 with float64 is float64, bool with int32 is int32.
    c = x > y
    i = (x * 4).astype(np.int32)
    big = (y * 4).astype(np.int64) * 3000000000
    b = y > 0
    five = np.ones(7, np.int64) * 5
    return (
        np.where(c, i, big),
        np.where(c, big, i),
        np.where(c, b, five),
        np.where(c, i, y),
        ~np.where(c, b, i),
    )


@njit
def weak_scalars(x):
    # A Python scalar does not widen an array of its kind (NEP 50): these stay int32, so
    # their squares wrap as NumPy's do; a float scalar makes int32 float64, an int makes
    # bool int64.
    c = x > 0
    i = (x * 20000).astype(np.int32)
    w = np.where(c, i, 1)
    v = np.where(c, 3, i)
    m = np.minimum(7, i)
    return w * w, v * v, m * m, np.where(c, i, 1.5), np.where(c, c, 2), np.maximum(i, 0.5)


@njit
def min_max_clip(x, y):
    # The binary functions promote as np.where does.
    i = (x * 20000).astype(np.int32)
    b = x > y
    big = (y * 4).astype(np.int64) * 3000000000
    return (
        np.minimum(i, big),
        np.maximum(b, i) * i,
        np.clip(i, 0, 2.5),
        ~np.clip(b, 0, 1),
        np.clip(i, 0, 60000) * i,
        np.maximum(big, i) // 7,
    )
