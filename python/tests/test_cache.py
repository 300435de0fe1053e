"""`cache=True` from Python: the on-disk cache the CLI uses, keyed by everything compiled along.

Each run is a fresh process (the cache is what survives between them). The caller calls an
undecorated helper and a dispatcher of another file: editing either, or a global constant
read by them, compiles again (Numba would load stale code); an unrelated edit loads."""

import os
import subprocess
import sys
import textwrap

import pytest

import blackbird

HELPERS = """\
import blackbird

SCALE = 2.0


def helper(x):
    return x * SCALE


@blackbird.njit
def jitted(x):
    return x + 0.5
"""

CALLER = """\
import numpy as np

import blackbird
from helpers import helper, jitted as shifted

OFFSET = 1.0


@blackbird.njit(cache=True)
def f(a):
    return helper(a.sum()) + shifted(OFFSET)


def unrelated(x):
    return x - 1
"""

RUN = """\
import numpy as np
import caller

a = np.arange(4.0)
r = caller.f(a)
# Loaded from the disk cache: the specialisation has no stages (nothing was compiled).
loaded = len(caller.f._compiled.stages(a)) == 1
print(r, "loaded" if loaded else "compiled")
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "helpers.py").write_text(HELPERS)
    (tmp_path / "caller.py").write_text(CALLER)
    return tmp_path


def run(project):
    """`caller.f(np.arange(4.0))` in a fresh process: its result, and how it got the code."""
    env = dict(os.environ, BLACKBIRD_CACHE_DIR=str(project / "cache"))
    env["PYTHONPATH"] = os.pathsep.join(
        [str(project), os.path.dirname(os.path.dirname(blackbird.__file__))]
        + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    out = subprocess.run([sys.executable, "-c", RUN], cwd=project, env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    value, how = out.stdout.split()
    return float(value), how


def edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def test_a_warm_run_loads_without_compiling(project):
    # 6 * 2 + 1.5
    assert run(project) == (13.5, "compiled")
    assert run(project) == (13.5, "loaded")
    assert list((project / "cache").glob("*.entry")), "nothing was cached"


def test_editing_a_helper_of_another_file_compiles_again(project):
    assert run(project) == (13.5, "compiled")
    edit(project / "helpers.py", "return x * SCALE", "return x * SCALE - 1.0")
    assert run(project) == (12.5, "compiled")
    edit(project / "helpers.py", "return x + 0.5", "return x + 0.25")
    assert run(project) == (12.25, "compiled")
    assert run(project) == (12.25, "loaded")


def test_changing_a_global_constant_compiles_again(project):
    assert run(project) == (13.5, "compiled")
    edit(project / "helpers.py", "SCALE = 2.0", "SCALE = 3.0")
    assert run(project) == (19.5, "compiled")
    edit(project / "caller.py", "OFFSET = 1.0", "OFFSET = 2.0")
    assert run(project) == (20.5, "compiled")
    assert run(project) == (20.5, "loaded")


def test_an_unrelated_edit_loads(project):
    assert run(project) == (13.5, "compiled")
    edit(project / "caller.py", "return x - 1", "return x - 2")
    with open(project / "caller.py", "a") as f:
        f.write("\n\ndef more(y):\n    return y * 2\n")
    assert run(project) == (13.5, "loaded")


def _import(path, name, text):
    """Module `name` written as `text` in `path`, imported."""
    import importlib

    (path / f"{name}.py").write_text(text)
    sys.path.insert(0, str(path))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(path))


def test_helpers_under_other_names_are_compiled_along(tmp_path):
    import numpy as np

    _import(tmp_path, "other_helpers", HELPERS.replace("SCALE", "FACTOR"))
    m = _import(tmp_path, "aliases", textwrap.dedent("""\
        import blackbird
        from other_helpers import helper as h


        def slow(x):
            return h(x) + 1.0


        fast = blackbird.njit(slow)


        @blackbird.njit
        def g(a):
            return fast(a.sum())
        """))
    a = np.arange(3.0)
    assert m.g(a) == m.g.py_func(a) == 7.0


def test_a_helper_reading_a_name_its_caller_binds_otherwise_is_refused(tmp_path):
    import numpy as np

    _import(tmp_path, "scaled_helpers", HELPERS)
    m = _import(tmp_path, "clash", textwrap.dedent("""\
        import blackbird
        from scaled_helpers import helper

        SCALE = 5.0


        @blackbird.njit
        def g(x):
            return helper(x) * SCALE
        """))
    with pytest.raises(blackbird.TypingError, match="reads `SCALE`, which the module of `g` binds"):
        m.g(np.float64(1.0))
