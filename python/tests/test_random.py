"""`np.random` in `@blackbird.njit` code: NumPy's legacy streams bit for bit after
`np.random.seed`, a state of its own (the interpreter's is untouched), one per thread, and the
same streams from code loaded from the on-disk cache."""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import blackbird


@blackbird.njit
def draws(seed, n):
    np.random.seed(seed)
    a = np.random.random(n)
    b = np.random.normal(1.0, 2.0, n)
    c = np.random.randint(-50, 50, n)
    d = np.random.exponential(0.5)
    return a, b, c, d


def numpy_draws(seed, n):
    np.random.seed(seed)
    a = np.random.random(n)
    b = np.random.normal(1.0, 2.0, n)
    c = np.random.randint(-50, 50, n)
    d = np.random.exponential(0.5)
    return a, b, c, d


@blackbird.njit
def shuffled(seed, a):
    np.random.seed(seed)
    np.random.shuffle(a)
    return np.random.permutation(7)


@blackbird.njit
def empty_range(k):
    return np.random.randint(k, k)


@blackbird.njit
def unseeded(n):
    return np.random.random(n)


@pytest.mark.parametrize("seed", [0, 1, 42, 2**31, 2**32 - 1])
def test_streams_equal_numpys(seed):
    got = draws(seed, 25)
    want = numpy_draws(seed, 25)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)


def test_shuffle_in_place_and_permutation():
    a = np.arange(30.0).reshape(10, 3)
    b = a.copy()
    p = shuffled(5, a)
    np.random.seed(5)
    np.random.shuffle(b)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(p, np.random.permutation(7))


def test_bad_seed_raises_numpys_error():
    with pytest.raises(ValueError, match=r"Seed must be between 0 and 2\*\*32 - 1"):
        draws(-1, 3)
    with pytest.raises(ValueError, match="low >= high"):
        empty_range(3)


def test_compiled_state_is_separate_from_the_interpreters():
    np.random.seed(3)
    draws(9, 4)
    # The interpreter's state was not advanced by the compiled draws.
    after = np.random.random()
    np.random.seed(3)
    assert after == np.random.random()


def test_each_thread_has_its_own_state():
    # Seeded in each thread: the same stream in every thread, undisturbed by the others.
    results = [None] * 4

    def work(i):
        results[i] = draws(11, 2000)[0]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        np.testing.assert_array_equal(r, numpy_draws(11, 2000)[0])
    # An unseeded thread draws its own numbers.
    assert not np.array_equal(unseeded(8), unseeded(8))


RUN = """\
import numpy as np
import blackbird

@blackbird.njit(cache=True)
def f(seed):
    np.random.seed(seed)
    return np.random.standard_normal(5)

r = f(7)
loaded = len(f._compiled.stages(7)) == 1
np.random.seed(7)
print((r == np.random.standard_normal(5)).all(), "loaded" if loaded else "compiled")
"""


def test_cached_code_gives_the_same_streams(tmp_path):
    env = dict(os.environ, BLACKBIRD_CACHE_DIR=str(tmp_path / "cache"))
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tmp_path), os.path.dirname(os.path.dirname(blackbird.__file__))]
        + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    script = tmp_path / "run.py"
    script.write_text(RUN)
    outs = []
    for _ in range(2):
        out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr
        outs.append(out.stdout.split())
    assert outs == [["True", "compiled"], ["True", "loaded"]]
