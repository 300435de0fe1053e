"""The founding article's examples, run unchanged with `numba` bound to `blackbird`."""

import importlib.util
import math

import numpy as np
import pytest

import blackbird


def load(seed_dir, name):
    path = seed_dir / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"seed_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lu(seed_dir, as_numba):
    lu = load(seed_dir, "lu")
    rng = np.random.default_rng(0)
    for n in (1, 4, 10):
        A = rng.random((n, n)) + n * np.eye(n)
        expected = A.copy()
        lu.numpy_LUdet(expected)
        got = A.copy()
        assert lu.numba_LUdet(got) is None
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_hypotenuse(seed_dir, as_numba):
    h = load(seed_dir, "hypotenuse")
    assert h.lazy_hypotenuse(3, 4) == h.lazy_hypotenuse.py_func(3, 4) == 5.0
    assert h.lazy_hypotenuse(2.5, 1) == pytest.approx(math.hypot(2.5, 1))
    assert h.eager_hypotenuse(3, 4) == 5.0
    got = h.eager_hypotenuse(5, 7)
    assert got == pytest.approx(np.float32(math.sqrt(74)), rel=1e-7)
    # float32 result: rounded as float32 is.
    assert got == float(np.float32(math.sqrt(74)))
    with pytest.raises(blackbird.TypingError):
        h.eager_hypotenuse(3.5, 4)
    with pytest.raises(blackbird.TypingError):
        h.eager_hypotenuse(2**40, 4)


def test_variance(seed_dir, as_numba):
    v = load(seed_dir, "variance")
    a = np.array([1.0, 2.0, 4.0, 8.0], dtype=np.float32)
    expected = np.float32(v.get_variance.py_func(a))
    assert v.get_variance(a) == pytest.approx(expected, rel=1e-6)


def test_log10(seed_dir, as_numba):
    m = load(seed_dir, "log10")
    x = np.array([1.0, 10.0, 1000.0, 2.0])
    np.testing.assert_allclose(m.log10(x), np.log10(x))
    grid = np.arange(1.0, 13.0).reshape(3, 4)
    np.testing.assert_allclose(m.log10(grid), np.log10(grid))
    assert m.log10(100.0) == pytest.approx(2.0)
