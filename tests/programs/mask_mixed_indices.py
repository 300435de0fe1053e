# sig: rows_and_slice (float64[:, :], boolean[:])
# sig: store_rows_column (float64[:, :], boolean[:])
# sig: slice_and_columns (float64[:, :], boolean[:])
# sig: add_through_masks (float64[:, :], boolean[:], boolean[:])
# sig: mask_2d_then_int (float64[:, :, :], boolean[:, :])
# sig: mask_and_index_array (int64[:, :], boolean[:], int64[:])
# case: rows_and_slice(np.arange(12.0).reshape(3, 4), np.array(m)) for m in [[True, False, True], [False, False, False], [True, True, True], [True, False]]
# case: store_rows_column(np.arange(12.0).reshape(3, 4), np.array(m)) for m in [[True, False, True], [False, True, False], [True, True, True, True]]
# case: slice_and_columns(np.arange(12.0).reshape(3, 4), np.array(m)) for m in [[True, False, True, True], [False, False, False, False], [True, False, True]]
# case: add_through_masks(np.arange(12.0).reshape(3, 4), np.array(r), np.array(c)) for r, c in [([True, False, True], [False, True, True, False]), ([True, True, True], [True, False, False, False]), ([True, False, True], [True, False, True])]
# case: mask_2d_then_int(np.arange(24.0).reshape(2, 3, 4), np.array(m)) for m in [[[True, False, True], [False, True, True]], [[False, False, False], [False, False, False]], [[True, False], [True, False]]]
# case: mask_and_index_array(np.arange(12).reshape(3, 4), np.array(m), np.array(i)) for m, i in [([True, False, True], [3, 0]), ([True, False, True], [1]), ([True, True, True], [0, 1]), ([True, False, True], [4, 0])]
"""Boolean arrays mixed with integers, slices and integer arrays in one index: as NumPy, a
k-D mask stands for the k index arrays of its true elements (`nonzero`), its shape checked
against the axes it indexes (IndexError naming the axis)."""
import numpy as np
from numba import njit


@njit
def rows_and_slice(x, m):
    return x[m, 1:3]


@njit
def store_rows_column(x, m):
    x[m, 0] = -1.0
    return x[m, -1]


@njit
def slice_and_columns(x, m):
    return x[1:, m]


@njit
def add_through_masks(x, r, c):
    # two masks broadcast together as their index arrays (IndexError when the counts differ)
    x[r, 1:] += 10.0
    return x[r, c]


@njit
def mask_2d_then_int(x, m):
    return x[m, 0], x[m, 1:3].sum()


@njit
def mask_and_index_array(x, m, i):
    return x[m, i]
