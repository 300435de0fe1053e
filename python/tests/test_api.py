"""Numba's names: type objects, signatures, decorator forms, dump."""

import numpy as np
import pytest

import blackbird
import kernels as k
from blackbird import float32, float64, int32, void


def test_type_objects():
    assert str(float64) == "float64"
    assert str(float64[:]) == "array(float64, 1d, A)"
    assert str(float64[:, ::1]) == "array(float64, 2d, C)"
    assert str(float64[::1, :]) == "array(float64, 2d, F)"
    assert float64[:, ::1].source() == "float64[:, ::1]"
    sig = float32(int32, float64[:])
    assert sig.source() == "float32(int32, float64[:])"
    assert void(float64[:]).source() == "void(float64[:])"
    assert blackbird.typeof(np.zeros((2, 2))) == float64[:, ::1]
    assert blackbird.typeof(1) == blackbird.int64


def test_prange_is_range():
    assert list(blackbird.prange(3)) == [0, 1, 2]


def test_dispatcher_attributes():
    assert k.hypot.py_func(3.0, 4.0) == 5.0
    assert k.hypot.__name__ == "hypot"
    k.hypot(3.0, 4.0)
    assert (float64, float64) in k.hypot.signatures


def test_dump_stages():
    k.total(np.zeros(2))
    assert "py.func" in k.total.dump("py")
    typed = k.total.dump("typed")
    assert "total" in typed
    assert "llvm" in blackbird._core.stages()
    with pytest.raises(ValueError):
        k.total.dump("nonsense")


def test_compile_times_by_stage():
    times = k.total.compile_times(np.zeros(3))
    assert list(times) == ["typed", "tensor", "tensor-opt", "loop", "mlir", "llvm", "asm"]
    assert all(t >= 0.0 for t in times.values())
    # LLVM's code generation takes time for any function.
    assert times["asm"] > 0.0
    # A new specialisation compiles first (float32 here).
    assert list(k.total.compile_times(np.zeros(3, np.float32)))[-1] == "asm"


def test_import_blackbird_as_numba(tmp_path, as_numba):
    script = tmp_path / "script.py"
    script.write_text(
        "import numba\nimport numpy as np\nfrom numba import njit, prange\n\n"
        "@numba.jit(nopython=True, cache=False)\ndef f(a):\n    s = 0.0\n"
        "    for i in prange(a.size):\n        s += a[i]\n    return s\n"
    )
    import importlib.util

    spec = importlib.util.spec_from_file_location("script_as_numba", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.f(np.arange(5.0)) == 10.0


def test_numba_core_errors(as_numba):
    from numba.core.errors import TypingError

    assert TypingError is blackbird.TypingError
