# sig: checked_double (float64,)
# sig: double_until (float64[:], float64)
# sig: classify (int64, int64)
# sig: get_checked (float64[:], int64)
# sig: collatz_steps (int64, int64)
# sig: must_find (int64[:], int64)
# sig: scaled (float64[:], float64)
# sig: report (int64,)
# sig: count_pairs (int64[:], int64)
# case: checked_double(x) for x in [2.5, 0.0, -1.0]
# let: v = np.array([1.0, 2.0, 3.0, 10.0, 4.0])
# case: double_until(v, limit) for limit in [100.0, 5.0, 0.5]
# case: classify(x, y) for x in [-1, 1] for y in [-2, 0, 3]
# case: get_checked(v, i) for i in [0, 4, 5, -1]
# case: collatz_steps(n, limit) for n, limit in [(6, 50), (27, 50), (27, 200), (1, 0)]
# case: must_find(np.array([4, 8, 15, 16, 23, 42]), x) for x in [4, 23, 7]
# case: scaled(v, k) for k in [2.0, 0.0]
# case: report(x) for x in [3, -3]
# case: count_pairs(np.array([1, 2, 3, 4, 5]), t) for t in [3, 5, 9, 20]
from numba import njit


@njit
def checked_double(x):
    if x < 0:
        raise ValueError("negative input")
    return x * 2.0


@njit
def double_until(a, limit):
    total = 0.0
    for i in range(a.shape[0]):
        if a[i] > limit:
            raise ValueError("value above the limit")
        a[i] = a[i] * 2.0
        total += a[i]
    return total


@njit
def classify(x, y):
    if x > 0:
        if y > 0:
            return 1
        elif y == 0:
            raise ZeroDivisionError
        else:
            raise ArithmeticError()
    return 0


@njit
def checked(i, n):
    if i < 0 or i >= n:
        raise IndexError("index out of range")
    return i


@njit
def get_checked(a, i):
    j = checked(i, a.shape[0])
    return a[j]


@njit
def collatz_steps(n, limit):
    steps = 0
    while n != 1:
        if steps >= limit:
            raise RuntimeError("too many steps")
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@njit
def must_find(a, x):
    i = 0
    while True:
        if i >= a.shape[0]:
            raise KeyError("not found")
        if a[i] == x:
            return i
        i += 1


@njit
def scaled(a, k):
    if k == 0:
        raise ValueError("k must be nonzero")
    return a * k


@njit
def report(x):
    if x < 0:
        raise ValueError("negative")
    print(x)


@njit
def count_pairs(a, target):
    n = a.shape[0]
    count = 0
    for i in range(n):
        for j in range(i + 1, n):
            if a[i] + a[j] == target:
                count += 1
                if count > 1:
                    raise OverflowError("too many pairs")
    return count
