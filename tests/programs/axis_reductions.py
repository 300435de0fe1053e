# sig: per_axis (float64[:, :],)
# sig: int_columns (int64[:, :],)
# sig: row_variance (float64[:, :],)
# sig: column_std (float64[:, :],)
# sig: argmin_columns (float64[:, :],)
# sig: argmax_rows (float64[:, :],)
# sig: int_spread (int64[:, :],)
# sig: argmin_middle (float64[:, :, :],)
# sig: scaled_row_norms (float64[:, :], float64)
# sig: centered (float64[:, :],)
# sig: sums_into_first_row (float64[:, :],)
# sig: extremes_3d (float64[:, :, :],)
# sig: int_extremes (int64[:, :],)
# let: m = np.arange(12) * 7 % 5 - 1.5
# case rel=1e-12: per_axis(a) for a in [m.reshape(3, 4), m.reshape(3, 4)[::2, ::2]]
# case: int_columns(np.array([[1, 2, 3], [-4, 5, 6]]))
# let: with_nan = m.copy(); with_nan[5] = nan
# An empty axis: NaN variances, ValueError for argmin/argmax.
# let: inputs = [m.reshape(3, 4), m.reshape(4, 3), m.reshape(3, 4)[::2, ::2],
#     with_nan.reshape(3, 4), np.zeros((0, 3)), np.zeros((3, 0))]
# case rel=1e-12: row_variance(a) for a in inputs
# case rel=1e-12: column_std(a) for a in inputs
# case rel=1e-12: argmin_columns(a) for a in inputs
# case rel=1e-12: argmax_rows(a) for a in inputs
# case rel=1e-12: per_axis(a) for a in inputs
# let: cube = (np.arange(24) * 5 % 7.0).reshape(2, 3, 4)
# case: argmin_middle(cube)
# let: cube_nan = cube * 0.37 - 1.0
# case rel=1e-12: extremes_3d(a) for a in [cube_nan, cube_nan[::2, ::2, ::2]]
# let: cube_nan = cube_nan.copy(); cube_nan.flat[7] = nan
# case rel=1e-12: extremes_3d(cube_nan)
# case: int_extremes(np.array([[1, -2, 3], [-4, 5, 6], [5, -4, 3]]))
# case rel=1e-12: int_spread(np.array([[1, 2, 3], [-4, 5, 6], [5, -4, 3]]))
import numpy as np
from numba import njit


@njit
def per_axis(A):
    return np.sum(A, axis=0) + A.mean(axis=0) - np.max(A, axis=0) + np.min(A, 0) + A.sum(axis=-2)


@njit
def int_columns(A):
    return A.sum(axis=1) * 2 + np.prod(A, axis=1)


@njit
def row_variance(A):
    return np.var(A, axis=1)


@njit
def column_std(A):
    return A.std(0)


@njit
def argmin_columns(A):
    return np.argmin(A, axis=0)


@njit
def argmax_rows(A):
    return A.argmax(axis=-1)


@njit
def int_spread(A):
    return np.var(A, axis=0) + np.argmax(A, 0) - A.argmin(axis=0)


@njit
def argmin_middle(A):
    return np.argmin(A, axis=1)


# Reduction epilogues: the row sums fold inside the nest that scales them (one nest, no
# temporary); a mean broadcast back over the rows is computed once, then subtracted.
@njit
def scaled_row_norms(A, k):
    return np.sqrt((A * A).sum(axis=1)) * k


@njit
def centered(A):
    return A - A.mean(axis=0)


# Stored into the array it reads: every column sum is complete before row 0 changes.
@njit
def sums_into_first_row(A):
    A[0, :] = A.sum(axis=0)
    return np.prod(A, axis=1) + A[:, 1:].sum(axis=1)


# Along an outer axis, min/max/var/std go a slice at a time (the inner loop along memory).
@njit
def extremes_3d(A):
    return np.max(A, axis=1), A.min(axis=0), np.std(A, axis=1), A.var(axis=0)


@njit
def int_extremes(A):
    return A.max(axis=0) - np.min(A, axis=0)
