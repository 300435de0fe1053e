# sig: permuted_3d (float64[:, :, :],)
# sig: method_ints (int64[:, :, :],)
# sig: write_through (float64[:, :, :],)
# sig: reversed_forms (float64[:, :, :],)
# sig: matrix_forms (float32[:, :],)
# sig: of_a_view (float64[:, :, :],)
# snapshot-sig: four_axes (float64[:, :, :, :],)
# case: permuted_3d(np.arange(24.0).reshape(2, 3, 4))
# case: permuted_3d(np.arange(60.0).reshape(3, 4, 5)[:, 1:, 1:])
# case: method_ints(np.arange(24).reshape(4, 3, 2))
# case: write_through(np.arange(24.0).reshape(2, 3, 4))
# case: reversed_forms(np.arange(24.0).reshape(2, 3, 4))
# case: matrix_forms(np.arange(6, dtype=np.float32).reshape(2, 3))
# case: of_a_view(np.arange(60.0).reshape(3, 4, 5))
# case: four_axes(np.arange(120.0).reshape(2, 3, 4, 5))
# (four_axes has no generated inputs: they have at most 3 dimensions.)
"""Transposes with their axes given: np.transpose(a, axes) and a.transpose(*axes) are views
with the axes permuted (writes go through to the argument), in NumPy's layout."""
import numpy as np
from numba import njit


@njit
def permuted_3d(x):
    y = np.transpose(x, (1, 2, 0))
    return y.copy(), y.shape[0] * 100 + y.shape[1] * 10 + y.shape[2]


@njit
def method_ints(x):
    return x.transpose(2, 0, 1).copy(), x.transpose((1, 0, 2)).sum(axis=0)


@njit
def write_through(x):
    y = x.transpose((0, 2, 1))
    y[0, 1, 0] = 100.0
    y[1] *= 2.0
    return y.sum(axis=0)


@njit
def reversed_forms(x):
    a = x.transpose()
    b = x.transpose(None)
    c = np.transpose(x, axes=(-1, -2, -3))
    return a.copy(), (a == b).all() and (b == c).all() and (c == x.T).all()


@njit
def matrix_forms(x):
    return np.transpose(x, (1, 0)).copy(), x.transpose(0, 1).copy(), np.transpose(x, (0, 1)) + 1


@njit
def of_a_view(x):
    v = x[1:, ::2, ::-1]
    return v.transpose(2, 0, 1).copy(), np.transpose(v, (1, 0, 2)).sum(axis=2)


@njit
def four_axes(x):
    return np.transpose(x, (3, 1, 0, 2)).copy()
