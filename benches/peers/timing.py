"""What the peers scripts share: the Blackbird command to time, and the timing loops.

Imported by the scripts beside it (`python benches/peers/NAME_peers.py` puts this folder on
the path).
"""
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def default_binary():
    """target/release/blackbird if built, else target/debug/blackbird (the compiled code is
    optimised either way)."""
    for kind in ("release", "debug"):
        path = os.path.join(ROOT, "target", kind, "blackbird")
        if os.path.exists(path):
            return path
    sys.exit("build first: cargo build --release --bin blackbird")


def best(f, args, repeat, min_time=0.0):
    """The fastest of at least `repeat` calls `f(*args)`, taking at least `min_time` seconds
    in all (seconds)."""
    times = []
    while len(times) < repeat or sum(times) < min_time:
        t = time.perf_counter()
        f(*args)
        times.append(time.perf_counter() - t)
    return min(times)


def min_and_median(f, args, repeat):
    """After a first (compiling) call, the fastest and the median of `repeat` calls
    `f(*args)` (seconds)."""
    f(*args)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f(*args)
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)
