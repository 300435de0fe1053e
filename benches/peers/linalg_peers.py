"""Time np.linalg calls (LAPACK) under NumPy, Numba (@njit) and Blackbird on the same inputs in
one run: `np.linalg.solve` at n = 10, 100, 1000 (a vector right-hand side), `det` and `inv` at
n = 100. Checks that the three agree, prints ms per call and the ratios (> 1: Blackbird faster).

Blackbird runs through `blackbird bench --json` (per-call minimum, arrays restored before each
call and not timed): BLACKBIRD (the path of the command) or target/release/blackbird, else
target/debug/blackbird (its runtime, which copies the arrays for LAPACK, is then unoptimised).
NumPy and Numba: the minimum over --repeat calls and --min-time seconds.

Usage: .venv/bin/python benches/peers/linalg_peers.py [--repeat 20] [--min-time 0.3]
"""
import argparse
import json
import os
import subprocess
import tempfile
import textwrap

import numpy as np

from timing import best

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SOURCE = textwrap.dedent("""
    import numpy as np
    from numba import njit


    @njit
    def solve(a, b):
        return np.linalg.solve(a, b)


    @njit
    def det(a):
        return np.linalg.det(a)


    @njit
    def inv(a):
        return np.linalg.inv(a)
""")

# (kernel, n)
CASES = [("solve", 10), ("solve", 100), ("solve", 1000), ("det", 100), ("inv", 100)]


def blackbird_command():
    for path in [os.environ.get("BLACKBIRD"),
                 os.path.join(ROOT, "target", "release", "blackbird"),
                 os.path.join(ROOT, "target", "debug", "blackbird")]:
        if path and os.path.exists(path):
            return path
    raise SystemExit("no blackbird command: cargo build --release")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--min-time", type=float, default=0.3)
    args = parser.parse_args()
    command = blackbird_command()
    namespace = {}
    exec(compile(SOURCE, "linalg_kernels", "exec"), namespace)
    print(f"blackbird: {os.path.relpath(command, ROOT)}; OpenBLAS threads: "
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')}")
    print(f"{'call':<14} {'NumPy ms':>9} {'Numba ms':>9} {'Blackbird':>10} {'vs NumPy':>9} "
          f"{'vs Numba':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "linalg_kernels.py")
        with open(source, "w") as f:
            f.write(SOURCE)
        for name, n in CASES:
            rng = np.random.default_rng(n)
            a = rng.standard_normal((n, n)) + n * np.eye(n)
            inputs = (a, rng.standard_normal(n)) if name == "solve" else (a,)
            paths = []
            for i, x in enumerate(inputs):
                paths.append(os.path.join(tmp, f"{name}{n}_{i}.npy"))
                np.save(paths[-1], x)
            numpy_f = getattr(np.linalg, name)
            expected = numpy_f(*inputs)
            t_numpy = best(numpy_f, inputs, args.repeat, args.min_time)
            numba_f = namespace[name]  # SOURCE's @njit is Numba's
            assert np.allclose(numba_f(*inputs), expected, rtol=1e-9)
            t_numba = best(numba_f, inputs, args.repeat, args.min_time)
            out = os.path.join(tmp, f"out_{name}{n}")
            subprocess.run([command, "run", source, "-f", name, *paths, "--out", out],
                           check=True, capture_output=True)
            got = (np.load(os.path.join(out, "return.npy"))
                   if os.path.exists(os.path.join(out, "return.npy"))
                   else json.load(open(os.path.join(out, "return.json"))))
            assert np.allclose(got, expected, rtol=1e-9), f"{name} {n}: Blackbird disagrees"
            r = subprocess.run([command, "bench", source, "-f", name, *paths, "--json",
                                "--repeat", str(args.repeat), "--min-time", str(args.min_time)],
                               check=True, capture_output=True, text=True)
            t_bb = json.loads(r.stdout)["min_s"]
            print(f"{name + ' n=' + str(n):<14} {t_numpy * 1e3:9.4f} {t_numba * 1e3:9.4f} "
                  f"{t_bb * 1e3:10.4f} {t_numpy / t_bb:8.2f}x {t_numba / t_bb:8.2f}x")


if __name__ == "__main__":
    main()
