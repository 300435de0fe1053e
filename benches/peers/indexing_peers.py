"""Boolean-mask selection `a[a > 0.5]`, the fancy gather `a[idx]` and `np.roll(a, 3)` on
--n float64 elements (10**7 by default), under NumPy, Numba and Blackbird in one run, on the
same inputs; checks that the three agree and prints the times and Blackbird's ratios.

Every time is the minimum over at least --repeat calls and --min-time seconds of calls.
Blackbird runs through `blackbird bench` (its per-call minimum; arrays are restored from their
files between calls, outside the timing); its compile time is `bench`'s.

Usage: .venv/bin/python benches/peers/indexing_peers.py [--n 10000000] [--repeat 5]
Uses target/release/blackbird (cargo build --release --bin blackbird), else $BLACKBIRD, else
target/debug/blackbird (the compiled code is the same; only compiling is slower).
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from timing import best

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNELS = os.path.join(ROOT, "benches", "peers", "indexing_kernels.py")


def blackbird_binary():
    for path in [os.path.join(ROOT, "target", "release", "blackbird"), os.environ.get("BLACKBIRD"),
                 os.path.join(ROOT, "target", "debug", "blackbird")]:
        if path and os.path.exists(path):
            return path
    sys.exit("build first: cargo build --release --bin blackbird")


def blackbird(binary, name, paths, out, repeat, min_time):
    subprocess.run([binary, "run", KERNELS, "-f", name, *paths, "--out", out],
                   check=True, capture_output=True, text=True)
    bench = subprocess.run([binary, "bench", KERNELS, "-f", name, *paths, "--json",
                            "--repeat", str(repeat), "--min-time", str(min_time)],
                           check=True, capture_output=True, text=True).stdout
    r = json.loads(bench)
    return np.load(os.path.join(out, "return.npy")), r["min_s"], r["compile_s"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.3)
    args = parser.parse_args()
    binary = blackbird_binary()
    import numba

    spec = importlib.util.spec_from_file_location("indexing_kernels", KERNELS)
    kernels = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kernels)
    rng = np.random.default_rng(0)
    a = rng.random(args.n)
    idx = rng.integers(0, args.n, args.n)
    inputs = {"mask_select": (a,), "fancy_gather": (a, idx), "roll": (a,)}
    print(f"n = {args.n}, Blackbird: {os.path.relpath(binary, ROOT)}")
    print(f"{'kernel':<14} {'NumPy ms':>9} {'Numba ms':>9} {'Blackbird':>10} {'vs NumPy':>9} "
          f"{'vs Numba':>9} {'compile ms':>11}")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, xs in inputs.items():
            f = getattr(kernels, name)
            expected = f(*xs)
            t_numpy = best(f, xs, args.repeat, args.min_time)
            nb = numba.njit(f)
            nb_result = nb(*xs)
            t_numba = best(nb, xs, args.repeat, args.min_time)
            paths = []
            for i, x in enumerate(xs):
                paths.append(os.path.join(tmp, f"{name}{i}.npy"))
                np.save(paths[-1], x)
            out = os.path.join(tmp, name)
            got, t_bb, compile_s = blackbird(binary, name, paths, out, args.repeat, args.min_time)
            for who, r in [("Numba", nb_result), ("Blackbird", got)]:
                if r.shape != expected.shape or not np.array_equal(r, expected):
                    failures.append(f"{name}: {who}'s result differs from NumPy's")
            print(f"{name:<14} {t_numpy * 1e3:9.3f} {t_numba * 1e3:9.3f} {t_bb * 1e3:10.3f} "
                  f"{t_numpy / t_bb:8.2f}x {t_numba / t_bb:8.2f}x {compile_s * 1e3:11.1f}")
    for line in failures:
        print("FAILED", line)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
