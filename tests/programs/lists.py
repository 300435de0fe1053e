# Python lists in compiled code, against CPython: literals, `[]` typed from its first item,
# aliases, indexing (IndexError always), slices, methods, comprehensions, builtins, sorting,
# lists passed to and returned from helpers.
# sig: appended (int64,)
# sig: aliases (int64,)
# sig: indexed (int64,)
# sig: assigned (int64, float64)
# sig: sliced (int64, int64, int64)
# sig: methods (int64,)
# sig: popped (int64, int64)
# sig: found (float64,)
# sig: removed (float64,)
# sig: comprehensions (int64,)
# sig: operators (int64,)
# sig: builtins_of_lists (float64[:],)
# sig: sorting (float64[:],)
# sig: helpers (int64,)
# sig: to_array (int64,)
# sig: empty_sum (int64,)
# sig: parallel_lists (int64,)
# sig: printed (int64,)
# sig: iterated_while_growing (int64,)
# sig: iterated_while_shrinking (int64,)
# case: iterated_while_growing(n) for n in [0, 1, 5]
# case: iterated_while_shrinking(n) for n in [0, 3, 6]
# case: appended(n) for n in [0, 1, 5, 1000]
# case: aliases(n) for n in [0, 3]
# case: indexed(i) for i in [0, 2, -1, -3, 3, -4, 100]
# case: assigned(i, x) for i, x in [(0, 1.5), (-1, 2.5), (3, 0.5), (-4, 1.0)]
# case: sliced(a, b, c) for a, b, c in [(0, 5, 1), (1, 8, 2), (7, 1, -2), (-3, 100, 1), (0, 10, 0), (5, 2, 1)]
# case: methods(n) for n in [0, 1, 4]
# case: popped(n, i) for n, i in [(3, -1), (3, 0), (3, 2), (3, 3), (3, -4), (0, -1), (1, 0)]
# case: found(x) for x in [1.0, 2.5, 7.0, 3.0]
# case: removed(x) for x in [1.0, 2.5, 7.0]
# case: comprehensions(n) for n in [0, 1, 6]
# case: operators(n) for n in [-1, 0, 2]
# let: v = np.array([3.0, -1.0, 2.5, 0.0, 2.5, 9.0])
# case: builtins_of_lists(a) for a in [v, v[::-1].copy(), v[:1].copy()]
# case: sorting(a) for a in [v, np.array([1.0, -0.0, 0.0, -2.0, 1.0]), v[:0].copy(), np.arange(40.0) % 7]
# case: helpers(n) for n in [0, 4]
# case: to_array(n) for n in [0, 5]
# case: empty_sum(n) for n in [0, 3]
# case threads=1,2: parallel_lists(n) for n in [0, 7, 1000]
import numpy as np
from numba import njit, prange


@njit
def appended(n):
    l = []
    for i in range(n):
        l.append(i * 0.5)
    s = 0.0
    for x in l:
        s += x
    return s + len(l)


@njit
def aliases(n):
    l = [1.0]
    m = l
    for i in range(n):
        m.append(2.0 * i)
    return len(l) * 1000.0 + sum(l)


@njit
def indexed(i):
    l = [10, 20, 30]
    return l[i]


@njit
def assigned(i, x):
    l = [0.0, 0.0, 0.0]
    l[i] = x
    return l[0] * 100.0 + l[1] * 10.0 + l[2]


@njit
def sliced(a, b, c):
    l = [i * 1.5 for i in range(10)]
    m = l[a:b:c]
    s = 0.0
    for k, x in enumerate(m):
        s += (k + 1) * x
    return s + len(m) * 1000.0


@njit
def methods(n):
    l = [3, 1, 2]
    l.insert(0, 7)
    l.insert(-1, 9)
    l.insert(100, 8)
    l.insert(-100, 6)
    l.extend(range(n))
    l.extend([4, 4])
    l.reverse()
    c = l.copy()
    c.append(99)
    l.append(l.count(4))
    t = 0
    for x in l:
        t = t * 3 + x
    l.clear()
    l.append(5)
    return t * 100 + len(l) + len(c)


@njit
def popped(n, i):
    l = list(range(n))
    x = l.pop(i)
    return x * 100 + len(l) * 10 + sum(l)


@njit
def found(x):
    l = [1.0, 2.5, 3.0, 2.5]
    k = l.index(x)
    return k * 10 + l.count(x) + (x in l) * 100 + (x not in l) * 1000


@njit
def removed(x):
    l = [1.0, 2.5, 3.0, 2.5]
    l.remove(x)
    return l[0] * 1000.0 + l[1] * 100.0 + l[2] + len(l)


@njit
def comprehensions(n):
    squares = [i * i for i in range(n) if i % 2 == 0]
    shifted = [x + 0.5 for x in squares]
    pairs = [i * 10 + j for i in range(n) for j in range(i)]
    flags = [i > 2 for i in range(n)]
    return sum(squares) + sum(shifted) + len(pairs) * 1000 + sum(pairs) + sum(flags) + 0.5


@njit
def operators(n):
    a = [1, 2] + [3]
    b = a * n
    c = n * [1.5, 2.5]
    d = [0.5] + [1, 2]
    return len(b) * 100 + sum(b) + sum(c) + sum(d) + (2 in a) + (5 in a) * 10


@njit
def builtins_of_lists(a):
    l = [x for x in a]
    s = 0.0
    for i, x in enumerate(l):
        s += i * x
    for x, y in zip(l, reversed(l)):
        s += x * y
    return s + max(l) + min(l) + sum(l) + len(l) + any(l) + all(l) * 2


@njit
def sorting(a):
    l = list(a)
    m = sorted(l)
    l.sort()
    s = 0.0
    for i in range(len(l)):
        if l[i] == m[i] or (l[i] != l[i] and m[i] != m[i]):
            s += 1.0
    t = 0.0
    for i, x in enumerate(m):
        if x == x:
            t += (i + 1) * x
    return s * 1000.0 + t + len(sorted(range(len(l))))


@njit
def _filled(n):
    return [i * 2 for i in range(n)]


@njit
def _extend_into(l, k):
    for i in range(k):
        l.append(-i)


@njit
def helpers(n):
    l = _filled(n)
    _extend_into(l, 3)
    return sum(l) * 100 + len(l)


@njit
def to_array(n):
    l = [i * 0.25 for i in range(n)]
    a = np.array(l)
    b = np.asarray(l)
    l.append(100.0)
    a[0:0] = 1.0
    return a * 2.0 + b


@njit
def empty_sum(n):
    l = list()
    if n > 1:
        l.append(n)
    return sum(l) + len(l)


@njit(parallel=True)
def parallel_lists(n):
    total = 0.0
    for i in prange(n):
        l = [float(j) for j in range(i % 5)]
        l.append(1.0)
        total += sum(l)
    return total


@njit
def printed(n):
    l = [i * 0.5 for i in range(n)]
    print("l =", l, "n", n)
    print([i > 1 for i in range(n)], [7, -2], [x for x in range(0)], sep=";", end="!\n")
    return len(l)


@njit
def iterated_while_growing(n):
    # CPython's list iterator reads the length before each item: appended items are visited
    l = [1.0]
    for x in l:
        if x < n:
            l.append(x + 1.0)
    m = [0]
    for i, x in enumerate(m):
        if i < n:
            m.append(x + 2)
    pairs = 0
    for a, b in zip(l, m):
        pairs += 1
    return len(l), sum(m), pairs


@njit
def iterated_while_shrinking(n):
    # popped items are not visited (nor read past the end)
    l = list(range(n))
    total = 0
    for x in l:
        total += x
        l.pop()
    return total, len(l)
