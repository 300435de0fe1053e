"""How a function's source reaches the compiler: its real file, classes and foreign
decorators beside it, computed globals, closures, the on-disk cache."""

import importlib
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import blackbird


def test_module_with_classes_and_other_decorators():
    import oddities as m

    assert m.uses_computed_global(1) == m.uses_computed_global.py_func(1) == 34
    assert m.clamp(3.5) == 3.5
    assert m.cached(4) == 4  # the lru_cache'd function is plain Python, untouched


def test_closures_and_nested_helpers():
    import oddities as m

    assert m.make_scaler(3)(2) == 9
    assert m.make_scaler(0.5)(3.0) == 2.0


def test_variable_signature_and_disk_cache(tmp_path):
    # A fresh process with an empty cache directory compiles and stores; the next loads.
    script = textwrap.dedent(
        """
        import numpy as np, oddities as m
        print(m.cached_sum(np.ones(5)))
        """
    )
    env = dict(os.environ, BLACKBIRD_CACHE_DIR=str(tmp_path))
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(__file__), os.path.dirname(os.path.dirname(blackbird.__file__))]
        + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, timeout=600)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "5.0"
    assert any(tmp_path.rglob("*")), "nothing was cached"


def test_error_points_at_the_users_file_and_line(tmp_path):
    path = tmp_path / "user_code.py"
    path.write_text(
        "import blackbird\n\n\n@blackbird.njit\ndef f(a):\n    return a.no_such_attribute\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        mod = importlib.import_module("user_code")
    finally:
        sys.path.remove(str(tmp_path))
    with pytest.raises(blackbird.TypingError) as e:
        mod.f(np.ones(2))
    assert f"{path}:6:" in str(e.value)


def test_notebook_cell_without_its_imports():
    # IPython registers each cell's text in linecache; the imports were in another cell.
    import linecache
    import math

    src = "@blackbird.njit\ndef f(a):\n    return np.sqrt(a).sum() + sqrt(4.0) + np.linalg.norm(a)\n"
    name = "/tmp/ipykernel_0/cell_blackbird_test.py"
    linecache.cache[name] = (len(src), None, src.splitlines(True), name)
    g = {"blackbird": blackbird, "np": np, "sqrt": math.sqrt}
    exec(compile(src, name, "exec"), g)
    a = np.ones(4) * 4
    assert g["f"](a) == g["f"].py_func(a)
