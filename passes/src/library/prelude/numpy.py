# Blackbird's NumPy prelude: NumPy functions written in the Python subset Blackbird compiles,
# compiled along with the functions that call them (as Numba implements much of NumPy in
# Python through @overload). A call `np.NAME(...)` that the registry does not declare
# (passes/src/library) resolves to `def NAME` here; inside this file, `np.NAME` and plain
# `NAME` calls reach these functions too. Branches on `x is None` or `a.ndim` are pruned
# when the types decide them, so one function may serve several argument types.
#
# Each function follows NumPy 2's semantics (results, dtypes, the order of float
# operations); tests/programs/numpy_prelude.py checks every one against NumPy.
import math

import numpy as np


# ----- elementwise functions (the ufuncs behind the operators) -----


def add(x1, x2):
    return x1 + x2


def subtract(x1, x2):
    return x1 - x2


def multiply(x1, x2):
    return x1 * x2


def divide(x1, x2):
    return x1 / x2


def true_divide(x1, x2):
    return x1 / x2


def floor_divide(x1, x2):
    return x1 // x2


def remainder(x1, x2):
    return x1 % x2


def mod(x1, x2):
    return x1 % x2


def power(x1, x2):
    return x1**x2


def negative(x):
    return -x


def positive(x):
    return +x


def less(x1, x2):
    return x1 < x2


def less_equal(x1, x2):
    return x1 <= x2


def greater(x1, x2):
    return x1 > x2


def greater_equal(x1, x2):
    return x1 >= x2


def equal(x1, x2):
    return x1 == x2


def not_equal(x1, x2):
    return x1 != x2


def logical_and(x1, x2):
    return (x1 != 0) & (x2 != 0)


def logical_or(x1, x2):
    return (x1 != 0) | (x2 != 0)


def logical_xor(x1, x2):
    return (x1 != 0) ^ (x2 != 0)


def logical_not(x):
    return x == 0


def bitwise_and(x1, x2):
    return x1 & x2


def bitwise_or(x1, x2):
    return x1 | x2


def bitwise_xor(x1, x2):
    return x1 ^ x2


def deg2rad(x):
    return x * (math.pi / 180.0)


def rad2deg(x):
    return x * (180.0 / math.pi)


def radians(x):
    return x * (math.pi / 180.0)


def degrees(x):
    return x * (180.0 / math.pi)


# ----- comparisons of whole arrays -----


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    # NumPy: |a - b| <= atol + rtol * |b| where b is finite; equal values (infinities
    # included) are close; NaNs only with equal_nan.
    close = (np.abs(a - b) <= atol + rtol * np.abs(b)) & np.isfinite(b)
    close = close | (a == b)
    if equal_nan:
        close = close | (np.isnan(a) & np.isnan(b))
    return close


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(np.all(isclose(a, b, rtol, atol, equal_nan)))


def array_equal(a1, a2):
    if a1.ndim != a2.ndim:
        return False
    same = a1.shape[0] == a2.shape[0]
    if a1.ndim >= 2:
        same = same and a1.shape[1] == a2.shape[1]
    if a1.ndim >= 3:
        same = same and a1.shape[2] == a2.shape[2]
    if not same:
        return False
    return bool(np.all(a1 == a2))


# ----- building and rearranging arrays -----


def diff(a):
    # The first difference along the last axis.
    if a.ndim == 1:
        return a[1:] - a[:-1]
    if a.ndim == 2:
        return a[:, 1:] - a[:, :-1]
    return a[:, :, 1:] - a[:, :, :-1]


def roll(a, shift):
    # NumPy's roll without `axis`: the flattened array shifted, in a's shape.
    flat = a.flatten()
    n = flat.size
    out = np.empty_like(flat)
    if n == 0:
        return out.reshape(a.shape)
    s = shift % n
    out[s:] = flat[: n - s]
    out[:s] = flat[n - s :]
    return out.reshape(a.shape)


def flip(m):
    if m.ndim == 1:
        return m[::-1]
    if m.ndim == 2:
        return m[::-1, ::-1]
    return m[::-1, ::-1, ::-1]


def flipud(m):
    return m[::-1]


def fliplr(m):
    return m[:, ::-1]


def copyto(dst, src):
    dst[:] = src


def tile(a, reps):
    # A vector repeated `reps` times.
    n = a.size
    out = np.empty(n * reps, a.dtype)
    for r in range(reps):
        out[r * n : (r + 1) * n] = a
    return out


def repeat(a, repeats):
    # Each element of the flattened array repeated `repeats` times.
    flat = a.flatten()
    out = np.empty(flat.size * repeats, a.dtype)
    for i in range(flat.size):
        out[i * repeats : (i + 1) * repeats] = flat[i]
    return out


def cross(a, b):
    # Two 3-vectors (NumPy's deprecated cross product of 2-vectors is a 0-d array: refused).
    if a.shape[0] != 3 or b.shape[0] != 3:
        raise ValueError(
            "incompatible dimensions for cross product (compiled code supports 3-vectors)"
        )
    out = np.empty(3, (a[:1] * b[:1]).dtype)
    out[0] = a[1] * b[2] - a[2] * b[1]
    out[1] = a[2] * b[0] - a[0] * b[2]
    out[2] = a[0] * b[1] - a[1] * b[0]
    return out


def trace(a):
    n = min(a.shape[0], a.shape[1])
    d = np.empty(n, a.dtype)
    for i in range(n):
        d[i] = a[i, i]
    return np.sum(d)
