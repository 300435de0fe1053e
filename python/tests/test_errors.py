"""Errors: exceptions raised by compiled code, typing errors, bad arguments."""

import numpy as np
import pytest

import blackbird
import kernels as k


def python_error(f, *args):
    with pytest.raises(Exception) as e:
        f.py_func(*args)
    return e.value


def test_zero_division_is_python_s():
    expected = python_error(k.divide, 1, 0)
    with pytest.raises(ZeroDivisionError) as e:
        k.divide(1, 0)
    assert str(e.value) == str(expected)
    # Where compiled code raised: the user's file and line, as a note.
    notes = getattr(e.value, "__notes__", [])
    assert any("kernels.py:" in n for n in notes) or not hasattr(e.value, "add_note")


def test_index_error_with_boundscheck():
    a = np.arange(3.0)
    expected = python_error(k.checked_index, a, 5)
    with pytest.raises(IndexError) as e:
        k.checked_index(a, 5)
    assert type(e.value) is type(expected)


def test_value_error_message():
    expected = python_error(k.zeros_of, -1)
    with pytest.raises(ValueError) as e:
        k.zeros_of(-1)
    assert str(e.value) == str(expected)
    assert k.zeros_of(2).tolist() == [0.0, 0.0]


def test_eager_signatures():
    assert k.eager_sum(np.arange(4.0)) == 6.0
    assert k.eager_add32(2, 3) == 5
    assert k.eager_many(np.float32(1.5), 2.0) == 3.0
    with pytest.raises(blackbird.TypingError) as e:
        k.eager_sum(np.arange(4))  # int64 array for float64[:]
    message = str(e.value)
    assert message.startswith("No matching definition for argument type(s) array(int64, 1d, C)")
    assert "float64(float64[:])" in message and "!py" not in message
    with pytest.raises(blackbird.TypingError) as e:
        k.eager_add32(1.5, 2)
    assert "cannot convert float64 to int32" in str(e.value)
    assert issubclass(blackbird.TypingError, TypeError)
    assert k.eager_sum.signatures == [(blackbird.float64[:],)]


def test_unsupported_code_is_a_located_typing_error():
    with pytest.raises(blackbird.TypingError) as e:
        k.unsupported_dict()
    assert "kernels.py:" in str(e.value)
    assert k.list_pop() == 3  # lists compile (they were this test's example before)
    assert k.number_dict() == 2.5  # so do dicts of numbers


def test_bad_arguments():
    with pytest.raises(blackbird.TypingError, match="list"):
        k.total([1.0, 2.0])
    with pytest.raises(blackbird.TypingError, match="str"):
        k.add("a", "b")
    with pytest.raises(blackbird.TypingError, match="dtype"):
        k.total(np.arange(3, dtype=np.complex128))
    with pytest.raises(blackbird.TypingError, match="dtype"):
        k.total(np.arange(3, dtype=">f8"))  # not in this machine's byte order
    with pytest.raises(OverflowError):
        k.add(2**70, 1)
    with pytest.raises(TypeError):
        k.add(1)


def test_source_not_available():
    ns = {"njit": blackbird.njit}
    exec("@njit\ndef f(x):\n    return x\n", ns)
    with pytest.raises(blackbird.TypingError, match="source is not available"):
        ns["f"](1)


def test_bad_decorator_use():
    with pytest.raises(TypeError):
        blackbird.njit(bogus_option=True)(lambda x: x)


def test_lambda_is_refused_clearly():
    f = blackbird.njit(lambda x: x + 1)
    with pytest.raises(blackbird.TypingError, match="lambda"):
        f(1)
