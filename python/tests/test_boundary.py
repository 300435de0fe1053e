"""The call boundary as Numba's: NumPy scalars typed by their dtype, Python scalars as
int64/float64; one specialisation per argument types, compiled once however many threads
call with them at the same time."""

import threading

import numpy as np
import pytest

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
