# Python dicts in compiled code (Numba's typed dicts), against CPython: literals, `{}` and
# `dict()` typed from the first store, comprehensions, d[k] (KeyError), del, in, len, the
# methods, iteration in insertion order, aliasing, tuple keys, dicts passed to and returned
# from helpers.
# sig: counted (int64[:],)
# sig: literal (int64,)
# sig: missing (int64,)
# sig: deleted (int64,)
# sig: methods (int64,)
# sig: popped (int64, float64)
# sig: popitem_order (int64,)
# sig: iteration_order (int64,)
# sig: aliases (int64,)
# sig: float_keys (float64,)
# sig: bool_keys (int64,)
# sig: tuple_keys (int64,)
# sig: comprehensions (int64,)
# sig: equality (int64,)
# sig: updated (int64,)
# sig: helpers (int64,)
# sig: empty_typed_later (int64,)
# sig: changed_during_iteration (int64,)
# sig: printed (int64,)
# let: a = np.array([3, 1, 3, 2, 1, 3, -5, 2**40, 3], dtype=np.int64)
# case: counted(x) for x in [a, a[:0].copy(), np.arange(1000) % 37]
# case: literal(n) for n in [0, 1, 2, 7]
# case: missing(n) for n in [1, 2, 5]
# case: deleted(n) for n in [1, 2, 9]
# case: methods(n) for n in [0, 3, 10]
# case: popped(n, x) for n, x in [(1, 0.5), (2, 1.5), (4, -1.0)]
# case: popitem_order(n) for n in [0, 1, 5]
# case: iteration_order(n) for n in [0, 4, 9]
# case: aliases(n) for n in [0, 3]
# case: float_keys(x) for x in [0.0, -0.0, 1.5, 2.0]
# case: bool_keys(n) for n in [0, 1, 4]
# case: tuple_keys(n) for n in [0, 3, 6]
# case: comprehensions(n) for n in [1, 2, 8]
# case: equality(n) for n in [0, 1, 2]
# case: updated(n) for n in [0, 2, 5]
# case: helpers(n) for n in [0, 4]
# case: empty_typed_later(n) for n in [0, 1, 3]
# case: changed_during_iteration(n) for n in [0, 1, 3]
import numpy as np
from numba import njit


@njit
def counted(x):
    d = {}
    for k in x:
        d[k] = d.get(k, 0) + 1
    s = 0
    for k, v in d.items():
        s = (s * 31 + k * v) % 1000003
    return s * 1000 + len(d)


@njit
def literal(n):
    d = {1: 2.0, 3: 4.5, 1: 9.0}
    return d[1] + d[3] * 10 + len(d) * 100 + (n in d) * 1000 + (n not in d) * 10000


@njit
def missing(n):
    d = {1: 1.5, 2: 2.5}
    return d[n]


@njit
def deleted(n):
    d = {1: 10, 2: 20, 9: 90}
    del d[n]
    s = 0
    for k in d:
        s = s * 100 + k
    return s * 10 + len(d)


@njit
def methods(n):
    d = {0: 0.5, 5: 1.5}
    a = d.get(5, -1.0) + d.get(n, -2.0) + d.get(0)
    b = d.setdefault(n, 7.5) + d.setdefault(0, 3.0)
    e = d.copy()
    e[100] = 1.0
    c = len(d) * 10 + len(e)
    d.clear()
    d[2] = 0.25
    return a + b * 10 + c * 100 + d[2] + len(d) * 10000


@njit
def popped(n, x):
    d = {1: x, 2: 2.0 * x, 3: 3.0 * x}
    v = d.pop(n, -1.0)
    w = d.pop(n + 1)
    return v + w * 10 + len(d) * 100


@njit
def popitem_order(n):
    d = {}
    for i in range(n):
        d[i * 3] = i * 0.5
    d[0] = 9.0
    s = 0.0
    while len(d) > 1:
        k, v = d.popitem()
        s = s * 10 + k + v
    k, v = d.popitem()
    return s + k * 1000 + v


@njit
def iteration_order(n):
    d = {}
    for i in range(n):
        d[(i * 7) % 5 - 2] = float(i)
    if n > 2:
        del d[(7) % 5 - 2]
        d[(7) % 5 - 2] = -1.0
    s = 0.0
    for k in d.keys():
        s = s * 3 + k
    t = 0.0
    for v in d.values():
        t = t * 3 + v
    return s * 1000 + t


@njit
def aliases(n):
    d = {1: 1}
    e = d
    for i in range(n):
        e[i + 10] = i
    e[1] = 5
    return len(d) * 100 + d[1] + sum(d.values())


@njit
def float_keys(x):
    d = {0.0: 1, 1.5: 2}
    d[x] = d.get(x, 0) + 10
    d[1] = 7
    return len(d) * 1000 + d[0.0] * 10 + d[1.0] + d[1.5] * 100


@njit
def bool_keys(n):
    d = {True: 1.0}
    for i in range(n):
        d[i % 2 == 0] = d.get(i % 3 == 0, 0.5) + i
    return d[True] + d.get(False, -1.0) * 100 + len(d) * 10000


@njit
def tuple_keys(n):
    d = {(0, 0): 1.0}
    for i in range(n):
        d[(i % 2, i % 3)] = d.get((i % 3, i % 2), 0.0) + i
    s = 0.0
    for (a, b), v in d.items():
        s = s * 7 + a * 3 + b + v
    return s + len(d) * 1000 + ((1, 1) in d) * 100000


@njit
def comprehensions(n):
    d = {i: i * 0.5 for i in range(n) if i % 3 != 1}
    e = {k % 4: v for k, v in d.items()}
    return len(d) * 100 + len(e) + sum(e.values()) + sum(d.keys()) * 1000


@njit
def equality(n):
    d = {1: 1.0, 2: 2.0}
    e = {2: 2.0}
    if n > 0:
        e[1] = 1.0
    f = {1: 1.0, 2: float(n)}
    return (d == e) * 1 + (d != e) * 10 + (d == f) * 100 + (e == f) * 1000


@njit
def updated(n):
    d = {1: 1.0, 2: 2.0}
    e = {i: i * 10.0 for i in range(n)}
    d.update(e)
    s = 0.0
    for k, v in d.items():
        s = s * 10 + k + v
    return s + len(d) * 1000000


@njit
def _histogram(n):
    d = {}
    for i in range(n):
        d[i % 3] = d.get(i % 3, 0) + i
    return d


@njit
def _add_into(d, k):
    d[k] = d.get(k, 0) + 100


@njit
def helpers(n):
    d = _histogram(n)
    _add_into(d, 1)
    _add_into(d, 7)
    s = 0
    for k, v in d.items():
        s = s * 1000 + k * 10 + v
    return s


@njit
def empty_typed_later(n):
    d = dict()
    if n > 0:
        d[n] = n * 0.5
    s = 0.5
    for v in d.values():
        s += v
    return len(d) + s


@njit
def changed_during_iteration(n):
    d = {0: 0, 1: 1}
    s = 0
    for k in d:
        s += k
        if n > 0 and k == 0:
            del d[1]
    return s


@njit
def printed(n):
    d = {i: i * 0.5 for i in range(n)}
    print("d =", d, {True: n}, sep=" ")
    print({n}, set([1]) - {1}, {2.5: -1}, end="!\n")
    return len(d)
