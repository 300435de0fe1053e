# sig: pairs (float64[:, :], int64[:], int64[:])
# sig: with_integer (float64[:, :], int64[:])
# sig: with_slices (float64[:, :], int64[:])
# sig: index_matrix (float64[:], int64[:, :])
# sig: rows_by_matrix (float64[:, :], int64[:, :])
# sig: broadcast_indices (float64[:, :], int64[:], int64[:])
# sig: separated (float64[:, :, :], int64[:], int64[:])
# sig: adjacent_3d (float64[:, :, :], int64[:])
# sig: int32_indices (int64[:, :], int32[:], int32[:])
# sig: assign_pairs (float64[:, :], int64[:], int64[:], float64)
# sig: assign_rows_slice (float64[:, :], int64[:], float64[:])
# sig: increment_pairs (int64[:, :], int64[:], int64[:])
# sig: increment_columns (float64[:, :], int64[:])
# sig: assign_separated (float64[:, :, :], int64[:], int64[:])
# sig: assign_from_itself (float64[:, :], int64[:])
# NumPy's advanced indexing with several integer index arrays (broadcast together), with
# integers and slices mixed in, and with index arrays of more than one dimension, read and
# written: result shapes as NumPy's (the broadcast axes where the advanced indices stand when
# they are adjacent, else first), negative indices wrapping, IndexError out of range or when
# the index arrays do not broadcast, ValueError when a value does not fit the selection.
# let: A = np.arange(20.0).reshape(4, 5) - 7.5
# let: views = [A, A.T[:4, :4].copy().T, A[::2, 1:], np.asfortranarray(A), A.T]
# case: pairs(a, np.array([0, -1, 1]), np.array([1, 1, -2])) for a in views
# case: pairs(A, np.array([0, 1]), np.array([0, 1, 2]))
# case: pairs(A, np.array([0, 4]), np.array([0, 1]))
# case: pairs(A, np.array([], dtype=np.int64), np.array([], dtype=np.int64))
# case: with_integer(a, np.array([1, -2, 0, 0])) for a in views
# case: with_integer(A, np.array([9]))
# case: with_slices(a, np.array([1, 0, -1])) for a in views
# case: with_slices(A, np.array([-6]))
# let: M = np.array([[0, 3], [-1, 2], [4, 4]])
# case: index_matrix(np.arange(5.0) * 1.5, M)
# case: index_matrix(np.arange(10.0)[::2], M)
# case: index_matrix(np.arange(4.0), M)
# case: rows_by_matrix(a, np.array([[0, 1], [-1, 0]])) for a in views
# case: broadcast_indices(a, np.array([0, 2]), np.array([1, 0, 3])) for a in views[:3]
# let: C = np.arange(60.0).reshape(3, 4, 5) * 0.5
# case: separated(c, np.array([0, -1]), np.array([4, 1])) for c in [C, C[:, ::2, :], C.transpose(1, 0, 2)[:, :, :3]]
# case: separated(C, np.array([0, 1]), np.array([1, 2, 3]))
# case: adjacent_3d(c, np.array([2, 0, -1])) for c in [C, C[::-1][:, 1:, ::2].copy(), C.T.copy().T]
# let: K = np.arange(12).reshape(3, 4)
# case: int32_indices(K, np.array(i, dtype=np.int32), np.array(j, dtype=np.int32)) for i, j in [
#     ([0, 2], [3, -4]), ([2], [0, 1, 2]), ([3], [0])]
# case: assign_pairs(a.copy(), np.array([0, -1, 1, 0]), np.array([1, 1, -2, 1]), 9.5) for a in views
# case: assign_pairs(A.copy(), np.array([0, 4]), np.array([0, 1]), 1.0)
# case: assign_rows_slice(A.copy(), np.array([2, 0]), w) for w in [np.array([1.0, 2.0]),
#     np.array([3.0]), np.array([1.0, 2.0, 3.0])]
# case: increment_pairs(np.arange(12).reshape(3, 4), np.array(i), np.array(j)) for i, j in [([0, 0, 2], [1, 1, -1]),
#     ([1], [0, 1, 2, 3]), ([0, 1], [0, 1, 2])]
# case: increment_columns(a.copy(), np.array([0, -1, 0])) for a in views
# case: assign_separated(C.copy(), np.array([0, 2]), np.array([-1, 1]))
# case: assign_separated(C.copy().transpose(1, 0, 2), np.array([0, 2]), np.array([-1, 1]))
# case: assign_from_itself(a.copy(), np.array([3, 0, 1, 2])) for a in [A, np.asfortranarray(A)]
import numpy as np
from numba import njit


@njit
def pairs(A, i, j):
    return A[i, j]


@njit
def with_integer(A, idx):
    return A[idx, 2], A[-1, idx[:2]], A[idx]


@njit
def with_slices(A, idx):
    return A[idx, 1:3], A[1:3, idx], A[::-1, idx], A[idx, ::2]


@njit
def index_matrix(a, M):
    return a[M]


@njit
def rows_by_matrix(A, M):
    return A[M], A[M, 1], A[M, M]


# Index arrays broadcast: a column of row indices against a row of column indices.
@njit
def broadcast_indices(A, i, j):
    return A[i[:, np.newaxis], j], A[i.reshape(2, 1), 2], A[i[:, np.newaxis], j[:2]]


# Advanced indices separated by a slice: the broadcast axes come first.
@njit
def separated(C, i, j):
    return C[i, :, j], C[i, 1:3, 0], C[1, :, i], C[:, i, -1]


@njit
def adjacent_3d(C, i):
    return C[:, i, 1], C[:, i, i], C[1, i, :]


@njit
def int32_indices(A, i, j):
    return A[i, j] + A[i, 0]


@njit
def assign_pairs(A, i, j, x):
    A[i, j] = x
    return A


@njit
def assign_rows_slice(A, idx, w):
    A[idx, 1:3] = w
    return A


# Repeated index pairs add once, as NumPy's `a[i, j] += 1` (read, add, write).
@njit
def increment_pairs(A, i, j):
    A[i, j] += 1
    return A


@njit
def increment_columns(A, idx):
    A[:, idx] += 10.0
    A[1:3, idx] *= -1.0
    return A


@njit
def assign_separated(C, i, j):
    C[i, :, j] = np.arange(C.shape[1]) * 1.0
    C[0, :, i] -= 0.25
    return C


# The value reads the array it is written into: it is complete before the writes.
@njit
def assign_from_itself(A, idx):
    A[idx, 1:] = A[:, :-1]
    return A
