# sig: checked_sqrt (float64,)
# sig: checked_ratio (int64, int64)
# sig: mean_positive (float64[:],)
# sig: find_first (int64[:], int64)
# sig: is_prime (int64,)
# sig: first_square_above (int64, int64)
# sig: nested_search (int64[:, :], int64)
# snapshot-sig: local_imports (float64,)
# sig: local_numpy (int64,)
# sig: never_true (int64,)
# case: checked_sqrt(x) for x in [4.0, 0.0, -1.0]
# case: checked_ratio(a, b) for a, b in [(7, 2), (-7, 2), (1, 0), (0, 0)]
# case: mean_positive(np.array(v)) for v in [[1.0, 2.0, 4.5], [1.0, -2.0], [0.5]]
# case: find_first(np.array([4, 8, 15, 16, 23, 42]), x) for x in [4, 23, 42, 7]
# case: find_first(np.array([], dtype=np.int64), 3)
# case: is_prime(n) for n in [2, 3, 4, 17, 21, 97, 1]
# case: first_square_above(n, limit) for n, limit in [(10, 20), (3, 20), (5, 0)]
# case: nested_search(np.arange(12).reshape(3, 4), x) for x in [0, 5, 11, 12, -1]
# case: local_imports(x) for x in [0.25, 2.0, 9.0]
# case: local_numpy(n) for n in [1, 4, 7]
# case: never_true(n) for n in [0, 3]
from numba import njit


@njit
def checked_sqrt(x):
    assert x >= 0.0, "x must be non-negative"
    return x ** 0.5


@njit
def checked_ratio(a, b):
    assert b != 0
    assert a >= 0 or b > 0, "negative ratio"
    return a / b


@njit
def mean_positive(a):
    total = 0.0
    for i in range(a.shape[0]):
        assert a[i] > 0.0, "all values must be positive"
        total += a[i]
    return total / a.shape[0]


@njit
def find_first(a, x):
    found = 0
    for i in range(a.shape[0]):
        if a[i] == x:
            found = i
            break
    else:
        found = -1
    return found


@njit
def is_prime(n):
    if n < 2:
        return False
    d = 2
    result = True
    while d * d <= n:
        if n % d == 0:
            result = False
            break
        d += 1
    else:
        d = 0
    return result and d == 0


@njit
def first_square_above(n, limit):
    k = 0
    for i in range(n):
        k = i * i
        if k > limit:
            break
        if i % 2 == 1:
            continue
    else:
        return -k
    return k


@njit
def nested_search(m, x):
    where = -1
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            if m[i, j] == x:
                where = i * 100 + j
                break
        else:
            continue
        break
    else:
        where = -2
    return where


@njit
def local_imports(x):
    import math
    from math import sqrt, pi
    from math import floor as fl
    return math.exp(x) + sqrt(x) * pi + fl(x)


@njit
def local_numpy(n):
    import numpy as np
    from numpy import zeros
    a = zeros(n)
    b = np.ones(n)
    for i in range(n):
        a[i] = i * 0.5
    return (a + b).sum()


@njit
def never_true(n):
    if n > 0:
        return n * 2
    assert False, "n must be positive"
