"""Read-only arrays are typed read-only (`readonly array(float64, 1d, C)`, as Numba's `typeof`
gives them): a call with one compiles its own specialisation, a write into it or into a view
of it is a located TypingError at compile time ("Cannot modify readonly array", Numba's
words) and nothing runs; reading one passes it as it is (no copy), and a returned view of it
is a read-only view of it. Where types do not say read-only (eager signatures, ufuncs), the
array is passed as a copy and a write into it is NumPy's ValueError after the call."""

import mmap
import os
import tempfile

import numpy as np
import pytest

import blackbird
from blackbird import njit


@njit
def total(a):
    s = 0.0
    for x in a.ravel():
        s += x
    return s


@njit
def write_first(a):
    a[0] = 1.0


@njit
def write_through_view(a):
    b = a[1:]
    b[0] = 5.0


@njit
def in_place(a):
    a += 1.0


@njit
def write_rows(a):
    for i in range(a.shape[0]):
        r = a[i]
        r[0] = 1.0


@njit
def write_transposed(a):
    a.T[0, 0] = 1.0


@njit
def write_reshaped(a):
    b = a.reshape(a.size)
    b[0] = 1.0


@njit
def fill(a):
    a.fill(0.0)


@njit
def set_first(b):
    b[0] = 2.0


@njit
def calls_a_writer(a):
    set_first(a)


@njit
def chosen(a, k):
    b = np.zeros(3)
    if k > 0:
        b = a
    b[0] = 1.0
    return b


@njit
def fresh(a):
    b = a + 1.0
    b[0] = 0.0
    return b


@njit
def tail(a):
    return a[1:]


@njit("void(float64[:])")
def eager_write(a):
    a[0] = 1.0


@blackbird.vectorize(["float64(float64)"])
def twice(x):
    return 2.0 * x


def read_only(a):
    a = np.array(a)
    a.flags.writeable = False
    return a


def test_typeof_and_signatures_say_readonly():
    a = read_only(np.arange(4.0))
    assert str(blackbird.typeof(a)) == "readonly array(float64, 1d, C)"
    assert blackbird.typeof(a).readonly and not blackbird.typeof(a).mutable
    assert total(a) == 6.0
    assert total(np.arange(4.0)) == 6.0
    # A writeable and a read-only call compile separately.
    assert [str(s[0]) for s in total.signatures] == [
        "readonly array(float64, 1d, C)", "array(float64, 1d, C)"]


@pytest.mark.parametrize("f, shape, line", [
    (write_first, (4,), "a[0] = 1.0"),
    (write_through_view, (4,), "b[0] = 5.0"),
    (in_place, (4,), "a += 1.0"),
    (write_rows, (2, 2), "r[0] = 1.0"),
    (write_transposed, (2, 2), "a.T[0, 0] = 1.0"),
    (write_reshaped, (2, 2), "b[0] = 1.0"),
    (fill, (4,), "a.fill(0.0)"),
    (calls_a_writer, (4,), "b[0] = 2.0"),
])
def test_a_write_into_a_read_only_array_is_a_located_typing_error(f, shape, line):
    a = read_only(np.arange(4.0).reshape(shape))
    with pytest.raises(blackbird.TypingError) as e:
        f(a)
    message = str(e.value)
    assert "Cannot modify readonly array" in message
    assert f"{__file__}:" in message and line in message
    np.testing.assert_array_equal(a, np.arange(4.0).reshape(shape))
    # The same function on a writeable array compiles and writes.
    w = np.arange(4.0).reshape(shape)
    f(w)
    assert not np.array_equal(w, np.arange(4.0).reshape(shape))


def test_a_variable_that_may_be_the_read_only_array_is_read_only():
    with pytest.raises(blackbird.TypingError, match="Cannot modify readonly array"):
        chosen(read_only(np.arange(3.0)), 1)
    np.testing.assert_array_equal(chosen(np.arange(3.0), 1), [1.0, 1.0, 2.0])


def test_new_arrays_computed_from_a_read_only_one_are_writeable():
    a = read_only(np.arange(4.0))
    got = fresh(a)
    np.testing.assert_array_equal(got, [0.0, 2.0, 3.0, 4.0])
    assert got.flags.writeable


def test_a_read_only_array_is_passed_without_copy_and_its_views_are_read_only():
    a = read_only(np.arange(6.0))
    for _ in range(2):  # compiling call, then the fast path
        v = tail(a)
        assert np.shares_memory(v, a) and v.base is a
        assert not v.flags.writeable
        np.testing.assert_array_equal(v, a[1:])


def test_read_only_memory_is_only_read():
    # Memory the process may not write (a read-only mapping): reading it works, a write is
    # refused before any code runs (a write would crash the process).
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "data.bin")
        np.arange(8.0).tofile(path)
        with open(path, "rb") as f:
            m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            a = np.frombuffer(m, dtype=np.float64)
            assert not a.flags.writeable
            assert total(a) == 28.0
            np.testing.assert_array_equal(tail(a), np.arange(1.0, 8.0))
            with pytest.raises(blackbird.TypingError, match="Cannot modify readonly array"):
                write_first(a)
            del a
            m.close()


def test_where_types_do_not_say_read_only_a_write_is_refused_after_the_call():
    a = read_only(np.arange(3.0))
    with pytest.raises(ValueError, match="assignment destination is read-only"):
        eager_write(a)
    np.testing.assert_array_equal(a, np.arange(3.0))
    out = read_only(np.zeros(3))
    with pytest.raises(ValueError, match="read-only"):
        twice(np.arange(3.0), out=out)
    np.testing.assert_array_equal(twice(a), [0.0, 2.0, 4.0])


@njit
def converted_copy(a):
    b = np.asarray(a, dtype=np.float32)
    b[0] = 7.0
    return b


def test_a_conversion_to_another_dtype_is_a_new_writeable_array():
    got = converted_copy(read_only(np.arange(3.0)))
    np.testing.assert_array_equal(got, np.array([7.0, 1.0, 2.0], dtype=np.float32))


@njit
def carried_by_a_loop(a, n):
    b = np.zeros(3)
    for i in range(n):
        b[0] = 1.0
        b = a
    return b


@njit
def in_a_tuple(a):
    t = (a, 1)
    t[0][0] = 1.0


@njit
def view_from(b):
    return b[1:]


@njit
def writes_a_returned_view(a):
    v = view_from(a)
    v[0] = 3.0


@pytest.mark.parametrize("f, args, line", [
    (carried_by_a_loop, (2,), "b[0] = 1.0"),
    (in_a_tuple, (), "t[0][0] = 1.0"),
    (writes_a_returned_view, (), "v[0] = 3.0"),
])
def test_read_only_through_loops_tuples_and_calls(f, args, line):
    a = read_only(np.arange(3.0))
    with pytest.raises(blackbird.TypingError, match="Cannot modify readonly array") as e:
        f(a, *args)
    assert line in str(e.value)
    np.testing.assert_array_equal(a, np.arange(3.0))
