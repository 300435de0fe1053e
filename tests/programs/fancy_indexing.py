# sig: select_positive (float64[:],)
# sig: select_2d (float64[:, :],)
# sig: select_transposed (float64[:, :],)
# sig: select_reversed (float64[:],)
# sig: select_rows (float64[:, :], float64)
# sig: select_with (float64[:], boolean[:])
# sig: select_with_2d (int64[:, :], boolean[:, :])
# sig: assign_masked (float64[:], float64)
# sig: assign_masked_array (float64[:], float64[:])
# sig: assign_masked_rows (float64[:, :], float64[:])
# sig: increment_positive (int64[:],)
# sig: scale_masked_2d (float64[:, :],)
# sig: reversed_overlap (float64[:],)
# sig: forward_overlap (float64[:],)
# sig: rows_overlap (float64[:, :],)
# sig: gather (float64[:], int64[:])
# sig: gather_int32 (int64[:], int32[:])
# sig: gather_list (float64[:],)
# sig: gather_rows (float64[:, :], int64[:])
# sig: gather_reversed (float64[:], int64[:])
# sig: scatter (float64[:], int64[:], float64[:])
# sig: scatter_scalar (int64[:], int64[:])
# sig: scatter_add (float64[:], int64[:])
# sig: scatter_rows (float64[:, :], int64[:])
# sig: gather_uint8 (int32[:], uint8[:])
# sig: clear_mask_itself (boolean[:],)
# sig: sum_selected (float64[:],)
# sig: select_expression (float64[:], float64[:])
# sig: scatter_list (float64[:],)
# sig: assign_mask_2d (int64[:, :], boolean[:, :])
# NumPy's advanced indexing: a boolean mask selects the elements (or rows) where it is true
# into a new array, in C order; an integer array or list gathers along axis 0 (negative
# indices wrap, out of range raises IndexError). Assigning through either writes into the
# array; a value that reads the array is complete before the writes start.
# let: v = np.array([1.5, -2.0, 3.0, 0.0, -0.5, 7.25])
# case: select_positive(x) for x in [v, v[::2], np.zeros(0), -np.abs(v), np.abs(v) + 1]
# let: m = np.arange(12.0).reshape(3, 4) - 4.5
# case: select_2d(x) for x in [m, m.T, m[::2, ::3], m[:, 1:], np.zeros((0, 3))]
# case: select_transposed(x) for x in [m, m[1:, ::2], np.ones((2, 2))]
# case: select_reversed(x) for x in [v, np.arange(7.0), np.zeros(0)]
# case: select_rows(m, t) for t in [-10.0, -1.0, 3.0, 100.0]
# case: select_rows(m.T, 0.0)
# case: select_with(v, np.array([i % 3 == 0 for i in range(6)]))
# case: select_with(np.arange(3.0), np.array([True, False, True, True]))
# case: select_with(np.arange(3.0), np.array([True, False]))
# case: select_with_2d(np.arange(12).reshape(3, 4), np.arange(12).reshape(3, 4) % 5 == 1)
# case: select_with_2d(np.arange(12).reshape(3, 4), np.ones((3, 4), dtype=np.bool_).T[:3, :3])
# case: select_with_2d(np.arange(12).reshape(3, 4), np.ones((4, 4), dtype=np.bool_))
# case: assign_masked(x, 9.5) for x in [v, v[::2], np.zeros(0), np.abs(v)]
# case: assign_masked_array(v.copy(), w) for w in [np.array([10.0, 20.0, 30.0]), np.array([4.0]),
#     np.array([1.0, 2.0]), np.zeros(0)]
# case: assign_masked_array(-np.abs(v), np.zeros(0))
# case: assign_masked_rows(m, w) for w in [np.array([1.0, 2.0, 3.0, 4.0]), np.array([-1.0]),
#     np.array([1.0, 2.0])]
# case: increment_positive(x) for x in [np.array([3, -1, 0, 5, -7]), np.zeros(0, dtype=np.int64)]
# case: scale_masked_2d(x) for x in [m, m.T, m[::2, 1:]]
# case: reversed_overlap(x) for x in [v, np.arange(5.0) - 2.0]
# case: forward_overlap(x) for x in [np.arange(6.0), np.arange(5.0) + 0.5, np.arange(5.0)]
# case: rows_overlap(x) for x in [m, m.T, m[:, 1:]]
# case: gather(v, np.array(i, dtype=np.int64)) for i in [[0, 5, 2], [-1, -6, 3, 3, 3], [],
#     [6], [-7], [2, 9, 1]]
# case: gather(np.zeros(0), np.array([0]))
# case: gather_int32(np.arange(10) * 3, np.array([9, -10, 4], dtype=np.int32))
# case: gather_list(x) for x in [v, np.arange(3.0), np.arange(2.0)]
# case: gather_rows(m, np.array(i, dtype=np.int64)) for i in [[2, 0], [-1, -1, 1], [], [3]]
# case: gather_rows(m.T, np.array([3, 0, -2]))
# case: gather_reversed(v, np.array([0, 1, -1, 2]))
# case: scatter(np.zeros(5), np.array(i, dtype=np.int64), np.array(w)) for i, w in [([1, 1, 3], [1.0, 2.0, 3.0]),
#     ([-1, 0], [5.0]), ([4, -5], [1.0, 2.0]), ([], []), ([0, 1], [1.0, 2.0, 3.0]),
#     ([2, 5], [1.0, 2.0])]
# case: scatter(np.arange(8.0)[::2], np.array([3, 0]), np.array([-1.0, -2.0]))
# case: scatter_scalar(np.arange(6), np.array(i, dtype=np.int64)) for i in [[0, 0, 5], [-2], [], [6]]
# case: scatter_add(np.zeros(4), np.array(i, dtype=np.int64)) for i in [[0, 0, 3], [-1, 1, -1], [4]]
# case: scatter_rows(m, np.array([0, -1]))
# case: scatter_rows(m.T, np.array([1, 1]))
# let: r = np.arange(300, dtype=np.int32) - 7
# case: gather_uint8(r, np.array(i, dtype=np.uint8)) for i in [[0, 200, 255, 3], [], [43]]
# case: gather_uint8(np.arange(10, dtype=np.int32), np.array([200], dtype=np.uint8))
# case: clear_mask_itself(np.array(b, dtype=np.bool_)) for b in [[True, False, True], [], [False]]
# case: sum_selected(x) for x in [v, np.zeros(0), np.arange(20.0)[::3] - 9.0]
# case: select_expression(v, w) for w in [v[::-1].copy(), np.ones(6)]
# case: select_expression(v, np.ones(5))
# case: scatter_list(x) for x in [v, np.arange(2.0), np.zeros(1)]
# let: k = np.arange(12).reshape(3, 4)
# case: assign_mask_2d(x, b) for x, b in [(k, k % 3 == 0), (k.T, k.T > 4), (k, np.ones((3, 3), dtype=np.bool_))]
import numpy as np
from numba import njit


@njit
def select_positive(a):
    return a[a > 0]


@njit
def select_2d(A):
    return A[A > 1.0]


@njit
def select_transposed(A):
    B = A.T
    return B[B > 1.0]


@njit
def select_reversed(a):
    b = a[::-1][::2]
    return b[b < 3.0]


@njit
def select_rows(A, t):
    return A[A[:, 0] > t]


@njit
def select_with(a, m):
    return a[m]


@njit
def select_with_2d(A, m):
    return A[m]


@njit
def assign_masked(a, x):
    a[a < 0] = x
    return a


@njit
def assign_masked_array(a, w):
    a[a > 0] = w
    return a


@njit
def assign_masked_rows(A, w):
    A[A[:, 1] > -3.0] = w
    return A


@njit
def increment_positive(a):
    a[a > 0] += 1
    return a


@njit
def scale_masked_2d(A):
    A[A > 1.0] *= 2.0
    B = A.T
    B[B < 0.0] -= 1.0
    return A


@njit
def reversed_overlap(a):
    a[a > 0] = a[::-1][a > 0]
    return a


@njit
def forward_overlap(a):
    a[a > 2.0] = a[1:4]
    return a


@njit
def rows_overlap(A):
    A[A[:, 0] > -100.0] = A[::-1]
    return A


@njit
def gather(a, idx):
    return a[idx]


@njit
def gather_int32(a, idx):
    return a[idx]


@njit
def gather_list(a):
    return a[[2, 0, -1, 2]]


@njit
def gather_rows(A, idx):
    return A[idx]


@njit
def gather_reversed(a, idx):
    return a[::-1][idx]


@njit
def scatter(a, idx, w):
    a[idx] = w
    return a


@njit
def scatter_scalar(a, idx):
    a[idx] = -7
    return a


@njit
def scatter_add(a, idx):
    a[idx] += 1.0
    return a


@njit
def scatter_rows(A, idx):
    A[idx] = 0.5
    return A


@njit
def gather_uint8(a, idx):
    return a[idx]


@njit
def clear_mask_itself(b):
    b[b] = False
    return b


@njit
def sum_selected(a):
    return a[a > 0.0].sum() + a[a < 0.0].size


@njit
def select_expression(a, w):
    return (a * 2.0)[w > 0.0] + 1.0


@njit
def scatter_list(a):
    a[[0, -1, 0]] = 3.5
    a[[1]] += 1.0
    return a


@njit
def assign_mask_2d(A, m):
    A[m] = np.arange(1, 100)[: A[m].size]
    return A
