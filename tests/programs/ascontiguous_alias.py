# sig: rebinds_argument (float64[:],)
# sig: rows_of_matrix (float64[:, :],)
# sig: strided_copy (float64[:, :],)
# sig: transposed (float64[:, :],)
# sig: in_other_dtype (int64[:],)
# case: rebinds_argument(np.arange(5.0))
# case: rows_of_matrix(np.arange(12.0).reshape(4, 3))
# case: strided_copy(np.arange(20.0).reshape(4, 5))
# case: transposed(np.arange(6.0).reshape(2, 3))
# case: transposed(np.arange(3.0).reshape(1, 3))
# case: transposed(np.zeros((0, 3)))
# case: in_other_dtype(np.arange(4))
"""np.ascontiguousarray returns its argument itself when it is C-contiguous (writes through
the result reach it), else a C-order copy: known from the type for C arrays, decided from
the strides at run time for the others (rows of a matrix, a transposed row vector)."""
import numpy as np
from numba import njit


@njit
def rebinds_argument(x):
    x = np.ascontiguousarray(x)
    x[1:] *= 2.0
    return x


@njit
def rows_of_matrix(x):
    r = np.ascontiguousarray(x[1:3])
    r[0, 0] = -1.0
    c = np.ascontiguousarray(x[:, 1])
    c[0] = -2.0
    return r.sum() + c.sum()


@njit
def strided_copy(x):
    s = np.ascontiguousarray(x[::2, 1:4])
    s[:] = 0.0
    return s.shape[0] * 10 + s.shape[1]


@njit
def transposed(x):
    t = np.ascontiguousarray(x.T)
    t[0] = 7.0
    return t


@njit
def in_other_dtype(x):
    y = np.ascontiguousarray(x, dtype=np.float64)
    y[0] = 9.0
    return y
