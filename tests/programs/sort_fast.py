# sig: sort_floats (float64[:],)
# sig: sort_float32 (float32[:],)
# sig: sort_int64 (int64[:],)
# sig: sort_int32 (int32[:],)
# sig: sort_uint8 (uint8[:],)
# sig: sort_bool (boolean[:],)
# sig: signed_zeros (float64[:],)
# sig: argsort_ties (float64[:],)
# sig: argsort_int_ties (int64[:],)
# sig: argsort_float32 (float32[:],)
# sig: sort_axes (float64[:, :],)
# sig: argsort_axes_stable (int64[:, :],)
# sig: sort_method (float64[:],)
# sig: sort_method_2d (float64[:, :],)
# sig: unique_int (int64[:],)
# sig: median_large (float64[:],)
# The prelude's sorts through the runtime's stable radix sort (runtime/src/sort.rs): each
# dtype, NaNs last, -0.0 and 0.0 equal (kept in their order, as NumPy's kind='stable'), ties
# of argsort in order, both sizes of the runtime's sort (under and over 256 elements), arrays
# of 10**5 and more, rows and columns of matrices and views, against NumPy itself.
# let: specials = np.array([0.5, -0.0, np.nan, 0.0, -np.inf, 3.0, -0.0, np.inf, np.nan, -1.5, 0.0])
# let: big = np.random.default_rng(11).normal(size=200000)
# let: big_specials = np.where(np.random.default_rng(12).random(300000) < 0.01, np.nan, np.random.default_rng(13).normal(size=300000).round(2))
# let: ties = np.random.default_rng(14).integers(-5, 6, 1000) * 0.5
# case: sort_floats(a) for a in [specials, specials[1::2], big, big_specials, big[::3], ties, np.empty(0), np.array([2.0])]
# case: sort_float32(a.astype(np.float32)) for a in [specials, big, big_specials[:1000]]
# case: sort_int64(a) for a in [np.random.default_rng(15).integers(-2**62, 2**62, 200000), np.arange(300)[::-1].copy(), np.random.default_rng(16).integers(-3, 3, 1000)[::2], np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0, -1])]
# case: sort_int32(np.array(a, dtype=np.int32)) for a in [np.random.default_rng(17).integers(-2**31, 2**31, 100000), [5, -2, 2**31 - 1, -2**31, 0]]
# case: sort_uint8(np.array(a, dtype=np.uint8)) for a in [np.random.default_rng(18).integers(0, 256, 5000), [255, 0, 128, 127]]
# case: sort_bool(a) for a in [np.random.default_rng(19).random(100000) < 0.3, specials > 0, np.zeros(0, dtype=bool)]
# case: signed_zeros(a) for a in [specials, np.tile(specials, 100), np.array([0.0, -0.0] * 300)]
# case: argsort_ties(a) for a in [ties, ties[:100], specials, big_specials, np.tile(specials, 50)[::3]]
# case: argsort_int_ties(a) for a in [np.random.default_rng(20).integers(0, 10, 150000), np.zeros(400, dtype=np.int64), np.arange(40)[::-1].copy()]
# case: argsort_float32(a.astype(np.float32)) for a in [ties, specials]
# let: grid = np.random.default_rng(21).integers(-4, 5, (300, 400)) * 0.25
# case: sort_axes(m) for m in [grid, grid.T, grid[::2, 1::3], grid[:5, :7], np.zeros((0, 3)), np.where(grid > 0.5, np.nan, grid)]
# case: argsort_axes_stable(m) for m in [np.random.default_rng(22).integers(0, 5, (120, 90)), np.random.default_rng(23).integers(0, 5, (90, 120)).T, np.zeros((3, 0), dtype=np.int64)]
# case: sort_method(a) for a in [big, specials, big[::2], ties]
# case: sort_method_2d(m) for m in [grid, grid.T, grid[::3, ::2]]
# case: unique_int(a) for a in [np.random.default_rng(24).integers(0, 100000, 1000000), np.array([3, 3, -1], dtype=np.int64)]
# case: median_large(a) for a in [big, big[:-1], big_specials]
import numpy as np
from numba import njit


@njit
def sort_floats(a):
    return np.sort(a), np.sort(a, kind="stable"), np.sort(a, axis=None)


@njit
def sort_float32(a):
    return np.sort(a)


@njit
def sort_int64(a):
    return np.sort(a)


@njit
def sort_int32(a):
    return np.sort(a)


@njit
def sort_uint8(a):
    return np.sort(a)


@njit
def sort_bool(a):
    return np.sort(a)


@njit
def signed_zeros(a):
    # Which zeros come first: the stable order keeps -0.0 and 0.0 as they were.
    return np.signbit(np.sort(a, kind="stable"))


@njit
def argsort_ties(a):
    return np.argsort(a, kind="stable"), np.argsort(a, kind="mergesort")


@njit
def argsort_int_ties(a):
    return np.argsort(a, kind="stable")


@njit
def argsort_float32(a):
    return np.argsort(a, kind="stable")


@njit
def sort_axes(m):
    return np.sort(m), np.sort(m, axis=0), np.sort(m, axis=None)


@njit
def argsort_axes_stable(m):
    return np.argsort(m, kind="stable"), np.argsort(m, axis=0, kind="stable")


@njit
def sort_method(a):
    a.sort()
    return a[0]


@njit
def sort_method_2d(m):
    m.sort()
    return m.shape[0]


@njit
def unique_int(a):
    return np.unique(a)


@njit
def median_large(a):
    return np.median(a)
