# sig: slice_sums (float64[:], int64)
# sig: row_ops (float64[:, :], float64[:])
# sig: tail_view (float64[:], int64)
# let: v = np.arange(10) * 1.5 - 4.0
# case rel=1e-12: slice_sums(v[::step], i) for i, step in [(3, 1), (0, 1), (9, 2), (-2, 1), (20, 3)]
# let: m = np.arange(12.0).reshape(3, 4)
# case rel=1e-12: row_ops(m, np.array([1.0, 2.0, 3.0, 4.0]))
# case rel=1e-12: row_ops(m[::2, ::2], np.array([1.0, -1.0]))
# case: tail_view(np.arange(6) - 2.0, 2)
from numba import njit


@njit
def slice_sums(a, i):
    head = a[:i]
    tail = a[i:]
    back = a[::-1]
    odd = a[1::2]
    total = 0.0
    for x in head:
        total += x
    for x in tail:
        total += 2.0 * x
    for k in range(len(back)):
        total += back[k] * k
    for x in odd:
        total -= x
    return total + len(head) * 100 + len(odd)


@njit
def row_ops(A, v):
    A[0, :] = A[0, :] * 2.0 + v
    A[1:, :] -= A[0, :] / 3.0
    A[:, -1] = -1.0
    s = 0.0
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            s += A[i, j]
    return s


@njit
def tail_view(a, i):
    return a[i:] * 2.0 - a[:len(a) - i]
