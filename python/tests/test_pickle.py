"""Dispatchers, ufuncs and gufuncs pickle by value (source, options, signatures, the globals
snapshot), with `pickle` and `cloudpickle`, across a spawn pool and into a process that never
imported their module; a process that has the function already reuses it."""

import multiprocessing
import os
import pickle
import subprocess
import sys
import textwrap

import cloudpickle
import numpy as np
import pytest

import blackbird
import pickled

DUMPERS = [pickle.dumps, cloudpickle.dumps]


def env_with(*paths):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(p) for p in paths] + [os.path.dirname(os.path.dirname(blackbird.__file__))]
        + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    return env


@pytest.mark.parametrize("dumps", DUMPERS, ids=["pickle", "cloudpickle"])
def test_unpickling_in_the_same_process_reuses_the_dispatcher(dumps):
    a = np.arange(5.0)
    assert pickled.total(a) == pickled.total.py_func(a)
    for f in [pickled.total, pickled.hyp, pickled.vhyp, pickled.running_sum]:
        assert pickle.loads(dumps(f)) is f


@pytest.mark.parametrize("dumps", DUMPERS, ids=["pickle", "cloudpickle"])
def test_a_spawn_pool_gets_the_same_results(dumps):
    a = np.linspace(-2.0, 3.0, 7)
    x, y = np.arange(4.0), np.full(4, 2.0)
    jobs = [
        (pickled.total, (a,), pickled.total.py_func(a)),
        (pickled.hyp, (3.0, 4.0), pickled.hyp.py_func(3.0, 4.0)),
        (pickled.vhyp, (x, y), np.vectorize(pickled.vhyp.py_func)(x, y)),
        (pickled.running_sum, (a,), np.cumsum(a)),
    ]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        blobs = [dumps(f) for f, _, _ in jobs]
        results = pool.starmap(pickled.call_pickled,
                               [(blob, args) for blob, (_, args, _) in zip(blobs, jobs)])
        reuse = pool.map(pickled.loads_reuse, [pickle.dumps(pickled.total)] * 2)
    for (f, _, expected), got in zip(jobs, results):
        np.testing.assert_allclose(got, expected, rtol=1e-15, err_msg=f.__name__)
    # 9 = 3 * (1 + 2): the helper and the global it reads came along.
    assert reuse == [(True, 9.0)] * 2


MAIN = """\
import math
import pickle
import sys

import cloudpickle
import numpy as np

import blackbird

K = 0.5


def shift(x):
    return x + K


@blackbird.njit(cache=False)
def f(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += shift(a[i]) * math.cos(a[i])
    return s


@blackbird.vectorize(["float64(float64)"])
def g(x):
    return shift(x) ** 2


def main():
    a = np.linspace(0.0, 1.0, 9)
    expected = [f.py_func(a), [g.py_func(v) for v in a]]
    with open(sys.argv[1], "wb") as out:
        pickle.dump((pickle.dumps(f), cloudpickle.dumps(g), expected), out)
    import multiprocessing
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        got = pool.map(f, [a, a + 1])
    assert np.allclose(got, [f.py_func(a), f.py_func(a + 1)], rtol=1e-14, atol=0), got


if __name__ == "__main__":
    main()
"""

LOAD = """\
import pickle
import sys

import numpy as np

with open(sys.argv[1], "rb") as src:
    f_blob, g_blob, expected = pickle.load(src)
f, g = pickle.loads(f_blob), pickle.loads(g_blob)
a = np.linspace(0.0, 1.0, 9)
assert "__main__" not in sys.modules or not hasattr(sys.modules["__main__"], "shift")
# Equal to the pure-Python functions (to the last bits libm and the compiled math may differ).
assert np.allclose(f(a), expected[0], rtol=1e-14, atol=0), (f(a), expected[0])
assert np.allclose(g(a), expected[1], rtol=1e-14, atol=0), (g(a), expected[1])
assert f.py_func(a) == expected[0]
print("ok", type(f).__name__, type(g).__name__)
"""


def test_functions_of_main_travel_by_value(tmp_path):
    script = tmp_path / "main_script.py"
    script.write_text(MAIN)
    blobs = tmp_path / "blobs.pickle"
    out = subprocess.run([sys.executable, str(script), str(blobs)], cwd=tmp_path,
                         env=env_with(), capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    # A process that never ran the script: everything comes from the pickles.
    script.unlink()
    out = subprocess.run([sys.executable, "-c", LOAD, str(blobs)], cwd=tmp_path,
                         env=env_with(), capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["ok", "Dispatcher", "UFuncDispatcher"]
