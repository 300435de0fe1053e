"""Time the LU example under Blackbird, Numba (@njit of the same code), NumPy (the same code
interpreted) and SciPy (scipy.linalg.lu_factor, LAPACK with pivoting) on the same matrices in
one run, and print ratios against Blackbird.

Usage: python benches/peers/lu_peers.py [--sizes 10,32,64,128,256] [--repeat 50]
Needs a release build: cargo build --release
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "lu.py")
BLACKBIRD = os.path.join(ROOT, "target", "release", "blackbird")


def numba_source():
    """The example's `lu` as Numba compiles it. Numba rejects `with np.errstate` in nopython
    code, so that line is removed and its block dedented; the rest is the same code."""
    src = open(EXAMPLE).read().split('if __name__ == "__main__":')[0]
    lines, out, dedent = src.splitlines(), [], None
    for line in lines:
        if line.strip().startswith("with np.errstate"):
            dedent = len(line) - len(line.lstrip())
            continue
        if dedent is not None and line.strip() and len(line) - len(line.lstrip()) > dedent:
            line = line[4:]
        out.append(line)
    return "\n".join(out) + "\n"


def numba_lu():
    """The example's `lu` compiled by Numba (see `numba_source`)."""
    namespace = {}
    exec(compile(numba_source(), "lu_numba", "exec"), namespace)
    return namespace["lu"]


def python_lu():
    namespace = {}
    src = open(EXAMPLE).read().split('if __name__ == "__main__":')[0].replace("@njit", "")
    exec(compile(src, "lu_python", "exec"), namespace)
    return namespace["lu"]


def time_calls(f, matrix, repeat):
    times = []
    for _ in range(repeat):
        a = matrix.copy()
        t = time.perf_counter()
        f(a)
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def blackbird(path, repeat):
    out = subprocess.run([BLACKBIRD, "bench", EXAMPLE, "-f", "lu", path, "--json", "--repeat", str(repeat)],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    return r["min_s"], r["median_s"], r["compile_s"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,32,64,128,256")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    if not os.path.exists(BLACKBIRD):
        sys.exit("build first: cargo build --release")
    import scipy.linalg

    nb = numba_lu()
    t = time.perf_counter()
    nb(np.eye(3) + 1.0)
    numba_compile = time.perf_counter() - t
    py = python_lu()
    print(f"compile: Numba {numba_compile * 1e3:.0f} ms (first call)")
    print(f"{'n':>5} {'blackbird':>12} {'numba':>12} {'scipy':>12} {'numpy+py':>12}   numba/bb  scipy/bb  numpy/bb")
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            rng = np.random.default_rng(n)
            m = rng.random((n, n)) + n * np.eye(n)
            path = os.path.join(tmp, f"a{n}.npy")
            np.save(path, m)
            bb_min, _, bb_compile = blackbird(path, args.repeat)
            nb_min, _ = time_calls(nb, m, args.repeat)
            sp_min, _ = time_calls(lambda a: scipy.linalg.lu_factor(a, overwrite_a=True, check_finite=False), m, args.repeat)
            py_min, _ = time_calls(py, m, max(1, min(args.repeat, 2000 // n)))
            # The same result as Numba's (no pivoting in either).
            a, b = m.copy(), m.copy()
            nb(a)
            py(b)
            assert np.allclose(a, b)
            print(f"{n:>5} {bb_min * 1e6:>10.1f}µs {nb_min * 1e6:>10.1f}µs {sp_min * 1e6:>10.1f}µs {py_min * 1e6:>10.1f}µs"
                  f"   {nb_min / bb_min:>8.2f}  {sp_min / bb_min:>8.2f}  {py_min / bb_min:>8.1f}")
            print(f"      blackbird compile {bb_compile * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
