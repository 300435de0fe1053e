# sig: first_above (float64[:], float64)
# sig: find_pair (int64[:], int64)
# let: v = np.array([-1.0, 0.5, 3.0, -2.0, 7.0, 1.0])
# case: first_above(a, t) for t in [-5.0, 0.0, 2.0, 6.5, 100.0] for a in [v, v[::2]]
# case: find_pair(np.array([1, 2, -1, 4, 3, 2]), target) for target in [0, 3, 5, 100]
from numba import njit


@njit
def first_above(a, t):
    k = -1
    steps = 0
    for i in range(a.shape[0]):
        steps += 1
        if a[i] > t:
            k = i
            break
    return k, steps


@njit
def find_pair(a, target):
    hits = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            if a[i] + a[j] == target:
                hits += 1
                break
            if a[j] < 0:
                continue
    return hits
