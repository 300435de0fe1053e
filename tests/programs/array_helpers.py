# sig: outer (float64[:],)
# sig: uses_row (float64[:, :],)
# sig: chooser (float64[:], boolean)
# sig: tuple_user (int64,)
# sig: countdown (float64[:], int64)
import numpy as np
from numba import njit


# Functions returning arrays to compiled callers: fresh arrays pass to the caller, views of
# the caller's arrays stay views (writes through them are seen), and what is chosen at run
# time carries its ownership with it.


@njit
def scaled(a, s):
    return a * s


@njit
def outer(a):
    b = scaled(a, 2.0)
    return b + scaled(b, 0.5).sum()


@njit
def first_row(A):
    return A[0]


@njit
def tail(a):
    return a[1:]


@njit
def uses_row(A):
    r = first_row(A)
    r[0] = 42.0
    return first_row(A) + tail(A[0])[0]


@njit
def pick(a, c):
    if c:
        return a
    return a * 2.0


@njit
def chooser(a, c):
    x = pick(a, c)
    y = pick(x, not c)
    y[0] = -1.0
    return y + x


@njit
def make(n):
    return np.zeros(n), np.ones(n)


@njit
def tuple_user(n):
    a, b = make(n + 1)
    return (a + b).sum()


@njit
def shifted(a, k):
    if k <= 0:
        return a
    return shifted(a + 1.0, k - 1)


@njit
def countdown(a, k):
    return shifted(a, k) - a
