"""Time parallel=True kernels (benches/peers/parallel_kernels.py) under Blackbird and Numba on
1 and 2 threads, in one run, and print each one's speedup from 1 to 2 threads, with NumPy's
time of the same computation for reference; then the @guvectorize moving average of Numba's
documentation on (1000, 10000), window 20 (one thread). Blackbird's thread count comes from
BLACKBIRD_NUM_THREADS, Numba's from numba.set_num_threads.

Usage: python benches/peers/parallel_peers.py [--n 10000000] [--repeat 10]
Needs a release build: cargo build --release
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNELS = os.path.join(ROOT, "benches", "peers", "parallel_kernels.py")
# Numba's documentation example, as the tests compile it.
MOVE_MEAN = os.path.join(ROOT, "tests", "programs", "guvectorize_moving_average.py")
BLACKBIRD = os.path.join(ROOT, "target", "release", "blackbird")


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def load(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def blackbird(name, paths, repeat, threads, source=KERNELS):
    env = dict(os.environ, BLACKBIRD_NUM_THREADS=str(threads))
    out = subprocess.run([BLACKBIRD, "bench", source, "-f", name, *paths, "--json", "--repeat", str(repeat)],
                         check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)["min_s"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if not os.path.exists(BLACKBIRD):
        sys.exit("build first: cargo build --release")
    import numba
    kernels = load(KERNELS)
    n = args.n
    rng = np.random.default_rng(0)
    arrays = [rng.random(n) for _ in range(5)]
    x = arrays[0] + 0.5
    out = np.empty(n)
    M = x.reshape(n // 100, 100)
    cases = [
        # (name, arrays passed, NumPy's version)
        ("prange_compute", [x], lambda: np.sum(np.sin(x) * np.exp(-x * x) + np.sqrt(x + 1.0))),
        ("fused_parallel", [out] + arrays,
         lambda: np.copyto(out, arrays[0] * arrays[1] + arrays[2] * arrays[3] - np.exp(arrays[4]))),
        ("column_sums", [M], lambda: (M * M).sum(axis=0)),
        ("log10_parallel", [x], lambda: np.log10(x)),
        # The article's serial @vectorize: its 2-thread columns show the serial code again.
        ("log10_serial", [x], lambda: np.log10(x)),
    ]
    print(f"n = {n}, {os.cpu_count()} cores; times are the best of {args.repeat}")
    print(f"{'kernel':>16} {'bb 1 thr':>10} {'bb 2 thr':>10} {'bb x':>6} {'numba 1':>10} {'numba 2':>10} "
          f"{'numba x':>8} {'numpy':>10}  numba2/bb2  numpy/bb2")
    with tempfile.TemporaryDirectory() as tmp:
        for name, arrs, numpy_version in cases:
            paths = []
            for k, a in enumerate(arrs):
                p = os.path.join(tmp, f"{name}_{k}.npy")
                np.save(p, a)
                paths.append(p)
            bb = [blackbird(name, paths, args.repeat, t) for t in (1, 2)]
            f = getattr(kernels, name)
            f(*arrs)  # compile
            nb = []
            for t in (1, 2):
                numba.set_num_threads(t)
                nb.append(best(lambda: f(*arrs), args.repeat))
            np_s = best(numpy_version, args.repeat)
            print(f"{name:>16} {bb[0]*1e3:>8.2f}ms {bb[1]*1e3:>8.2f}ms {bb[0]/bb[1]:>6.2f} "
                  f"{nb[0]*1e3:>8.2f}ms {nb[1]*1e3:>8.2f}ms {nb[0]/nb[1]:>8.2f} {np_s*1e3:>8.2f}ms"
                  f"  {nb[1]/bb[1]:>10.2f}  {np_s/bb[1]:>9.2f}")

        # @guvectorize (serial in both): Numba's moving average over (1000, 10000), window 20.
        a = rng.random((1000, 10000))
        out = np.empty_like(a)
        paths = []
        for k, v in enumerate([a, out]):
            p = os.path.join(tmp, f"move_mean_{k}.npy")
            np.save(p, v)
            paths.append(p)
        bb = blackbird("move_mean", [paths[0], "20", paths[1]], args.repeat, 1, MOVE_MEAN)
        move_mean = load(MOVE_MEAN).move_mean
        move_mean(a, 20, out)
        nb = best(lambda: move_mean(a, 20, out), args.repeat)
        print(f"{'move_mean':>16} {bb*1e3:>8.2f}ms {'':>10} {'':>6} {nb*1e3:>8.2f}ms {'':>10} {'':>8} {'':>10}"
              f"  {nb/bb:>10.2f}")


if __name__ == "__main__":
    main()
