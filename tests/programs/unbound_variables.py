# sig: last_index (int64,)
# sig: first_above (float64[:], float64)
# sig: last_value (float64[:],)
# sig: while_last (int64,)
# sig: try_assigned (int64,)
# sig: try_body_only (int64,)
# sig: branch_assigned (int64,)
# sig: guarded_use (int64,)
# sig: last_row (float64[:, :],)
# sig: loop_var_before (int64,)
# sig: nested_last (int64, int64)
# sig: caught_unbound (int64,)
# sig: tuple_assigned (int64,)
# sig: previous_item (float64[:],)
# sig: comprehension_keeps_outer (int64,)
# sig: target_before_loop (int64,)
# sig: while_break (int64,)
# sig: view_in_branch (float64[:], boolean)
# sig: captured_by_inner (int64,)
# Variables first assigned inside a loop, a `try` body or some branches of an `if` and used
# after it: the loop variable after its loop, a value found under a condition. Python keeps
# their last value, or raises UnboundLocalError where no assignment ran.
# case: last_index(n) for n in [0, 1, 7]
# let: v = np.array([0.5, 2.0, -1.0, 4.0, 3.5])
# case: first_above(a, t) for a in [v, v[::2], v[:0]] for t in [1.0, 3.9, 10.0]
# case: last_value(a) for a in [v, v[::2], v[:0]]
# case: while_last(n) for n in [0, 1, 6]
# case: try_assigned(n) for n in [0, 3, -4]
# case: try_body_only(n) for n in [0, 3]
# case: branch_assigned(n) for n in [-2, 0, 3]
# case: guarded_use(n) for n in [1, 3]
# let: m = np.arange(12.0).reshape(3, 4)
# case: last_row(a) for a in [m, m.T, m[:0]]
# case: loop_var_before(n) for n in [0, 4]
# case: nested_last(n, k) for n, k in [(0, 3), (3, 0), (3, 4)]
# case: caught_unbound(n) for n in [0, 5]
# case: tuple_assigned(n) for n in [0, 3]
# case: previous_item(a) for a in [v, v[::2], v[:1], v[:0]]
# case: comprehension_keeps_outer(n) for n in [0, 4]
# case: target_before_loop(n) for n in [0, 4]
# case: while_break(n) for n in [3, 11]
# case: view_in_branch(a, flag) for a in [v.copy(), v[::2].copy()] for flag in [True, False]
# case: captured_by_inner(n) for n in [0, 3]
import numpy as np
from numba import njit


@njit
def last_index(n):
    for i in range(n):
        pass
    return i


@njit
def first_above(a, t):
    for i in range(a.shape[0]):
        if a[i] > t:
            found = i
            break
    else:
        return -1
    return found


@njit
def last_value(a):
    for x in a:
        last = x * 2.0
    return last


@njit
def while_last(n):
    k = 0
    while k < n:
        square = k * k
        k += 1
    return square


@njit
def try_assigned(n):
    try:
        q = 10 // n
    except ZeroDivisionError:
        q = -1
    return q


@njit
def try_body_only(n):
    try:
        q = 10 // n
        r = q + 1
    except ZeroDivisionError:
        return -100
    return r


@njit
def branch_assigned(n):
    if n > 0:
        sign = 1.0
    elif n < 0:
        sign = -1.0
    return sign


@njit
def guarded_use(n):
    if n > 2:
        big = n * 10
    if n > 2:
        return big
    return 0


@njit
def last_row(m):
    for i in range(m.shape[0]):
        r = m[i] * 2.0
    return r.sum()


@njit
def loop_var_before(n):
    i = -5
    for i in range(n):
        pass
    return i


@njit
def nested_last(n, k):
    total = 0
    for i in range(n):
        for j in range(k):
            total += j
        total += j
    return total + i


@njit
def caught_unbound(n):
    try:
        for k in range(n):
            pass
        return k
    except NameError:
        return -1


@njit
def tuple_assigned(n):
    for i in range(n):
        pair = (i, i * 0.5)
    return pair[1]


@njit
def previous_item(a):
    total = 0.0
    for i in range(a.shape[0]):
        if i > 0:
            total += a[i] * prev
        prev = a[i]
    return total


@njit
def comprehension_keeps_outer(n):
    i = 5
    squares = [i * i for i in range(n)]
    for j in range(n):
        pass
    evens = [j * 2 for j in range(3)]
    return i + len(squares) + j + evens[2]


@njit
def target_before_loop(n):
    x = 10
    for x in range(n):
        pass
    return x


@njit
def while_break(n):
    k = 0
    while k < 10:
        k += 1
        if k == n:
            hit = k * 2
            break
    return hit


@njit
def view_in_branch(a, flag):
    if flag:
        b = a[::2]
    b[0] = 100.0
    return a.sum()


@njit
def captured_by_inner(n):
    for i in range(n):
        pass

    def twice():
        return i * 2

    return twice()
