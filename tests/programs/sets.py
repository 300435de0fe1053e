# Python sets in compiled code, against CPython: literals, `set()` typed from the first add,
# set(list or array), the methods (KeyError from remove and pop), operators, comparisons,
# comprehensions. CPython's set iteration order is an implementation detail: results that
# iterate a set compare `sorted(...)` of it (or order-free sums).
# sig: built (int64,)
# sig: from_array (float64[:],)
# sig: methods (int64,)
# sig: removed (int64,)
# sig: popped (int64,)
# sig: algebra (int64,)
# sig: operators (int64,)
# sig: compared (int64,)
# sig: comprehension (int64,)
# sig: tuples (int64,)
# sig: aliases (int64,)
# sig: augmented (int64,)
# case: built(n) for n in [0, 1, 5]
# let: v = np.array([3.0, -1.0, 2.5, 3.0, -0.0, 0.0, 2.5])
# case: from_array(a) for a in [v, v[:0].copy(), v[:2].copy()]
# case: methods(n) for n in [0, 2, 6]
# case: removed(n) for n in [1, 4]
# case: popped(n) for n in [0, 1, 3]
# case: algebra(n) for n in [0, 3, 8]
# case: operators(n) for n in [0, 3, 8]
# case: compared(n) for n in [0, 1, 2, 3]
# case: comprehension(n) for n in [0, 10]
# case: tuples(n) for n in [0, 5]
# case: aliases(n) for n in [0, 3]
# case: augmented(n) for n in [0, 2, 6]
import numpy as np
from numba import njit


@njit
def built(n):
    s = {1, 2, 2, 3}
    t = set()
    for i in range(n):
        t.add(i % 3)
    return len(s) * 100 + len(t) + sum(sorted(t)) * 10 + (2 in s) * 1000 + (n in t) * 10000


@njit
def from_array(a):
    s = set(a)
    l = set([1, 2, 1])
    total = 0.0
    for x in sorted(s):
        total = total * 10 + x
    return total + len(s) * 1000 + len(l) * 100000


@njit
def methods(n):
    s = {1, 2, 3}
    s.discard(n)
    s.add(10)
    t = s.copy()
    t.update(range(n))
    t.update({100, 200})
    s.clear()
    s.add(4)
    return len(s) * 1000 + len(t) + sum(sorted(t)) * 10


@njit
def removed(n):
    s = {1, 2, 3}
    s.remove(n)
    return len(s)


@njit
def popped(n):
    s = set()
    for i in range(n):
        s.add(i * i)
    x = s.pop()
    return (x in s) * 1000 + len(s)


@njit
def algebra(n):
    a = {1, 2, 3, 4}
    b = set(range(n))
    u = a.union(b)
    i = a.intersection(b)
    d = a.difference(b)
    x = a.symmetric_difference(b)
    c = a.copy()
    c.intersection_update(b)
    e = a.copy()
    e.difference_update(b)
    f = a.copy()
    f.symmetric_difference_update(b)
    return (len(u) * 1000000 + len(i) * 10000 + len(d) * 100 + len(x)
            + sum(sorted(x)) * 0.5 + len(c) * 0.01 + len(e) * 0.001 + len(f) * 0.0001)


@njit
def operators(n):
    a = {1, 2, 3, 4}
    b = set(range(n))
    u = a | b
    i = a & b
    d = a - b
    x = a ^ b
    return len(u) * 1000 + len(i) * 100 + len(d) * 10 + len(x) + sum(sorted(u))


@njit
def compared(n):
    a = {1, 2}
    b = set(range(n))
    return ((a <= b) * 1 + (a < b) * 10 + (a >= b) * 100 + (a > b) * 1000
            + (a == b) * 10000 + (a != b) * 100000 + a.issubset(b) * 1000000
            + a.issuperset(b) * 10000000 + a.isdisjoint(b) * 100000000)


@njit
def comprehension(n):
    s = {i % 4 for i in range(n) if i != 2}
    return len(s) * 100 + sum(sorted(s))


@njit
def tuples(n):
    s = {(0, 1.5)}
    for i in range(n):
        s.add((i % 2, i * 0.5))
    return len(s) * 10 + ((1, 0.5) in s)


@njit
def aliases(n):
    s = {0}
    t = s
    for i in range(n):
        t.add(i + 1)
    return len(s)


@njit
def augmented(n):
    a = {1, 2, 3, 4}
    alias = a
    b = set(range(n))
    a |= b
    u = len(alias)
    a &= {0, 1, 2, 5}
    i = len(alias)
    a -= {1}
    d = len(alias)
    a ^= {7, 2}
    return u * 1000 + i * 100 + d * 10 + len(alias) + sum(sorted(alias)) * 10000
