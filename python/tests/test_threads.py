"""Compiled calls release the GIL: other Python threads run during them; several threads
call at once with correct results."""

import threading
import time

import pytest

import kernels as k


def test_threads_give_correct_results():
    n = 200_000
    expected = k.busy.py_func(n)
    results = [None] * 4

    def work(i):
        results[i] = k.busy(n + i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == pytest.approx(expected, rel=1e-9)
    for i, r in enumerate(results):
        assert r == pytest.approx(k.busy.py_func(n + i), rel=1e-9)


def test_python_runs_during_a_compiled_call():
    # Calibrate a call of about half a second.
    n = 1_000_000
    t0 = time.perf_counter()
    k.busy(n)
    once = max(time.perf_counter() - t0, 1e-4)
    n = int(n * min(0.5 / once, 200))
    started = threading.Event()

    def work():
        started.set()
        k.busy(n)

    t = threading.Thread(target=work)
    t.start()
    started.wait()
    stamps = [time.perf_counter()]
    while t.is_alive():
        stamps.append(time.perf_counter())
    t.join()
    duration = stamps[-1] - stamps[0]
    longest_pause = max(b - a for a, b in zip(stamps, stamps[1:])) if len(stamps) > 1 else duration
    # With the GIL held, this thread would stop for the whole call; released, it only pauses
    # as long as the scheduler makes it.
    assert duration > 0.1
    assert longest_pause < 0.5 * duration, (longest_pause, duration)


def test_first_calls_from_many_threads_compile_once_each():
    import numpy as np

    arrays = [np.ones(3), np.ones(3, dtype=np.int32), np.ones((2,))[::-1], np.ones(3, dtype=np.float32)]
    results, errors = {}, []
    barrier = threading.Barrier(8)

    def work(i):
        try:
            barrier.wait()
            a = arrays[i % 4]
            results[i] = k.concurrent_target(a, i)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results) == list(range(8))
    assert all(results[i] == i for i in range(8))
    assert len(k.concurrent_target.signatures) == 4
