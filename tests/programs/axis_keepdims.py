# sig: sums_kept (float64[:, :],)
# sig: extremes_kept (float64[:, :],)
# sig: tuple_axes_3d (float64[:, :, :],)
# sig: tuple_axes_kept (float64[:, :, :],)
# sig: int_tuple_axes (int64[:, :, :],)
# sig: variances_ddof (float64[:, :], int64)
# sig: variances_ddof_float (float64[:, :],)
# sig: variance_tuple_axes (float64[:, :, :],)
# sig: arg_extremes_kept (float64[:, :],)
# sig: truths_along (float64[:, :],)
# sig: truths_3d (int64[:, :, :],)
# sig: count_along (float64[:, :],)
# sig: running_along (float64[:, :],)
# sig: running_int (int32[:, :, :],)
# sig: whole_kept (float64[:, :],)
# sig: vector_axis (float64[:],)
# sig: normalized_rows (float64[:, :],)
# sig: nan_along (float64[:, :],)
# sig: median_along (float64[:, :],)
# NumPy's `axis=` (an int, negative, or a tuple of ints), `keepdims=True` and `ddof=` on the
# reductions, as functions and as methods. Sums along one axis and along several contiguous
# ones add in NumPy's order (exact); a tuple of axes that are not contiguous in memory is
# compared within rel=1e-12 (NumPy's iteration order over them differs).
# let: m = np.arange(12) * 7 % 5 - 1.5
# let: mats = [m.reshape(3, 4), m.reshape(4, 3).T, m.reshape(3, 4)[::2, 1::2], np.zeros((0, 3)),
#     np.asfortranarray(m.reshape(3, 4))]
# case: sums_kept(a) for a in mats
# case: extremes_kept(a) for a in mats[:3] + mats[4:]
# case: extremes_kept(np.zeros((0, 3)))
# let: cube = (np.arange(60) * 7 % 11 - 4.5).reshape(3, 4, 5)
# let: cubes = [cube, cube[:, ::2, 1::2], cube.transpose(2, 0, 1), np.zeros((2, 0, 3))]
# case rel=1e-12: tuple_axes_3d(a) for a in cubes
# case rel=1e-12: tuple_axes_kept(a) for a in cubes
# case: int_tuple_axes(a) for a in [np.arange(60).reshape(3, 4, 5) - 30,
#     (np.arange(60).reshape(5, 4, 3) % 7).transpose(1, 2, 0)]
# let: with_nan = m.copy(); with_nan[5] = nan
# case: variances_ddof(a, d) for a, d in [(m.reshape(3, 4), 0), (m.reshape(3, 4), 1),
#     (m.reshape(4, 3), 2), (m.reshape(3, 4), 3), (m.reshape(3, 4), 5), (with_nan.reshape(3, 4), 1),
#     (m.reshape(3, 4)[::2, 1::2], 1), (np.zeros((0, 2)), 1)]
# case: variances_ddof_float(a) for a in mats[:3]
# case rel=1e-12: variance_tuple_axes(a) for a in cubes[:3]
# case: arg_extremes_kept(a) for a in mats[:3] + [with_nan.reshape(3, 4)]
# case: arg_extremes_kept(np.zeros((0, 3)))
# case: truths_along(a) for a in mats + [with_nan.reshape(3, 4)]
# case: truths_3d(a) for a in [np.arange(60).reshape(3, 4, 5) % 3, np.zeros((2, 3, 4), dtype=np.int64),
#     (np.arange(24).reshape(2, 3, 4) % 5).transpose(2, 1, 0)]
# case: count_along(a) for a in mats
# case: running_along(a) for a in mats + [with_nan.reshape(3, 4)]
# case: running_int(a) for a in [np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 9,
#     np.zeros((2, 0, 3), dtype=np.int32), np.arange(24, dtype=np.int32).reshape(4, 3, 2).transpose(2, 0, 1)]
# case: whole_kept(a) for a in mats[:3]
# case: vector_axis(v) for v in [m, m[1::3], np.arange(5.0)]
# case: normalized_rows(a) for a in mats[:3]
# let: holes = m.reshape(3, 4).copy(); holes[1, 2] = nan; holes[2, :] = nan
# case: nan_along(a) for a in [holes, holes.T, m.reshape(3, 4)[::2, 1::2], np.asfortranarray(holes)]
# case: median_along(a) for a in [holes, holes.T, m.reshape(3, 4), m.reshape(4, 3)[:, 1:], np.zeros((2, 0))]
import numpy as np
from numba import njit


@njit
def sums_kept(A):
    return (
        np.sum(A, axis=1, keepdims=True),
        A.sum(axis=-2, keepdims=True),
        np.mean(A, axis=0, keepdims=True),
        A.prod(axis=1, keepdims=False),
        A.mean(-1, keepdims=True),
    )


@njit
def extremes_kept(A):
    return (
        np.max(A, axis=1, keepdims=True),
        A.min(axis=0, keepdims=True),
        np.amax(A, axis=-1, keepdims=True),
        np.min(A, axis=(0, 1), keepdims=True),
    )


@njit
def tuple_axes_3d(A):
    return (
        np.sum(A, axis=(0, 2)),
        A.sum(axis=(1, 2)),
        np.mean(A, axis=(-1, 0)),
        A.max(axis=(0, 1)),
        np.min(A, axis=(2, 0)),
        A.prod(axis=(0, 1)),
        np.sum(A, axis=(0, 1, 2)),
    )


@njit
def tuple_axes_kept(A):
    return (
        np.sum(A, axis=(0, 2), keepdims=True),
        A.mean(axis=(1, 2), keepdims=True),
        np.max(A, axis=(0, 1), keepdims=True),
        A.sum(keepdims=True),
    )


@njit
def int_tuple_axes(A):
    return np.sum(A, axis=(0, 2)), A.max(axis=(1, 2)), np.mean(A, axis=(0, 1)), A.prod(axis=(0, -1))


@njit
def variances_ddof(A, d):
    return (
        np.var(A, ddof=d),
        A.std(ddof=d),
        np.var(A, axis=1, ddof=d),
        A.var(axis=0, ddof=d),
        np.std(A, axis=0, ddof=d, keepdims=True),
        A.std(axis=-1, ddof=d),
    )


@njit
def variances_ddof_float(A):
    return np.var(A, ddof=0.5), A.std(axis=1, ddof=1.5), np.var(A, axis=0, ddof=1, keepdims=True)


@njit
def variance_tuple_axes(A):
    return (
        np.var(A, axis=(1, 2)),
        A.std(axis=(0, 2), ddof=1),
        np.var(A, axis=(0, 1), keepdims=True),
        A.var(axis=(0, 1, 2)),
    )


@njit
def arg_extremes_kept(A):
    return np.argmax(A, axis=1, keepdims=True), A.argmin(axis=0, keepdims=True), np.argmin(A, axis=-1)


@njit
def truths_along(A):
    return (
        np.any(A > 1.0, axis=0),
        (A > -1.0).all(axis=1),
        np.all(A, axis=-1, keepdims=True),
        A.any(axis=(0, 1)),
        np.any(A < 0.0, axis=1, keepdims=True),
    )


@njit
def truths_3d(A):
    return np.any(A, axis=(0, 2)), A.all(axis=1), np.count_nonzero(A, axis=(1, 2)), np.all(A, axis=(0, 1, 2))


@njit
def count_along(A):
    return np.count_nonzero(A > 0.0, axis=0), np.count_nonzero(A, axis=-1, keepdims=True)


@njit
def running_along(A):
    return np.cumsum(A, axis=0), A.cumsum(axis=1), np.cumprod(A, axis=-1), A.cumprod(axis=0)


@njit
def running_int(A):
    return np.cumsum(A, axis=1), A.cumprod(axis=2), np.cumsum(A, axis=0)


@njit
def whole_kept(A):
    return np.sum(A, keepdims=True), A.max(keepdims=True), np.var(A, keepdims=True), np.any(A, keepdims=True)


@njit
def vector_axis(v):
    return np.sum(v, axis=0), v.max(axis=0, keepdims=True), np.std(v, axis=-1, ddof=1), v.cumsum(axis=0)


# keepdims in use: dividing each row by its sum broadcasts the (n, 1) column.
@njit
def normalized_rows(A):
    return A / A.sum(axis=1, keepdims=True) - A.mean(axis=0, keepdims=True)


# The prelude's nan-functions and median along an axis of a matrix.
@njit
def nan_along(A):
    return (
        np.nansum(A, axis=0),
        np.nanprod(A, axis=1),
        np.nanmean(A, axis=-1),
        np.nanmax(A, axis=0),
        np.nanmin(A, axis=1),
        np.nansum(A),
    )


@njit
def median_along(A):
    return np.median(A, axis=0), np.median(A, axis=-1), np.median(A)
