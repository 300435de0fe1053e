# sig: where_alone (float64[:],)
# sig: where_alone_2d (float64[:, :],)
# sig: new_axes (float64[:, :],)
# sig: new_axes_3d (int64[:, :, :],)
# sig: squeezed (float64[:, :, :],)
# sig: squeeze_method (float64[:, :],)
# sig: take_along (float64[:, :], int64[:])
# sig: take_vector (float64[:], int64[:])
# snapshot-sig: argsort_axes (float64[:, :],)
# sig: expanded_is_a_view (float64[:, :],)
# (argsort_axes has no generated inputs: NumPy's default sort orders ties otherwise.)
# np.where with one argument (np.nonzero), np.expand_dims with any axis or tuple of axes,
# np.squeeze / a.squeeze with axis= (ValueError for an axis whose length is not 1),
# np.take with axis=, np.argsort along either axis of a matrix or flattened.
# let: m = np.arange(12) * 7 % 5 - 1.5
# case: where_alone(v) for v in [m, m[::2], np.zeros(3), np.zeros(0)]
# case: where_alone_2d(a) for a in [m.reshape(3, 4), m.reshape(4, 3).T, np.zeros((2, 0))]
# case: new_axes(a) for a in [m.reshape(3, 4), m.reshape(4, 3).T, m.reshape(3, 4)[::2, 1:]]
# case: new_axes_3d(np.arange(24).reshape(2, 3, 4))
# case: squeezed(a) for a in [m.reshape(1, 12, 1), m.reshape(1, 6, 2)[:, ::2, :1], m.reshape(2, 6, 1),
#     m.reshape(1, 4, 3)]
# case: squeeze_method(a) for a in [m.reshape(12, 1), m.reshape(6, 2)[:, 1:], m.reshape(4, 3)]
# case: take_along(a, np.array(i, dtype=np.int64)) for a, i in [(m.reshape(3, 4), [0, 2, -1]),
#     (m.reshape(4, 3).T, [1, 1]), (m.reshape(3, 4), []), (m.reshape(3, 4), [3]), (m.reshape(3, 4), [-4])]
# case: take_vector(m, np.array(i, dtype=np.int64)) for i in [[0, -1, 5], [12], []]
# let: distinct = (np.arange(20) * 7 % 20 - 9.5).reshape(4, 5)
# case: argsort_axes(a) for a in [distinct, distinct.T, distinct[::2, 1:], np.zeros((0, 3))]
# case: expanded_is_a_view(m.reshape(3, 4))
import numpy as np
from numba import njit


@njit
def where_alone(a):
    return np.where(a > 0.3)


@njit
def where_alone_2d(A):
    rows, cols = np.where(A > 0.3)
    return rows, cols, A[A > 0.3]


@njit
def new_axes(A):
    return (
        np.expand_dims(A, 0),
        np.expand_dims(A, 2),
        np.expand_dims(A, -2),
        np.expand_dims(A, (0, 3)),
        np.expand_dims(A, (-1, 1)),
    )


@njit
def new_axes_3d(A):
    return np.expand_dims(A, 3), np.expand_dims(A, (1, 3)).sum(axis=(1, 3))


@njit
def squeezed(A):
    return np.squeeze(A, axis=0), np.squeeze(A, (0, 2))


@njit
def squeeze_method(A):
    return A.squeeze(1), A.squeeze(axis=-1) * 2.0


@njit
def take_along(A, idx):
    return np.take(A, idx, axis=0), np.take(A, idx, axis=1), np.take(A, idx)


@njit
def take_vector(a, idx):
    return np.take(a, idx, axis=0), np.take(a, idx, axis=-1)


@njit
def argsort_axes(A):
    return np.argsort(A), np.argsort(A, axis=0), np.argsort(A, axis=-1), np.argsort(A, axis=None)


# A view: writing through it writes the array.
@njit
def expanded_is_a_view(A):
    e = np.expand_dims(A, 1)
    e[1, 0, 2] = 100.0
    s = np.squeeze(e, 1)
    s[0, 0] = -100.0
    return A
