# sig: first_index (float64[:], float64)
# sig: classify (int64[:], int64)
# let: v = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0])
# case: first_index(a, x) for x in [3.0, 1.0, 9.0, 7.0] for a in [v, v[::2]]
# case: classify(np.array(data, dtype=np.int64), limit) for data, limit in [([1, 2, 3], 10),
#     ([5, 6, 7, -1], 10), ([5, 20, -1], 10), ([], 3), ([-5], 0)]
from numba import njit


@njit
def first_index(a, x):
    for i in range(a.shape[0]):
        if a[i] == x:
            return i
    return -1


@njit
def classify(a, limit):
    total = 0
    for v in a:
        if v < 0:
            return -100 - total
        if v > limit:
            break
        total += v
    if total > 10:
        return total * 2
    return total
