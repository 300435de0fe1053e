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
    # NumPy's roll without `axis`: the flattened array shifted, in a's shape. A vector is
    # shifted as it is (two copies, as NumPy's), without flattening it into a copy first.
    if a.ndim == 1:
        m = a.shape[0]
        shifted = np.empty_like(a)
        if m == 0:
            return shifted
        k = shift % m
        shifted[k:] = a[: m - k]
        shifted[:k] = a[m - k :]
        return shifted
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


# ----- finding elements -----


def nonzero(a):
    # A tuple of index arrays, one per dimension, in C order (1-D and 2-D arrays).
    if a.ndim == 1:
        n = a.shape[0]
        count = 0
        for i in range(n):
            if a[i] != 0:
                count += 1
        idx = np.empty(count, np.int64)
        k = 0
        for i in range(n):
            if a[i] != 0:
                idx[k] = i
                k += 1
        return (idx,)
    rows = a.shape[0]
    cols = a.shape[1]
    count = 0
    for i in range(rows):
        for j in range(cols):
            if a[i, j] != 0:
                count += 1
    ri = np.empty(count, np.int64)
    ci = np.empty(count, np.int64)
    k = 0
    for i in range(rows):
        for j in range(cols):
            if a[i, j] != 0:
                ri[k] = i
                ci[k] = j
                k += 1
    return (ri, ci)


def flatnonzero(a):
    flat = a.flatten()
    n = flat.size
    count = 0
    for i in range(n):
        if flat[i] != 0:
            count += 1
    idx = np.empty(count, np.int64)
    k = 0
    for i in range(n):
        if flat[i] != 0:
            idx[k] = i
            k += 1
    return idx


def argwhere(a):
    # The indices of the nonzero elements, one row each (1-D and 2-D arrays).
    if a.ndim == 1:
        idx = flatnonzero(a)
        out = np.empty((idx.size, 1), np.int64)
        for k in range(idx.size):
            out[k, 0] = idx[k]
        return out
    rc = nonzero(a)
    rows = rc[0]
    cols = rc[1]
    out = np.empty((rows.size, 2), np.int64)
    for k in range(rows.size):
        out[k, 0] = rows[k]
        out[k, 1] = cols[k]
    return out


# ----- sorting and searching -----


def _lt(x, y):
    # NumPy's sort order: NaNs after every other value.
    return x < y or (y != y and x == x)


def _sort_inplace(s):
    # Sorts the 1-D array s in place: stable, NaNs last (the runtime's radix sort).
    np._sort_run(s)


def _list_sort(l):
    # `l.sort()` of an array (in place, each row of a matrix) or of a list (a sorted copy,
    # written back).
    if np._is_array(l):
        if l.ndim == 1:
            np._sort_run(l)
        else:
            for r in range(l.shape[0]):
                np._sort_run(l[r])
        return
    a = np.array(l)
    np._sort_run(a)
    for i in range(len(l)):
        l[i] = a[i]


def _sorted(l):
    # `sorted(x)` is `_sorted(list(x))`: the new list, sorted.
    _list_sort(l)
    return l


def _argsort_into(keys, idx):
    # The positions 0..n-1 that sort the 1-D array `keys`, stably (ties keep their order),
    # written into `idx`.
    np._argsort_run(keys, idx)


def _check_sort_kind(kind):
    # NumPy's sort kinds. Every kind sorts with the runtime's stable sort: the values are
    # NumPy's for each kind, and so are argsort's positions for 'stable' and 'mergesort'
    # (NumPy's introsort and heapsort may order equal values otherwise).
    if kind is None:
        return
    if kind == "quicksort" or kind == "mergesort" or kind == "heapsort" or kind == "stable":
        return
    np._invalid_option("sort kind must be one of 'quick', 'heap', or 'stable' (got {!r})", kind)


def sort(a, axis=-1, kind=None):
    # A sorted copy: along the last axis (1-D and 2-D arrays), along axis 0 of a matrix,
    # or flattened (axis=None). NaNs sort to the end. The sort is stable, so equal values
    # such as -0.0 and 0.0 keep their order.
    _check_sort_kind(kind)
    if axis is None:
        flat = a.flatten()
        _sort_inplace(flat)
        return flat
    if a.ndim == 1:
        out = a.copy()
        _sort_inplace(out)
        return out
    if axis == 0 or axis == -2:
        t = a.T.copy()
        for r in range(t.shape[0]):
            _sort_inplace(t[r])
        return t.T.copy()
    out = a.copy()
    for r in range(out.shape[0]):
        _sort_inplace(out[r])
    return out


def argsort(a, axis=-1, kind=None):
    # The positions that sort a 1-D array (or each row of a matrix, or each column with
    # axis=0; the flattened array with axis=None), NaNs last. Stable: equal values keep
    # their order, as NumPy's kind='stable' (its default quicksort may order ties otherwise).
    _check_sort_kind(kind)
    if axis is None:
        flat = a.flatten()
        idx = np.empty(flat.size, np.int64)
        _argsort_into(flat, idx)
        return idx
    if a.ndim == 1:
        idx = np.empty(a.shape[0], np.int64)
        _argsort_into(a, idx)
        return idx
    if axis == 0 or axis == -2:
        t = np.empty((a.shape[1], a.shape[0]), np.int64)
        for c in range(a.shape[1]):
            _argsort_into(a[:, c], t[c])
        return t.T.copy()
    out = np.empty(a.shape, np.int64)
    for r in range(a.shape[0]):
        _argsort_into(a[r], out[r])
    return out


def median(a, axis=None):
    # The median of the flattened array (or of each lane along `axis` of a matrix): the
    # middle value of the sorted values, or the mean of the two middle ones; NaN if any
    # value is NaN.
    if axis is None:
        s = a.flatten()
        _sort_inplace(s)
        return _median_of_sorted(s)
    if a.ndim == 1:
        return median(a)
    if axis == 0 or axis == -2:
        return _median_of_rows(np.sort(a.T))
    return _median_of_rows(np.sort(a))


def _median_of_sorted(s):
    n = s.size
    if n == 0:
        return np.nan
    if s[n - 1] != s[n - 1]:
        return np.nan
    h = n // 2
    if n % 2 == 1:
        return s[h] / 1.0
    return (s[h - 1] + s[h]) / 2.0


def _median_of_rows(s):
    out = np.empty(s.shape[0])
    for r in range(s.shape[0]):
        out[r] = _median_of_sorted(s[r])
    return out


def unique(ar, return_index=False, return_inverse=False, return_counts=False):
    # The sorted unique values of the flattened array; NaNs collapse to one (equal_nan).
    # With return_index, return_inverse, return_counts (literal booleans), also the
    # position of each value's first occurrence, the position of each element's value among
    # the unique ones (in the input's shape), and each value's count, as NumPy's tuple.
    if not return_index and not return_inverse and not return_counts:
        s = ar.flatten()
        _sort_inplace(s)
        return s[_unique_mask(s)]
    flat = ar.flatten()
    n = flat.size
    perm = np.empty(n, np.int64)
    _argsort_into(flat, perm)
    s = flat[perm]
    keep = _unique_mask(s)
    u = s[keep]
    index = perm[keep]
    inverse = np.empty(n, np.int64)
    counts = np.zeros(u.size, np.int64)
    g = -1
    for i in range(n):
        if keep[i]:
            g += 1
        inverse[perm[i]] = g
        counts[g] += 1
    inverse = inverse.reshape(ar.shape)
    if return_index:
        if return_inverse:
            if return_counts:
                return (u, index, inverse, counts)
            return (u, index, inverse)
        if return_counts:
            return (u, index, counts)
        return (u, index)
    if return_inverse:
        if return_counts:
            return (u, inverse, counts)
        return (u, inverse)
    return (u, counts)


def _unique_mask(s):
    # True at the first of each run of equal values of the sorted 1-D array s (NaNs equal).
    n = s.size
    keep = np.empty(n, np.bool_)
    if n > 0:
        keep[0] = True
    for i in range(1, n):
        keep[i] = s[i] != s[i - 1] and not (s[i] != s[i] and s[i - 1] != s[i - 1])
    return keep


def _search(a, x, right):
    lo = 0
    hi = a.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if right:
            go = not _lt(x, a[mid])
        else:
            go = _lt(a[mid], x)
        if go:
            lo = mid + 1
        else:
            hi = mid
    return lo


def searchsorted(a, v, side="left", sorter=None):
    # Insertion points of the values of the array `v` (or the one of a scalar `v`) into the
    # sorted 1-D array `a` (`a[sorter]` when sorter is given): before equal values
    # (side="left") or after them (side="right").
    if side != "left" and side != "right":
        np._invalid_option("search side must be 'left' or 'right' (got {!r})", side)
    right = side == "right"
    s = a if sorter is None else a[sorter]
    if not np._is_array(v):
        return _search(s, v, right)
    flat = v.flatten()
    out = np.empty(flat.size, np.int64)
    for i in range(flat.size):
        out[i] = _search(s, flat[i], right)
    return out.reshape(v.shape)


def interp(x, xp, fp, left=None, right=None):
    # NumPy's arr_interp (compiled_base.c): for each x, the last j with xp[j] <= x, the
    # slope (fp[j+1] - fp[j]) / (xp[j+1] - xp[j]), and the other end when that gives NaN.
    flat = x.flatten()
    n = xp.shape[0]
    if n == 0:
        raise ValueError("array of sample points is empty")
    if fp.shape[0] != n:
        raise ValueError("fp and xp are not of the same length.")
    lval = fp[0] * 1.0
    rval = fp[n - 1] * 1.0
    if left is not None:
        lval = left * 1.0
    if right is not None:
        rval = right * 1.0
    out = np.empty(flat.size, np.float64)
    for i in range(flat.size):
        xv = flat[i] * 1.0
        if n == 1:
            if xv < xp[0]:
                out[i] = lval
            elif xv > xp[0]:
                out[i] = rval
            else:
                out[i] = fp[0] * 1.0
            continue
        if xv != xv:
            out[i] = xv
            continue
        if xv > xp[n - 1]:
            out[i] = rval
            continue
        if xv < xp[0]:
            out[i] = lval
            continue
        j = _search(xp, xv, True) - 1
        if j == n - 1:
            out[i] = fp[j] * 1.0
        elif xp[j] == xv:
            out[i] = fp[j] * 1.0
        else:
            slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
            r = slope * (xv - xp[j]) + fp[j]
            if r != r:
                r = slope * (xv - xp[j + 1]) + fp[j + 1]
                if r != r and fp[j] == fp[j + 1]:
                    r = fp[j] * 1.0
            out[i] = r
    return out.reshape(x.shape)


# ----- building matrices -----


def meshgrid(x, y):
    # indexing='xy': X repeats x along the rows, Y repeats y along the columns (copies).
    nx = x.size
    ny = y.size
    fx = x.flatten()
    fy = y.flatten()
    X = np.empty((ny, nx), x.dtype)
    Y = np.empty((ny, nx), y.dtype)
    for i in range(ny):
        X[i, :] = fx
        Y[i, :] = fy[i]
    return (X, Y)


def diag(v, k=0):
    # A vector's square matrix with it on diagonal k, or a matrix's diagonal k (a copy,
    # where NumPy gives a read-only view).
    if v.ndim == 1:
        n = v.shape[0]
        m = n + abs(k)
        out = np.zeros((m, m), v.dtype)
        for i in range(n):
            if k >= 0:
                out[i, i + k] = v[i]
            else:
                out[i - k, i] = v[i]
        return out
    rows = v.shape[0]
    cols = v.shape[1]
    r0 = 0
    c0 = 0
    if k >= 0:
        c0 = k
    else:
        r0 = -k
    n = max(0, min(rows - r0, cols - c0))
    out = np.empty(n, v.dtype)
    for i in range(n):
        out[i] = v[r0 + i, c0 + i]
    return out


def identity(n):
    return np.eye(n)


# ----- elementwise functions written with loops -----


def fmax(x1, x2):
    # The larger of two, a NaN only where both are NaN (for -0.0 against 0.0 the
    # second, as NumPy's SIMD loops give).
    return np.where(np.isnan(x2) | (x1 > x2), x1, x2)


def fmin(x1, x2):
    return np.where(np.isnan(x2) | (x1 < x2), x1, x2)


def copysign(x1, x2):
    # Arrays of one shape: x1's magnitudes with x2's signs (the sign bit, NaNs' included).
    f1 = x1.flatten()
    f2 = x2.flatten()
    out = np.empty(f1.size, np.float64)
    for i in range(f1.size):
        out[i] = math.copysign(f1[i], f2[i])
    return out.reshape(x1.shape)


def signbit(x):
    f = x.flatten()
    out = np.empty(f.size, np.bool_)
    for i in range(f.size):
        out[i] = math.copysign(1.0, f[i]) < 0.0
    return out.reshape(x.shape)


def _rint(v):
    # Round half to even: adding and subtracting 2**52 rounds in the default mode.
    t = abs(v)
    if t < 4503599627370496.0:
        t = (t + 4503599627370496.0) - 4503599627370496.0
    return math.copysign(t, v)


def rint(x):
    f = x.flatten()
    out = np.empty(f.size, np.float64)
    for i in range(f.size):
        out[i] = _rint(f[i])
    return out.reshape(x.shape)


def _power_of_ten(n):
    # NumPy's power_of_ten (calculation.c).
    r = 1.0
    for i in range(n):
        r = r * 10.0
    if n >= 9:
        r = 1e9
        for i in range(n - 9):
            r = r * 10.0
    return r


def round(a, decimals=0):
    # NumPy's PyArray_Round for float arrays: rint(a * 10**d) / 10**d, or for negative
    # decimals rint(a / 10**-d) * 10**-d.
    if decimals == 0:
        return rint(a)
    if decimals > 0:
        f = _power_of_ten(decimals)
        return rint(a * f) / f
    f = _power_of_ten(-decimals)
    return rint(a / f) * f


def around(a, decimals=0):
    return round(a, decimals)


# ----- joining arrays (a tuple of two) -----


def vstack(tup):
    a = tup[0]
    b = tup[1]
    if a.ndim == 1:
        out = np.empty((2, a.shape[0]), (a[:1] + b[:1]).dtype)
        out[0, :] = a
        out[1, :] = b
        return out
    return np.concatenate((a, b))


def stack(arrays):
    a = arrays[0]
    b = arrays[1]
    if a.ndim == 1:
        out = np.empty((2, a.shape[0]), (a[:1] + b[:1]).dtype)
        out[0, :] = a
        out[1, :] = b
        return out
    out = np.empty((2, a.shape[0], a.shape[1]), (a[:1] + b[:1]).dtype)
    out[0, :, :] = a
    out[1, :, :] = b
    return out


def hstack(tup):
    a = tup[0]
    b = tup[1]
    if a.ndim == 1:
        return np.concatenate((a, b))
    rows = a.shape[0]
    ca = a.shape[1]
    out = np.empty((rows, ca + b.shape[1]), (a[:1, :1] + b[:1, :1]).dtype)
    out[:, :ca] = a
    out[:, ca:] = b
    return out


def column_stack(tup):
    a = tup[0]
    b = tup[1]
    if a.ndim == 1:
        out = np.empty((a.shape[0], 2), (a[:1] + b[:1]).dtype)
        out[:, 0] = a
        out[:, 1] = b
        return out
    return hstack((a, b))


def swapaxes(a, axis1, axis2):
    # Of a matrix: the transpose (a view), or a itself as a view when the axes are one.
    if (axis1 + 2) % 2 == (axis2 + 2) % 2:
        return a.T.T
    return a.T


# ----- statistics -----


def ptp(a):
    return np.max(a) - np.min(a)


def nansum(a, axis=None):
    # NumPy's: the NaNs replaced by 0, then summed (along `axis` of a matrix too).
    b = np.where(np.isnan(a), 0.0, a)
    if axis is None:
        return np.sum(b)
    if a.ndim == 1:
        return np.sum(b)
    if axis == 0 or axis == -2:
        return np.sum(b, axis=0)
    return np.sum(b, axis=1)


def nanprod(a, axis=None):
    b = np.where(np.isnan(a), 1.0, a)
    if axis is None:
        return np.prod(b)
    if a.ndim == 1:
        return np.prod(b)
    if axis == 0 or axis == -2:
        return np.prod(b, axis=0)
    return np.prod(b, axis=1)


def nanmean(a, axis=None):
    # NumPy's: the sum with NaNs as 0, divided by the count of the others.
    nans = np.isnan(a)
    if axis is None:
        return np.sum(np.where(nans, 0.0, a)) / (a.size - np.count_nonzero(nans))
    if a.ndim == 1:
        return nanmean(a)
    if axis == 0 or axis == -2:
        return nansum(a, 0) / (a.shape[0] - np.count_nonzero(nans, axis=0))
    return nansum(a, 1) / (a.shape[1] - np.count_nonzero(nans, axis=1))


def _nanmax_of(f):
    # The largest non-NaN value of a vector (NaN if every value is NaN), as np.fmax.reduce.
    r = np.nan
    for i in range(f.size):
        if r != r or f[i] > r:
            r = f[i]
    return r


def _nanmin_of(f):
    r = np.nan
    for i in range(f.size):
        if r != r or f[i] < r:
            r = f[i]
    return r


def nanmax(a, axis=None):
    # The largest non-NaN value (of each lane along `axis` of a matrix).
    if axis is None:
        return _nanmax_of(a.flatten())
    if a.ndim == 1:
        return _nanmax_of(a)
    if axis == 0 or axis == -2:
        return _nanmax_of_rows(a.T)
    return _nanmax_of_rows(a)


def _nanmax_of_rows(t):
    out = np.empty(t.shape[0])
    for r in range(t.shape[0]):
        out[r] = _nanmax_of(t[r])
    return out


def nanmin(a, axis=None):
    if axis is None:
        return _nanmin_of(a.flatten())
    if a.ndim == 1:
        return _nanmin_of(a)
    if axis == 0 or axis == -2:
        return _nanmin_of_rows(a.T)
    return _nanmin_of_rows(a)


def _nanmin_of_rows(t):
    out = np.empty(t.shape[0])
    for r in range(t.shape[0]):
        out[r] = _nanmin_of(t[r])
    return out


def nanargmax(a):
    # NumPy's: the NaNs replaced by -inf, then argmax (of a non-empty array).
    if a.size > 0 and np.all(np.isnan(a)):
        raise ValueError("All-NaN slice encountered")
    return np.argmax(np.where(np.isnan(a), -np.inf, a))


def nanargmin(a):
    if a.size > 0 and np.all(np.isnan(a)):
        raise ValueError("All-NaN slice encountered")
    return np.argmin(np.where(np.isnan(a), np.inf, a))


def average(a, weights=None):
    # NumPy's: sum(a * w) / sum(w), both summed as NumPy's sum does.
    if weights is None:
        return np.mean(a)
    if a.ndim != weights.ndim or a.size != weights.size or a.shape[0] != weights.shape[0]:
        raise TypeError("Axis must be specified when shapes of a and weights differ.")
    scale = np.sum(weights * 1.0)
    if scale == 0.0:
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")
    return np.sum(a * weights) / scale


def _check_quantile_method(method):
    if (
        method == "inverted_cdf"
        or method == "averaged_inverted_cdf"
        or method == "closest_observation"
        or method == "interpolated_inverted_cdf"
        or method == "hazen"
        or method == "weibull"
        or method == "linear"
        or method == "median_unbiased"
        or method == "normal_unbiased"
        or method == "lower"
        or method == "higher"
        or method == "midpoint"
        or method == "nearest"
    ):
        return
    np._invalid_option(
        "{!r} is not a valid method. Use one of: dict_keys(['inverted_cdf', "
        "'averaged_inverted_cdf', 'closest_observation', 'interpolated_inverted_cdf', "
        "'hazen', 'weibull', 'linear', 'median_unbiased', 'normal_unbiased', 'lower', "
        "'higher', 'midpoint', 'nearest'])",
        method,
    )


def _discrete_index(n, q, method):
    # The sorted position NumPy's discrete methods take (_QuantileMethods).
    if method == "lower":
        return int(math.floor((n - 1) * q))
    if method == "higher":
        return int(math.ceil((n - 1) * q))
    if method == "nearest":
        return int(_rint((n - 1) * q))
    # inverted_cdf and closest_observation: the boundary below or above n*q - 1
    # (- 0.5), clipped at 0.
    index = n * q - 1
    if method == "closest_observation":
        index = n * q - 1 - 0.5
    previous = math.floor(index)
    k = previous + 1
    if method == "inverted_cdf":
        if index - previous == 0:
            k = previous
    elif index - previous == 0 and previous % 2 == 1:
        k = previous
    if k < 0:
        k = 0
    return int(k)


def _virtual_index(n, q, alpha, beta):
    return n * q + (alpha + q * (1.0 - alpha - beta)) - 1


def quantile(a, q, method="linear"):
    # The q-th quantile (a scalar q) of the flattened array by one of NumPy's methods: the
    # discrete ones take a sorted value (of the array's dtype); the others lerp between
    # the two sorted values around a virtual index as NumPy's _lerp does. NaN if any value
    # is NaN.
    _check_quantile_method(method)
    if not (q >= 0.0 and q <= 1.0):
        raise ValueError("Quantiles must be in the range [0, 1]")
    s = a.flatten()
    if s.size == 0:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")
    _sort_inplace(s)
    n = s.size
    if (
        method == "lower"
        or method == "higher"
        or method == "nearest"
        or method == "inverted_cdf"
        or method == "closest_observation"
    ):
        # A NaN, sorted last, is the result when there is one.
        if s[n - 1] != s[n - 1]:
            return s[n - 1]
        return s[_discrete_index(n, q, method)]
    virtual = (n - 1) * q
    if method == "averaged_inverted_cdf":
        virtual = n * q - 1
    elif method == "midpoint":
        virtual = 0.5 * (math.floor((n - 1) * q) + math.ceil((n - 1) * q))
    elif method == "interpolated_inverted_cdf":
        virtual = _virtual_index(n, q, 0.0, 1.0)
    elif method == "hazen":
        virtual = _virtual_index(n, q, 0.5, 0.5)
    elif method == "weibull":
        virtual = _virtual_index(n, q, 0.0, 0.0)
    elif method == "median_unbiased":
        virtual = _virtual_index(n, q, 1 / 3.0, 1 / 3.0)
    elif method == "normal_unbiased":
        virtual = _virtual_index(n, q, 3 / 8.0, 3 / 8.0)
    prev = math.floor(virtual)
    nxt = prev + 1
    if virtual >= n - 1:
        prev = -1
        nxt = -1
    if virtual < 0:
        prev = 0
        nxt = 0
    gamma = virtual - prev
    if method == "averaged_inverted_cdf":
        gamma = 1.0
        if virtual - prev == 0:
            gamma = 0.5
    elif method == "midpoint":
        gamma = 0.5
        if virtual % 1 == 0:
            gamma = 0.0
    lo = s[prev]
    hi = s[nxt]
    diff = hi - lo
    r = lo + diff * gamma
    if gamma >= 0.5:
        r = hi - diff * (1 - gamma)
    if s[n - 1] != s[n - 1]:
        return np.nan
    return r


def percentile(a, q, method="linear"):
    if not (q >= 0.0 and q <= 100.0):
        raise ValueError("Percentiles must be in the range [0, 100]")
    return quantile(a, q / 100, method)


def histogram(a, bins=10, range=None):
    # NumPy's histogram of the flattened array: `bins` equal-width bins over [min, max] (or
    # over range=(lo, hi)), or, for an increasing array `bins`, the bins between its edges
    # (the last one holds its right edge too); values outside are not counted.
    if np._is_array(bins):
        return _histogram_edges(a, bins)
    return _histogram_equal(a, bins, range)


def _histogram_equal(a, bins, limits):
    # From (x - first) * (bins / (last - first)), corrected against the edges.
    if bins < 1:
        raise ValueError("`bins` must be positive, when an integer")
    f = a.flatten()
    if limits is None:
        first = 0.0
        last = 1.0
        if f.size > 0:
            first = np.min(f) * 1.0
            last = np.max(f) * 1.0
        if not (np.isfinite(first) and np.isfinite(last)):
            raise ValueError("autodetected range is not finite")
    else:
        first = limits[0] * 1.0
        last = limits[1] * 1.0
        if first > last:
            raise ValueError("max must be larger than min in range parameter.")
        if not (np.isfinite(first) and np.isfinite(last)):
            raise ValueError("supplied range is not finite")
    if first == last:
        first = first - 0.5
        last = last + 0.5
    edges = np.linspace(first, last, bins + 1)
    hist = np.zeros(bins, np.int64)
    norm = bins / (last - first)
    for k in range(f.size):
        x = f[k]
        if x >= first and x <= last:
            i = int((x - first) * norm)
            if i == bins:
                i -= 1
            if x < edges[i]:
                i -= 1
            elif x >= edges[i + 1] and i != bins - 1:
                i += 1
            hist[i] += 1
    return (hist, edges)


def _histogram_edges(a, edges):
    # The counts between consecutive edges: differences of searchsorted positions in the
    # sorted values ('left', and 'right' at the last edge), as NumPy computes them.
    nb = edges.shape[0]
    for i in range(1, nb):
        if edges[i - 1] > edges[i]:
            raise ValueError("`bins` must increase monotonically, when an array")
    s = a.flatten()
    _sort_inplace(s)
    hist = np.zeros(max(nb - 1, 0), np.int64)
    prev = _search(s, edges[0], False)
    for i in range(1, nb):
        k = _search(s, edges[i], i == nb - 1)
        hist[i - 1] = k - prev
        prev = k
    return (hist, edges.copy())


def _check_pad_mode(mode):
    if mode == "constant" or mode == "edge" or mode == "reflect" or mode == "symmetric" or mode == "wrap":
        return
    if (
        mode == "empty"
        or mode == "linear_ramp"
        or mode == "maximum"
        or mode == "mean"
        or mode == "median"
        or mode == "minimum"
    ):
        np._option_not_compiled(
            "np.pad's mode {!r} (constant, edge, reflect, symmetric and wrap are)", mode
        )
    np._invalid_option("mode {!r} is not supported", mode)


def _pad_widths(w):
    # (before, after) from pad_width: an int for both sides, or a pair (before, after).
    if np._is_tuple(w):
        return (w[0], w[1])
    return (w, w)


def _check_pad_axis(n, before, after, mode):
    if before < 0 or after < 0:
        raise ValueError("index can't contain negative values")
    if n == 0 and mode != "constant" and (before > 0 or after > 0):
        raise ValueError("can't extend empty axis using modes other than 'constant' or 'empty'")


def _pad_index(p, n, mode):
    # The position along an axis of length n that padded position p - before copies
    # (-1: the constant), as NumPy pads: edge repeats the ends; wrap, reflect (about
    # the ends) and symmetric (the ends repeated) extend the axis periodically.
    if p >= 0 and p < n:
        return p
    if mode == "constant":
        return -1
    if mode == "edge":
        if p < 0:
            return 0
        return n - 1
    if mode == "wrap":
        return p % n
    if mode == "reflect":
        if n == 1:
            return 0
        q = p % (2 * n - 2)
        if q >= n:
            q = 2 * n - 2 - q
        return q
    q = p % (2 * n)
    if q >= n:
        q = 2 * n - 1 - q
    return q


def pad(array, pad_width, mode="constant", constant_values=0):
    # A 1-D or 2-D array padded by pad_width (an int, a pair (before, after), or for a
    # matrix one pair per axis) in modes 'constant' (constant_values), 'edge', 'reflect',
    # 'symmetric' and 'wrap'.
    _check_pad_mode(mode)
    if array.ndim == 1:
        w = pad_width
        if np._is_tuple(pad_width):
            if np._is_tuple(pad_width[0]):
                w = pad_width[0]
        b0, a0 = _pad_widths(w)
        n = array.shape[0]
        _check_pad_axis(n, b0, a0, mode)
        out = np.empty(b0 + n + a0, array.dtype)
        for j in range(out.shape[0]):
            k = _pad_index(j - b0, n, mode)
            if k < 0:
                out[j] = constant_values
            else:
                out[j] = array[k]
        return out
    w0 = pad_width
    w1 = pad_width
    if np._is_tuple(pad_width):
        if np._is_tuple(pad_width[0]):
            w0 = pad_width[0]
            w1 = pad_width[1]
    b0, a0 = _pad_widths(w0)
    b1, a1 = _pad_widths(w1)
    n0 = array.shape[0]
    n1 = array.shape[1]
    _check_pad_axis(n0, b0, a0, mode)
    _check_pad_axis(n1, b1, a1, mode)
    out = np.empty((b0 + n0 + a0, b1 + n1 + a1), array.dtype)
    for i in range(out.shape[0]):
        r = _pad_index(i - b0, n0, mode)
        for j in range(out.shape[1]):
            c = _pad_index(j - b1, n1, mode)
            if r < 0 or c < 0:
                out[i, j] = constant_values
            else:
                out[i, j] = array[r, c]
    return out


def digitize(x, bins, right=False):
    # The bin of each value of the array x: searchsorted into increasing bins (side
    # 'right', or 'left' with right=True), or from the end for decreasing bins.
    n = bins.shape[0]
    flat = x.flatten()
    out = np.empty(flat.size, np.int64)
    increasing = True
    if n > 1 and bins[n - 1] < bins[0]:
        increasing = False
    for i in range(1, n):
        if (increasing and bins[i] < bins[i - 1]) or (not increasing and bins[i] > bins[i - 1]):
            raise ValueError("bins must be monotonically increasing or decreasing")
    rev = bins[::-1].copy()
    for i in range(flat.size):
        if increasing:
            out[i] = _search(bins, flat[i], not right)
        else:
            out[i] = n - _search(rev, flat[i], not right)
    return out.reshape(x.shape)


# ----- set operations (sorted results) -----


def _contains(s, x):
    # Whether the sorted 1-D array s holds a value == x.
    if x != x:
        return False
    j = _search(s, x, False)
    return j < s.shape[0] and s[j] == x


def isin(element, test_elements):
    s = unique(test_elements)
    flat = element.flatten()
    out = np.empty(flat.size, np.bool_)
    for i in range(flat.size):
        out[i] = _contains(s, flat[i])
    return out.reshape(element.shape)


def intersect1d(ar1, ar2):
    u1 = unique(ar1)
    u2 = unique(ar2)
    keep = np.empty(u1.size, np.bool_)
    for i in range(u1.size):
        keep[i] = _contains(u2, u1[i])
    return u1[keep]


def union1d(ar1, ar2):
    return unique(np.concatenate((ar1.flatten(), ar2.flatten())))


def setdiff1d(ar1, ar2):
    u1 = unique(ar1)
    return u1[~isin(u1, ar2)]


def bincount(x, weights=None, minlength=0):
    # Counts (or sums of `weights`) of each non-negative integer of a 1-D array.
    if minlength < 0:
        raise ValueError("'minlength' must not be negative")
    n = minlength
    if x.size > 0:
        if np.min(x) < 0:
            raise ValueError("'list' argument must have no negative elements")
        n = max(n, np.max(x) + 1)
    if weights is None:
        out = np.zeros(n, np.int64)
        for i in range(x.shape[0]):
            out[x[i]] += 1
        return out
    if weights.shape[0] != x.shape[0]:
        raise ValueError("The weights and list don't have the same length.")
    sums = np.zeros(n, np.float64)
    for i in range(x.shape[0]):
        sums[x[i]] += weights[i]
    return sums


def nanvar(a, ddof=0):
    # NumPy's: NaNs as 0, the mean of the others subtracted where not NaN, the squares
    # summed and divided by count - ddof (a 1-D array, or a C-contiguous one).
    nans = np.isnan(a)
    cnt = a.size - np.count_nonzero(nans)
    arr = np.where(nans, 0.0, a)
    avg = np.sum(arr) / cnt
    arr = np.where(nans, 0.0, arr - avg)
    return np.sum(arr * arr) / (cnt - ddof)


def nanstd(a, ddof=0):
    return np.sqrt(nanvar(a, ddof))


def nancumsum(a):
    return np.cumsum(np.where(np.isnan(a), 0.0, a))


def nancumprod(a):
    return np.cumprod(np.where(np.isnan(a), 1.0, a))


# ----- more building and reshaping -----


def atleast_2d(a):
    if a.ndim == 1:
        return a[None, :]
    return a


def moveaxis(a, source, destination):
    # Of a matrix: swapaxes.
    return swapaxes(a, source, destination)


def ediff1d(ary):
    f = ary.flatten()
    return f[1:] - f[:-1]


def append(arr, values):
    # Without axis: both flattened, joined.
    return np.concatenate((arr.flatten(), values.flatten()))


def trapezoid(y, x=None, dx=1.0):
    # NumPy's: sum(d * (y[1:] + y[:-1]) / 2.0) with d = diff(x) or dx (1-D).
    if x is None:
        return np.sum(dx * (y[1:] + y[:-1]) / 2.0)
    return np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2.0)


def polyval(p, x):
    # Horner's scheme as NumPy's: y = y * x + p[i] from zeros_like(x).
    y = np.zeros_like(x * 1.0)
    for i in range(p.shape[0]):
        y = y * x + p[i]
    return y


def vander(x, N=None, increasing=False):
    # Columns x**(N-1) ... x**0 (or increasing), each power the one before times x.
    n = x.shape[0]
    m = n
    if N is not None:
        m = N
    out = np.empty((n, m), (x[:1] * 1).dtype)
    one = np.ones(1, out.dtype)[0]
    for i in range(n):
        v = x[i] * one
        p = one
        for j in range(m):
            if increasing:
                out[i, j] = p
            else:
                out[i, m - 1 - j] = p
            p = p * v
    return out


def heaviside(x1, x2):
    # 0 below zero, x2 at zero, 1 above, NaN for NaN.
    return np.where(x1 < 0, 0.0, np.where(x1 > 0, 1.0, np.where(x1 == 0, x2, x1)))


def kron(a, b):
    # The Kronecker product of two matrices.
    ra = a.shape[0]
    ca = a.shape[1]
    rb = b.shape[0]
    cb = b.shape[1]
    out = np.empty((ra * rb, ca * cb), (a[:1, :1] * b[:1, :1]).dtype)
    for i in range(ra):
        for j in range(ca):
            out[i * rb : (i + 1) * rb, j * cb : (j + 1) * cb] = a[i, j] * b
    return out


def tri(N, M=None, k=0):
    # Ones at and below diagonal k, zeros above (float64).
    m = N
    if M is not None:
        m = M
    out = np.zeros((N, m))
    for i in range(N):
        for j in range(m):
            if j - i <= k:
                out[i, j] = 1.0
    return out


# ----- small helpers -----


def fix(x):
    # Rounds toward zero as NumPy's: ceil, then floor where x >= 0.
    return np.where(x >= 0, np.floor(x), np.ceil(x))


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    # NaN to `nan`, infinities to the largest finite floats (or posinf/neginf).
    big = 1.7976931348623157e308
    hi = big
    lo = -big
    if posinf is not None:
        hi = posinf * 1.0
    if neginf is not None:
        lo = neginf * 1.0
    return np.where(np.isnan(x), nan, np.where(x == np.inf, hi, np.where(x == -np.inf, lo, x)))


def isposinf(x):
    return x == np.inf


def isneginf(x):
    return x == -np.inf


def take(a, indices, axis=None):
    # Without axis: the flattened array's elements at `indices` (an integer array); with
    # one, the elements (rows, columns) at `indices` along it, of a 1-D or 2-D array.
    if axis is None:
        return a.flatten()[indices]
    if a.ndim == 1:
        return a[indices]
    if axis == 0 or axis == -2:
        return a[indices]
    return a.T[indices].T.copy()


def inner(a, b):
    # Of two vectors: the sum of the products, as np.dot.
    return np.dot(a, b)


def logspace(start, stop, num=50):
    # NumPy's: 10.0 ** linspace(start, stop, num).
    return np.power(10.0, np.linspace(start, stop, num))


def _triangle_indices(n, k, m, upper):
    count = 0
    for i in range(n):
        for j in range(m):
            if (upper and j - i >= k) or (not upper and j - i <= k):
                count += 1
    rows = np.empty(count, np.int64)
    cols = np.empty(count, np.int64)
    c = 0
    for i in range(n):
        for j in range(m):
            if (upper and j - i >= k) or (not upper and j - i <= k):
                rows[c] = i
                cols[c] = j
                c += 1
    return (rows, cols)


def triu_indices(n, k=0, m=None):
    mm = n
    if m is not None:
        mm = m
    return _triangle_indices(n, k, mm, True)


def tril_indices(n, k=0, m=None):
    mm = n
    if m is not None:
        mm = m
    return _triangle_indices(n, k, mm, False)


# ----- linear algebra: `np.linalg.NAME` is written `def linalg_NAME` here (the LAPACK calls
# themselves are in passes/src/library/lapack.rs) -----


def linalg_matrix_power(a, n):
    # NumPy's order of products: squarings of `a`, multiplied in for each set bit of `n`
    # from the lowest. A negative power inverts first, so the array must be of floats
    # (integer arrays do not compile: the inverse's type would replace theirs).
    if a.shape[0] != a.shape[1]:
        np.linalg.det(a)  # raises NumPy's LinAlgError for a matrix that is not square
    if n == 0:
        return np.eye(a.shape[0], dtype=a.dtype)
    b = a
    if n < 0:
        b = np.linalg.inv(a)
        n = -n
    if n == 1:
        return b.copy()
    if n == 2:
        return b @ b
    if n == 3:
        return (b @ b) @ b
    z = b
    result = b
    started = False
    first = True
    while n > 0:
        if not first:
            z = z @ z
        first = False
        bit = n % 2
        n = n // 2
        if bit == 1:
            if started:
                result = result @ z
            else:
                result = z
                started = True
    return result


def linalg_pinv(a, rcond=None):
    # NumPy's: the reduced SVD with the singular values at most rcond * max(s) dropped
    # (rcond 1e-15 by default), then vt.T @ (1/s * u.T).
    cut = 1e-15
    if rcond is not None:
        cut = rcond
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    if s.shape[0] == 0:
        return np.zeros((a.shape[1], a.shape[0]), s.dtype)
    cutoff = cut * np.max(s)
    for i in range(s.shape[0]):
        if s[i] > cutoff:
            s[i] = 1 / s[i]
        else:
            s[i] = 0
    return vt.T @ (s[:, None] * u.T)


def _epsilon_like(s):
    # The machine epsilon of s's dtype (np.finfo(s.dtype).eps).
    e = np.ones(1, s.dtype)[0]
    while 1 + e / 2 > 1:
        e = e / 2
    return e


def linalg_matrix_rank(A, tol=None):
    # NumPy's: the singular values above tol, by default max(s) * max(M, N) * eps.
    if A.ndim < 2:
        return int(not np.all(A == 0))
    S = np.linalg.svd(A, compute_uv=False)
    largest = S.sum() * 0
    if S.shape[0] > 0:
        largest = np.max(S)
    if tol is None:
        t = largest * (max(A.shape[0], A.shape[1]) * _epsilon_like(S))
        return int(np.sum(S > t))
    return int(np.sum(S > tol))


def linalg_norm(x, ord=None, axis=None):
    # NumPy's norms: of a vector (a 1-D array; along `axis` of a 2-D array, each column's
    # (0) or row's (1)) for ord None or 2, inf, -inf, 0, 1 and any other number; of a matrix
    # (a 2-D array, `axis` None) for ord None (Frobenius), 2, -2 (largest and smallest
    # singular values), 1, -1, inf, -inf, 'fro' (or 'f': Frobenius) and 'nuc' (the sum of
    # the singular values). Integers are converted to float64 first, as NumPy does.
    y = x * 1.0
    if y.ndim == 1:
        return _vector_norm(y, ord)
    if axis is None:
        if ord is None or ord == "fro" or ord == "f":
            return np.sqrt(np.sum(y * y))
        return _matrix_norm(y, ord)
    if axis == 0 or axis == -2:
        return _vector_norms(y.T, ord)
    return _vector_norms(y, ord)


def _vector_norms(rows, ord):
    out = np.empty(rows.shape[0], rows.dtype)
    for i in range(rows.shape[0]):
        out[i] = _vector_norm(rows[i], ord)
    return out


def _vector_norm(y, ord):
    if np._is_str(ord):
        np._invalid_option("Invalid norm order {!r} for vectors", ord)
    if ord is None:
        return np.sqrt(np.sum(y * y))
    a = np.abs(y)
    if ord == np.inf:
        return np.max(a)
    if ord == -np.inf:
        return np.min(a)
    if ord == 0:
        return np.sum((y != 0).astype(y.dtype))
    if ord == 1:
        return np.sum(a)
    if ord == 2:
        return np.sqrt(np.sum(y * y))
    return np.sum(a**ord) ** (1.0 / ord)


def _matrix_norm(y, ord):
    if ord == "nuc":
        return np.sum(np.linalg.svd(y, compute_uv=False))
    if np._is_str(ord):
        np._invalid_option("Invalid norm order for matrices.", ord)
    if ord == 2:
        return np.max(np.linalg.svd(y, compute_uv=False))
    if ord == -2:
        return np.min(np.linalg.svd(y, compute_uv=False))
    if ord == 1:
        return np.max(np.sum(np.abs(y), axis=0))
    if ord == -1:
        return np.min(np.sum(np.abs(y), axis=0))
    if ord == np.inf:
        return np.max(np.sum(np.abs(y), axis=1))
    if ord == -np.inf:
        return np.min(np.sum(np.abs(y), axis=1))
    raise ValueError("Invalid norm order for matrices.")
