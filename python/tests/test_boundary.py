"""The call boundary as Numba's: NumPy scalars typed by their dtype, Python scalars as
int64/float64; one specialisation per argument types, compiled once however many threads
call with them at the same time."""

import threading

import numpy as np
import pytest

import blackbird
import kernels as k


def test_numpy_float32_scalars_compute_in_float32():
    # NumPy and Numba type np.float32(1.1) as float32: x * x is a float32 product.
    x = np.float32(1.1)
    expected = k.square.py_func(x)
    assert expected.dtype == np.float32
    got = k.square(x)
    assert got == float(expected)
    assert got != float(x) * float(x)
    # A Python float stays float64.
    assert k.square(1.1) == 1.1 * 1.1
    names = [tuple(str(t) for t in sig) for sig in k.square.signatures]
    assert ("float32",) in names and ("float64",) in names


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "uint8", "uint16", "uint32",
                                   "uint64", "int64"])
def test_numpy_integer_scalars_keep_their_dtype(dtype):
    x = np.dtype(dtype).type(101)
    assert k.halve(x) == k.halve.py_func(x)
    names = [tuple(str(t) for t in sig) for sig in k.halve.signatures]
    assert (dtype,) in names


def test_uint64_scalars_beyond_int64():
    x = np.uint64(2**64 - 2)
    assert k.identity(x) == 2**64 - 2
    assert [str(t) for t in k.identity.signatures[-1]] == ["uint64"]


def test_numpy_float64_int64_and_bool_scalars_are_python_scalars():
    k.halve(7)
    k.halve(np.int64(7))
    assert k.square(np.float64(1.1)) == 1.1 * 1.1
    names = [tuple(str(t) for t in sig) for sig in k.halve.signatures]
    assert names.count(("int64",)) == 1


def test_threads_calling_a_new_signature_compile_it_once():
    a = np.arange(6, dtype=np.float32)
    start = threading.Barrier(4)
    results = [None] * 4

    def work(i):
        start.wait()
        results[i] = k.fresh_for_threads(a, i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [k.fresh_for_threads.py_func(a, i) for i in range(4)]
    assert len(k.fresh_for_threads.signatures) == 1


def test_calls_alternating_layouts_take_each_its_specialisation():
    # The per-function table is keyed by dtype, rank, layout and writeability: C, F, strided,
    # reversed and transposed arrays in turn, each call repeated, with in-place effects.
    def views(base):
        return [base, np.asfortranarray(base), base[:, ::2], base[::-1, ::-1], base.T]

    for _ in range(3):
        for i in range(5):
            got_base = np.arange(24.0).reshape(4, 6)
            want_base = np.arange(24.0).reshape(4, 6)
            got, want = views(got_base)[i], views(want_base)[i]
            assert k.total2d(got) == k.total2d.py_func(want)
            k.fill2d(got)
            k.fill2d.py_func(want)
            np.testing.assert_array_equal(got, want)
            np.testing.assert_array_equal(got_base, want_base)


def test_int_float_and_array_arguments_in_turn():
    a = np.arange(5.0)
    for _ in range(3):
        assert k.add(2, 3) == 5
        assert k.add(2.5, 3) == 5.5
        assert k.add(np.int32(2), np.int32(3)) == 5
        np.testing.assert_array_equal(k.add(a, 1.0), a + 1.0)
        np.testing.assert_array_equal(k.add(a, a), a + a)


def test_a_write_into_a_read_only_array_is_a_typing_error():
    a = np.arange(4.0)
    a.flags.writeable = False
    with pytest.raises(ValueError, match="assignment destination is read-only"):
        k.scale_in_place.py_func(a, 2.0)
    # Typed read-only at compile time, as in Numba (python/tests/test_readonly.py has more).
    with pytest.raises(blackbird.TypingError, match="Cannot modify readonly array"):
        k.scale_in_place(a, 2.0)
    np.testing.assert_array_equal(a, np.arange(4.0))
    # Reading one is fine.
    assert k.total(a) == k.total.py_func(a)


def test_writes_into_a_misaligned_array_are_seen():
    buffer = bytearray(8 * 5 + 1)
    a = np.frombuffer(buffer, dtype=np.float64, offset=1, count=5)
    assert not a.flags.aligned and a.flags.writeable
    a[:] = np.arange(5.0)
    expected = a.copy()
    k.scale_in_place.py_func(expected, 3.0)
    k.scale_in_place(a, 3.0)
    np.testing.assert_array_equal(a, expected)
