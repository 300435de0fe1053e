# sig: branch_arr (float64[:], boolean)
# sig: branch_alias (float64[:], boolean)
# sig: iterate (float64[:], int64)
# sig: iterate_arg (float64[:], int64)
# sig: swap (float64[:], int64)
# sig: while_shrink (float64[:],)
# sig: alias_two (float64[:], int64)
# sig: cond_update (float64[:], int64)
# sig: with_break (float64[:], int64)
# sig: with_continue (float64[:], int64)
# sig: while_break (float64[:],)
# sig: nested (float64[:], int64)
# sig: views_out (float64[:], boolean)
# sig: early_ret (float64[:], int64)
# sig: solve (float64[:], float64)
# sig: first_row_above (float64[:, :], float64)
# sig: while_ret (float64[:],)
# sig: row_view (float64[:, :], float64)
# Arrays flowing out of branches and loops: each buffer has one owner at a time (a region, or
# the value leaving it under a run-time ownership flag); aliasing stays as in Python.
# let: v = np.array([1.0, 2.0, 3.0, -0.5, 4.0, 0.25])
# let: inputs = [v, v[::2]]
# case rel=1e-12: branch_arr(a, flag) for a in inputs for flag in [True, False]
# case rel=1e-12: branch_alias(a, flag) for a in inputs for flag in [True, False]
# case rel=1e-12: views_out(a, flag) for a in inputs for flag in [True, False]
# let: counts = [0, 1, 2, 3, 7]
# case rel=1e-12: iterate(a, n) for a in inputs for n in counts
# case rel=1e-12: iterate_arg(a, n) for a in inputs for n in counts
# case rel=1e-12: swap(a, n) for a in inputs for n in counts
# case rel=1e-12: alias_two(a, n) for a in inputs for n in counts
# case rel=1e-12: cond_update(a, n) for a in inputs for n in counts
# case rel=1e-12: with_break(a, n) for a in inputs for n in counts
# case rel=1e-12: with_continue(a, n) for a in inputs for n in counts
# case rel=1e-12: nested(a, n) for a in inputs for n in counts
# case rel=1e-12: early_ret(a, n) for a in inputs for n in counts
# case rel=1e-12: while_shrink(a) for a in inputs
# case rel=1e-12: while_break(a) for a in inputs
# case rel=1e-12: while_ret(a) for a in inputs
# case rel=1e-12: solve(a, tol) for a in inputs for tol in [0.01, 1e-300]
# let: m = np.arange(48) * 7 % 12 / 12
# let: matrices = [m[:12].reshape(3, 4).copy(), m.reshape(6, 8)[::2, ::2]]
# case: first_row_above(a, t) for a in matrices for t in [0.0, 0.5, 0.9, 2.0]
# case: row_view(a, t) for a in matrices for t in [0.0, 0.5, 0.9, 2.0]
import numpy as np
from numba import njit


@njit
def branch_arr(a, flag):
    if flag:
        b = a * 2.0
    else:
        b = a + 1.0
    return b


@njit
def branch_alias(a, flag):
    if flag:
        b = a
    else:
        b = a + 1.0
    b[0] = 100.0
    return b.sum()


@njit
def iterate(a, n):
    x = a.copy()
    for i in range(n):
        x = x * 0.5 + 1.0
    return x


@njit
def iterate_arg(a, n):
    x = a
    for i in range(n):
        x = x * 0.5 + 1.0
    return x.sum()


@njit
def swap(a, n):
    u = a + 0.0
    v = a * 2.0
    for i in range(n):
        u, v = v, u
        u[0] += 1.0
    return u - v


@njit
def while_shrink(a):
    x = a
    while np.abs(x).sum() > 1.0:
        x = x / 2.0
    return x


@njit
def alias_two(a, n):
    x = a * 1.0
    y = x
    for i in range(n):
        y = x
        x = x + 1.0
    return x + y


@njit
def cond_update(a, n):
    x = a * 1.0
    best = x
    for i in range(n):
        x = x * 0.9 - 0.5
        if x.sum() < best.sum() and i % 2 == 0:
            best = x
    return best + x


@njit
def with_break(a, n):
    x = a + 0.0
    for i in range(n):
        if x.sum() > 100.0:
            break
        x = x * 2.0
    return x


@njit
def with_continue(a, n):
    x = a
    for i in range(n):
        if i % 2 == 1:
            continue
        x = x + i
    return x.sum()


@njit
def while_break(a):
    x = a * 1.0
    i = 0
    while True:
        i += 1
        x = x[::-1] * 1.5
        if x.max() > 20.0 or i > 60:
            break
    return x, i


@njit
def nested(a, n):
    x = a + 0.0
    for i in range(n):
        y = x
        for j in range(i):
            y = y + 1.0
        x = y
    return x


@njit
def views_out(a, flag):
    if flag:
        b = (a * 2.0)[1:]
    else:
        b = a[:2]
    return b * 1.0


@njit
def early_ret(a, n):
    x = a * 1.0
    if n > 5:
        return x
    for i in range(n):
        x = x + 1.0
    return x


@njit
def solve(a, tol):
    x = a * 1.0
    for i in range(100):
        y = x * 0.5
        if np.abs(y - x).max() < tol:
            return y
        x = y
    return x

@njit
def first_row_above(A, t):
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            if A[i, j] > t:
                return A[i] * 1.0
    return A[0] * 0.0

@njit
def while_ret(a):
    x = a + 0.0
    k = 0
    while True:
        k += 1
        x = x * 2.0
        if np.abs(x).sum() > 50.0 or k > 60:
            return x
    return x * 0.0


@njit
def row_view(A, t):
    for i in range(A.shape[0]):
        if A[i, 0] > t:
            return A[i]
    return A[0]
