"""Functions for test_objmode.py: object mode with loop-lifting (their lines matter: the tests
check that errors point at them)."""

import numpy as np


class Box:
    def __init__(self):
        self.items = []


def mixed(n, a):
    box = Box()                 # not compilable: a class instance
    s = 0.0
    for i in range(n):          # lifted: reads n, a, s; s is read after
        s += a[i] * 2.0
    box.items.append(s)
    t = 1
    while t < 100:              # lifted
        t *= 3
    for j in range(3):          # not compilable: a method of a Python object
        box.items.append(j)
    return s, t, box.items


def in_place(a):
    names = {"scale": 3.0}      # a dict: object mode
    k = names["scale"]
    for i in range(a.shape[0]):
        a[i] = a[i] * k + i
    return a.sum()


def zero_trips(n):
    label = str(n)
    s = 5.0
    for i in range(n):
        s += 1.0
    return s, label


def returns_inside(a):
    label = "x"
    for i in range(a.shape[0]):
        if a[i] < 0:
            return i, label
    return -1, label


def divides(n, d):
    o = object()
    total = 0
    for i in range(n):
        total += i // d         # ZeroDivisionError when d == 0
    return total, o is not None


def takes_list(values):
    tag = object()
    s = 0
    for v in values:            # a list live-in: the compiled loop refuses it, Python runs
        s += v
    return s


def make_closure(scale):
    def inner(a):
        marker = object()
        out = 0.0
        for x in a:
            out += x * scale
        return out, marker is not None
    return inner


def nested_loops(n):
    rows = []
    acc = np.zeros((n, n))
    for i in range(n):          # the outer loop is the one lifted
        for j in range(n):
            acc[i, j] = i * n + j
    rows.append(acc.sum())
    return rows


def raises_in_python(n):
    x = [1, 2]
    for i in range(n):
        x.append(i)
    return x[n + 5]             # IndexError in the object-mode part


def in_branch(n, flag):
    box = Box()
    s = 0
    if flag:
        for i in range(n):
            s += i * i
    else:
        s = -1
    box.items.append(s)
    return s


def sums_with_a_box(n):
    box = Box()
    s = 0
    for i in range(n):
        s += i
    box.items.append(s)
    return box.items


def plain_sum(values):
    s = 0.0
    for v in values:
        s += v
    return s
