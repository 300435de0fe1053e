"""Time sorting and searching under NumPy, Numba (@njit) and Blackbird on the same inputs in one
run: `np.sort`, `np.argsort`, `np.unique` and `np.searchsorted` on n float64 (uniform on [0, 1);
`np.unique` on n int64 drawn from n / 10 values; `np.searchsorted` of n values into n sorted
ones, `side='left'` and `side='right'`), for each n of --n (10**6 and 10**7 by default). Checks that the three agree, prints
ms per call and the ratios (> 1: Blackbird faster); "n/a" where Numba does not compile the call
(its np.sort takes no `kind`).

`np.sort` and `np.argsort` run with NumPy's default kind (quicksort: an introsort, or the
x86-simd-sort/highway vectorised sort where the CPU has it) and with kind='stable' (radix or
timsort in NumPy); Blackbird's sort is one stable sort for every kind, the runtime's radix
sort (runtime/src/sort.rs) called by the prelude (passes/src/library/prelude/numpy.py).

Blackbird runs through `blackbird bench --json` (per-call minimum, arrays restored before each
call and not timed): BLACKBIRD (the path of the command) or target/release/blackbird, else
target/debug/blackbird. NumPy and Numba: the minimum over --repeat calls and --min-time
seconds.

Usage: .venv/bin/python benches/peers/sort_peers.py [--n 1000000 10000000] [--repeat 5]
    [--min-time 0.3] [--only sort unique …]
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
    def sort(a):
        return np.sort(a)


    @njit
    def sort_stable(a):
        return np.sort(a, kind="stable")


    @njit
    def argsort(a):
        return np.argsort(a)


    @njit
    def argsort_stable(a):
        return np.argsort(a, kind="stable")


    @njit
    def unique(a):
        return np.unique(a)


    @njit
    def searchsorted_left(a, v):
        return np.searchsorted(a, v)


    @njit
    def searchsorted_right(a, v):
        return np.searchsorted(a, v, side="right")
""")

NUMPY = {
    "sort": np.sort,
    "sort_stable": lambda a: np.sort(a, kind="stable"),
    "argsort": np.argsort,
    "argsort_stable": lambda a: np.argsort(a, kind="stable"),
    "unique": np.unique,
    "searchsorted_left": np.searchsorted,
    "searchsorted_right": lambda a, v: np.searchsorted(a, v, side="right"),
}


def blackbird_command():
    for path in [os.environ.get("BLACKBIRD"),
                 os.path.join(ROOT, "target", "release", "blackbird"),
                 os.path.join(ROOT, "target", "debug", "blackbird")]:
        if path and os.path.exists(path):
            return path
    raise SystemExit("no blackbird command: cargo build --release")


def inputs_for(name, n, rng):
    if name == "unique":
        return (rng.integers(0, n // 10, n),)
    if name.startswith("searchsorted"):
        return (np.sort(rng.random(n)), rng.random(n))
    return (rng.random(n),)


def agrees(name, got, expected, inputs):
    if name == "argsort":
        # Equal keys may come in another order than NumPy's unstable sort gives them.
        return np.array_equal(inputs[0][got], inputs[0][expected])
    return np.array_equal(got, expected)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--only", nargs="+", choices=list(NUMPY), help="these calls only")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.3)
    args = parser.parse_args()
    command = blackbird_command()
    namespace = {}
    exec(compile(SOURCE, "sort_kernels", "exec"), namespace)
    print(f"blackbird: {os.path.relpath(command, ROOT)}")
    print(f"{'call':<20} {'n':>9} {'NumPy ms':>9} {'Numba ms':>9} {'Blackbird':>10} "
          f"{'vs NumPy':>9} {'vs Numba':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "sort_kernels.py")
        with open(source, "w") as f:
            f.write(SOURCE)
        for n, (name, numpy_f) in [(n, item) for n in args.n for item in NUMPY.items()]:
            if args.only and name not in args.only:
                continue
            inputs = inputs_for(name, n, np.random.default_rng(1))
            paths = []
            for i, x in enumerate(inputs):
                paths.append(os.path.join(tmp, f"{name}_{i}.npy"))
                np.save(paths[-1], x)
            expected = numpy_f(*inputs)
            t_numpy = best(numpy_f, inputs, args.repeat, args.min_time)
            numba_f = namespace[name]  # SOURCE's @njit is Numba's
            try:
                numba_result = numba_f(*inputs)
            except Exception:  # Numba's np.sort takes no `kind`
                t_numba = None
            else:
                assert agrees(name, numba_result, expected, inputs), f"{name}: Numba disagrees"
                t_numba = best(numba_f, inputs, args.repeat, args.min_time)
            out = os.path.join(tmp, f"out_{name}")
            subprocess.run([command, "run", source, "-f", name, *paths, "--out", out],
                           check=True, capture_output=True)
            got = np.load(os.path.join(out, "return.npy"))
            assert agrees(name, got, expected, inputs), f"{name}: Blackbird disagrees"
            r = subprocess.run([command, "bench", source, "-f", name, *paths, "--json",
                                "--repeat", str(args.repeat), "--min-time", str(args.min_time)],
                               check=True, capture_output=True, text=True)
            t_bb = json.loads(r.stdout)["min_s"]
            numba_ms = "n/a" if t_numba is None else f"{t_numba * 1e3:.3f}"
            vs_numba = "n/a" if t_numba is None else f"{t_numba / t_bb:.2f}x"
            print(f"{name:<20} {n:9d} {t_numpy * 1e3:9.3f} {numba_ms:>9} "
                  f"{t_bb * 1e3:10.3f} {t_numpy / t_bb:8.2f}x {vs_numba:>9}")


if __name__ == "__main__":
    main()
