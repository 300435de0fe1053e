"""Compiled calls give what CPython + NumPy give on the same function (`py_func`)."""

import math

import numpy as np
import pytest

import blackbird
import kernels as k

DTYPES = ["float64", "float32", "int64", "int32", "int16", "int8",
          "uint64", "uint32", "uint16", "uint8"]


def same(f, *args):
    """f's compiled result equals its Python result (on copies of array arguments)."""
    py_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    expected = f.py_func(*py_args)
    got = f(*args)
    if isinstance(expected, np.ndarray):
        np.testing.assert_allclose(got, expected, rtol=1e-6)
        assert got.dtype == expected.dtype
    elif isinstance(expected, tuple):
        assert tuple(got) == pytest.approx(tuple(expected))
    else:
        assert got == pytest.approx(expected, rel=1e-6)
    for a, b in zip(args, py_args):
        if isinstance(a, np.ndarray):
            np.testing.assert_array_equal(a, b)
    return got


def test_scalars():
    assert same(k.add, 2, 3) == 5
    assert isinstance(k.add(2, 3), int)
    same(k.add, 2.5, 3)
    same(k.add, True, 2)
    same(k.hypot, 3.0, 4.0)
    assert k.is_positive(3) is True
    assert k.is_positive(-3.0) is False


def test_numpy_scalars():
    same(k.add, np.int32(7), np.int64(5))
    same(k.add, np.float32(1.5), np.float64(2.25))
    same(k.add, np.uint8(200), 1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_array_dtypes(dtype):
    a = (np.arange(12) % 7 + 1).astype(dtype)
    same(k.total, a)
    same(k.double_it, a)


def test_bool_arrays():
    a = np.array([True, False, True])
    assert k.total(a) == 2.0


@pytest.mark.parametrize("order", ["C", "F"])
def test_layouts_2d(order):
    a = np.asarray(np.arange(20.0).reshape(4, 5), order=order)
    same(k.total2d, a)


def test_strided_and_negative_strides():
    a = np.arange(30.0).reshape(5, 6)
    same(k.total2d, a[::2, 1::2])
    same(k.total2d, a[::-1, ::-2])
    same(k.total, a[:, 3])
    same(k.total, np.arange(10.0)[::-3])
    same(k.total2d, a.T)


def test_in_place_effects_visible():
    a = np.arange(6.0)
    k.scale_in_place(a, 3.0)
    np.testing.assert_array_equal(a, np.arange(6.0) * 3)
    b = np.zeros((3, 4), dtype=np.int32)
    k.fill2d(b[:, ::-1])
    expected = np.zeros((3, 4), dtype=np.int32)
    k.fill2d.py_func(expected[:, ::-1])
    np.testing.assert_array_equal(b, expected)
    f = np.zeros((3, 4), order="F")
    k.fill2d(f)
    assert f[2, 3] == 23.0


def test_zero_copy():
    a = np.ones(5)
    view = a[1:4]
    k.scale_in_place(view, 2.0)
    np.testing.assert_array_equal(a, [1, 2, 2, 2, 1])


def test_readonly_array_is_accepted_and_not_written():
    a = np.arange(4.0)
    a.setflags(write=False)
    assert k.total(a) == 6.0


def test_returned_arrays_are_numpy_arrays():
    a = np.arange(6, dtype=np.int16).reshape(2, 3)
    got = same(k.double_it, a)
    assert isinstance(got, np.ndarray) and got.shape == (2, 3)
    # Not copied: the array lives in the buffer compiled code allocated, and is writable.
    assert type(got.base).__name__ == "ReturnedBuffer"
    got[0, 0] = 99
    assert got[0, 0] == 99
    del got
    big = k.double_it(np.ones(1_000_000))
    assert big.sum() == 2_000_000.0


def test_globals_helpers_tuples_defaults():
    same(k.uses_globals, 2.0)
    same(k.calls_helper, 7)
    assert same(k.pair, (3, 4.5)) == 7.5
    same(k.minmax, np.array([3.0, -1.0, 8.0]))
    assert k.with_default(3) == 6
    assert k.with_default(3, b=5) == 15
    assert k.with_default(b=4, a=2) == 8


def test_njit_of_a_plain_function():
    assert k.total2d.py_func is k.plain_total2d
    same(k.total2d, np.ones((2, 2)))


def test_options_parallel_fastmath():
    a = np.arange(1000.0)
    assert k.psum(a) == pytest.approx(a.sum())
    assert k.fast_div(1.0, 4.0) == 0.25
    assert math.isinf(k.fast_div(1.0, 0.0))


def test_vectorize():
    x = np.arange(6.0).reshape(2, 3)
    y = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(k.vadd(x, y), x + 2 * y)
    assert k.vadd(1.0, 2.0) == 5.0
    out = np.empty(3)
    assert k.vsq(y, out=out) is out
    np.testing.assert_allclose(out, y * y)


def test_guvectorize():
    a = np.arange(12.0).reshape(3, 4)
    out = np.zeros(3)
    k.gsum(a, out)
    np.testing.assert_allclose(out, a.sum(axis=1))
    # Outputs allocated when only the inputs are given, as Numba does.
    np.testing.assert_allclose(k.gsum(a), a.sum(axis=1))
    np.testing.assert_allclose(k.gsum(np.ones((2, 3, 4))), np.full((2, 3), 4.0))
    np.testing.assert_allclose(k.gcumsum(a), np.cumsum(a, axis=1))


def test_dispatch_caches_per_type():
    k.add(1, 2)
    k.add(1.0, 2.0)
    k.add(3, 4)
    sigs = k.add.signatures
    assert (blackbird.int64, blackbird.int64) in sigs
    assert (blackbird.float64, blackbird.float64) in sigs
    assert len(sigs) == len(set(sigs))
    k.total(np.zeros(3))
    assert blackbird.float64[::1] in [s[0] for s in k.total.signatures]


def test_empty_and_self_overlapping_arrays():
    assert k.double_it(np.zeros((2, 0))).shape == (2, 0)
    assert k.total(np.zeros(0)) == 0.0
    # A writable view whose rows are the same memory (stride 0): passed as a copy.
    rows = np.lib.stride_tricks.as_strided(np.ones(3), shape=(4, 3), strides=(0, 8), writeable=True)
    same(k.total2d, rows)


def test_none_arguments():
    # None as an argument (Numba's `none` type), by position, by default and in a tuple
    x = np.arange(4.0)
    np.testing.assert_array_equal(same(k.scaled_or_doubled, x, None), x * 2.0)
    np.testing.assert_array_equal(same(k.scaled_or_doubled, x, 3.0), x * 3.0)
    np.testing.assert_array_equal(same(k.scaled_or_doubled, x), x * 2.0)
    assert same(k.first_or_sum, (4, None)) == 4
    assert same(k.first_or_sum, (4, 5)) == 9
    assert len(k.scaled_or_doubled.signatures) == 2
