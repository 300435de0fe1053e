# sig: write_doubled (int64[:],)
# sig: fill_buffer (int64,)
# sig: write_quotients (int64[:], int64[:])
# sig: deep_raise (float64[:],)
# sig: raise_in_branch (float64[:], int64)
# sig: temp_then_raise (int64,)
# sig: returned_array (int64,)
# sig: condition_call (int64,)
# sig: own_division_in_loop (int64[:], int64[:])
# sig: own_shape_error (float64[:], float64[:])
# sig: own_division_then_store (int64[:], int64)
# sig: own_division_in_branch (float64[:], int64)
# sig: own_failed_expression_then_store (float64[:], float64[:], float64[:])
# sig: own_failed_expression_into_empty_slice (float64[:], float64[:], float64[:])
# sig: own_failed_expression_in_2d_store (float64[:, :], float64[:], float64[:])
# case: write_doubled(np.array([1, 2, -3, 4])) 
# case: write_doubled(np.array([5, 6, 7]))
# case: fill_buffer(n) for n in [3, 5, 6, 40]
# case: write_quotients(np.zeros(4, dtype=np.int64), np.array(d)) for d in [[1, 2, 0, 5], [1, 2, 3, 4], [0, 1, 1, 1]]
# case: deep_raise(np.array(v)) for v in [[1.0, 2.0, 3.0], [1.0, -2.0, 3.0], [-1.0, 2.0, 3.0]]
# case: raise_in_branch(np.array([1.0, 2.0, 3.0, 4.0]), k) for k in [0, 2, 3, 9]
# case: temp_then_raise(n) for n in [2, 7]
# case: returned_array(n) for n in [3, 8]
# case: condition_call(n) for n in [0, 3, 12]
# case: own_division_in_loop(np.zeros(6, dtype=np.int64), np.array(d)) for d in [[1, 2, 0, 3, 4, 5], [1, 1, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5]]
# case: own_shape_error(np.zeros(8), np.ones(n)) for n in [3, 4]
# case: own_division_then_store(np.zeros(3, dtype=np.int64), n) for n in [0, 1, 7]
# case: own_division_in_branch(np.zeros(5), k) for k in [0, 2, 4, 9]
# case: own_failed_expression_then_store(np.zeros(8), np.ones(3), np.ones(n)) for n in [1, 2, 3]
# case: own_failed_expression_into_empty_slice(np.zeros(8), np.ones(3), np.ones(n)) for n in [1, 2]
# case: own_failed_expression_in_2d_store(np.zeros((4, 3)), np.ones(4), np.ones(n)) for n in [1, 3, 4]
"""A function that raises makes its caller leave at once, as Python's exceptions propagate:
nothing after the call runs (no write to an argument, no use of the value the raising function
could not compute). So does an implicit raise of the function's own (a division by zero, a
shape error): nothing after it runs."""
import numpy as np
from numba import njit


def doubled(x):
    if x < 0:
        raise ValueError("negative value")
    return x * 2


@njit
def write_doubled(a):
    total = 0
    for i in range(a.shape[0]):
        total += doubled(a[i])
        a[i] = 100
    return total


def zeros_upto_5(n):
    if n > 5:
        raise ValueError("too big")
    return np.zeros(n)


@njit
def fill_buffer(n):
    # A raising helper's placeholder is an empty array: writing on would be out of bounds.
    x = zeros_upto_5(n)
    for i in range(n):
        x[i] = 1.0
    return x.sum()


def quotient(x):
    return 10 // x


@njit
def write_quotients(a, d):
    for i in range(a.shape[0]):
        # int(): a NumPy scalar divided by zero gives 0 under CPython; a Python int raises,
        # as compiled integer division does (Numba's error model).
        a[i] = quotient(int(d[i]))
    return a.sum()


def checked_root(x):
    if x < 0.0:
        raise ValueError("negative root")
    return x ** 0.5


def sum_of_roots(a, k):
    s = 0.0
    for i in range(k):
        s += checked_root(a[i])
    return s


@njit
def deep_raise(a):
    s = sum_of_roots(a, a.shape[0])
    a[0] = s
    return s


@njit
def raise_in_branch(a, k):
    n = 0
    for i in range(a.shape[0]):
        if i >= 1:
            a[i] = a[i] + doubled(k - i)
            n += 1
        else:
            a[i] = -a[i]
    return n


@njit
def temp_then_raise(n):
    t = np.ones(n)
    t[0] = doubled(5 - n)
    u = t * 2.0
    return u.sum()


def arange_upto_5(n):
    if n > 5:
        raise IndexError("too long")
    return np.arange(n)


@njit
def returned_array(n):
    y = arange_upto_5(n)
    y[:] = y * 2
    return y


@njit
def condition_call(n):
    count = 0
    while doubled(10 - n - count) > 4:
        count += 1
    return count


@njit
def own_division_in_loop(a, b):
    # int(): a Python int divided by zero raises (a NumPy scalar would give 0 under CPython).
    for i in range(a.shape[0]):
        a[i] = 10 // int(b[i])
    return a.sum()


@njit
def own_shape_error(x, y):
    x[:3] = y
    x[5] = 1.0
    return x.sum()


@njit
def own_division_then_store(a, n):
    a[0] = 1 // n
    a[1] = 5
    return a[0]


@njit
def own_division_in_branch(a, k):
    total = 0.0
    for i in range(a.shape[0]):
        if i > 0:
            total += 1.0 / (k - i)
        a[i] = total
    return total


@njit
def own_failed_expression_then_store(x, y, z):
    # y + z fails to broadcast when z has 2 elements: neither store happens
    x[:3] = y + z
    x[5] = 1.0
    return x.sum()


@njit
def own_failed_expression_into_empty_slice(x, y, z):
    # an empty target takes the failed expression's placeholder without a shape error of its own
    x[:0] = (y + z)[:0]
    x[5] = 1.0
    return x.sum()


@njit
def own_failed_expression_in_2d_store(x, y, z):
    x[:, 0] = y * z + 1.0
    x[0, 1] = 9.0
    return x.sum()
