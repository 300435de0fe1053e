"""A returned view of an argument is a NumPy view of it (as in NumPy and Numba), not a copy:
it shares the argument's memory, writes go through, and it keeps the argument alive; the
argument returned as it is is the argument (Numba returns the same object). Arrays compiled
code allocates are still handed over without a copy."""

import gc
import sys

import numpy as np
import pytest

from blackbird import njit


@njit
def tail(a):
    return a[1:]


@njit
def itself(a):
    return a


@njit
def backwards(a):
    return a[::-1]


@njit
def backwards2d(a):
    return a[::-1, ::2]


@njit
def transposed(a):
    return a.T


@njit
def row(a, i):
    return a[i]


@njit
def empty_view(a):
    return a[3:3]


@njit
def fresh_and_view(a):
    b = a * 2.0
    return b, a[2:]


@njit
def view_or_fresh(a, k):
    if k > 0:
        return a[1:]
    return a + 1.0


@njit
def second_of(a, b):
    return b[:2]


def calls(f, *args):
    """Two calls: the first compiles (the converted path), the second takes the fast path."""
    return f(*args), f(*args)


def owner(a):
    """The array that owns `a`'s memory (what NumPy makes a view's base)."""
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


@pytest.mark.parametrize("path", [0, 1])
def test_returned_slice_is_a_view_of_the_argument(path):
    x = np.arange(6.0)
    y = calls(tail, x)[path]
    np.testing.assert_array_equal(y, x[1:])
    assert np.shares_memory(x, y)
    assert y.base is x
    assert y.flags.writeable and not y.flags.owndata
    y[0] = 100.0
    assert x[1] == 100.0
    x[2] = -1.0
    assert y[1] == -1.0


def test_the_returned_argument_is_the_argument():
    x = np.arange(6.0)
    assert itself(x) is x
    assert itself(x) is x
    strided = np.arange(12.0)[::3]
    assert itself(strided) is strided


@pytest.mark.parametrize("order", ["C", "F"])
def test_negative_and_other_strides(order):
    base = np.asfortranarray(np.arange(48.0).reshape(6, 8)) if order == "F" else \
        np.arange(48.0).reshape(6, 8)
    for a in (base, base[1:5, ::3], base[::-2, ::-1]):
        for f, expected in ((backwards2d, a[::-1, ::2]), (transposed, a.T),
                            (row, a[1])):
            args = (a, 1) if f is row else (a,)
            for got in calls(f, *args):
                np.testing.assert_array_equal(got, expected)
                assert got.strides == expected.strides, f.__name__
                assert np.shares_memory(got, a)
                assert got.base is owner(a)
                assert got.flags.c_contiguous == expected.flags.c_contiguous
                assert got.flags.f_contiguous == expected.flags.f_contiguous
    v = np.arange(5.0)
    for got in calls(backwards, v):
        assert got.strides == (-8,)
        got[0] = 50.0
        assert v[4] == 50.0


@pytest.mark.parametrize("dtype", ["int32", "uint8", "float32", "bool", "int64"])
def test_views_of_every_dtype(dtype):
    x = (np.arange(7) % 2).astype(dtype)
    for got in calls(tail, x):
        assert got.dtype == x.dtype
        assert np.shares_memory(got, x)
        np.testing.assert_array_equal(got, x[1:])


def test_a_view_keeps_its_argument_alive():
    y = tail(np.arange(10.0))
    gc.collect()
    np.testing.assert_array_equal(y, np.arange(1.0, 10.0))
    x = np.arange(10.0)
    before = sys.getrefcount(x)
    views = [tail(x) for _ in range(100)]
    assert sys.getrefcount(x) == before + 100
    del views
    gc.collect()
    assert sys.getrefcount(x) == before


def test_fresh_arrays_are_not_views():
    x = np.arange(5.0)
    for b, v in calls(fresh_and_view, x):
        assert type(b.base).__name__ == "ReturnedBuffer"
        assert not np.shares_memory(b, x)
        np.testing.assert_array_equal(b, 2 * x)
        assert v.base is x
    assert view_or_fresh(x, 1).base is x
    fresh = view_or_fresh(x, 0)
    assert not np.shares_memory(fresh, x)
    np.testing.assert_array_equal(fresh, x + 1.0)


def test_the_view_is_of_the_argument_it_lies_in():
    a, b = np.zeros(4), np.ones(4)
    for got in calls(second_of, a, b):
        assert got.base is b
    # Two arguments sharing memory: the view is of one of them, the same memory.
    whole = np.arange(6.0)
    got = second_of(whole, whole[2:])
    assert np.shares_memory(got, whole)
    np.testing.assert_array_equal(got, [2.0, 3.0])


def test_empty_views():
    x = np.arange(6.0)
    for got in calls(empty_view, x):
        assert got.shape == (0,) and got.dtype == x.dtype


def test_an_argument_passed_as_a_copy_gives_right_values():
    # Misaligned: passed as an aligned copy; the result is the copy's (not the caller's memory).
    raw = np.zeros(8 * 6 + 1, dtype=np.uint8)
    misaligned = raw[1:].view(np.float64)
    misaligned[:] = np.arange(6.0)
    got = tail(misaligned)
    np.testing.assert_array_equal(got, np.arange(1.0, 6.0))
