"""Time fused whole-array expressions and tensor-level rewrites (benches/peers/fusion_kernels.py)
under Blackbird,
NumPy (the same expressions, one temporary per operation) and Numba (@njit of the same code)
on the same arrays in one run; print ratios against Blackbird and the bandwidth each reaches
next to this machine's measured copy bandwidth (np.copyto of the same size). `row_norms` is a
reduction epilogue (`np.sqrt((A * A).sum(axis=1))` over rows of 1000). `chain` is
`(A @ B) @ x` on n x n matrices (--chain-n): tensor-eqsat reassociates it to `A @ (B @ x)`,
while NumPy and Numba evaluate the matrix product first (BLAS). `matmul` is `A @ B` alone
(BLAS dgemm for NumPy and Numba).

Every peer's time is the minimum over at least --repeat calls and --min-time seconds of calls
(as timeit's autorange: a sub-millisecond kernel gets hundreds of calls, a 15 ms one dozens).

Usage: python benches/peers/fusion_peers.py [--n 10000000] [--chain-n 1000] [--repeat 10]
                                            [--min-time 0.5]
Needs a release build: cargo build --release
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
KERNELS = os.path.join(ROOT, "benches", "peers", "fusion_kernels.py")
BLACKBIRD = os.path.join(ROOT, "target", "release", "blackbird")


def blackbird(name, paths, repeat, min_time):
    out = subprocess.run([BLACKBIRD, "bench", KERNELS, "-f", name, *paths, "--json", "--repeat", str(repeat),
                          "--min-time", str(min_time)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["min_s"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--chain-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--min-time", type=float, default=0.5)
    args = parser.parse_args()
    if not os.path.exists(BLACKBIRD):
        sys.exit("build first: cargo build --release")
    spec = importlib.util.spec_from_file_location("fusion_kernels", KERNELS)
    kernels = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kernels)
    n = args.n
    rng = np.random.default_rng(0)
    arrays = [rng.random(n) for _ in range(5)]
    src, dst = arrays[0], np.empty(n)
    copy_s = best(lambda: np.copyto(dst, src), (), args.repeat, args.min_time)
    copy_bw = 2 * 8 * n / copy_s
    print(f"n = {n}: copy bandwidth (np.copyto) {copy_bw / 1e9:.1f} GB/s")
    cases = [
        # (name, arrays passed, scalar args, bytes moved per call)
        ("fused", arrays[:5], [], 6 * 8 * n),
        ("hypot", arrays[:2], [], 3 * 8 * n),
        # The same expressions written into an existing array: the kernel without allocation.
        ("fused_into", [np.empty(n)] + arrays[:5], [], 6 * 8 * n),
        ("hypot_into", [np.empty(n)] + arrays[:2], [], 3 * 8 * n),
        ("axpy_into", [arrays[0].copy(), None, arrays[1]], [2.5], 3 * 8 * n),
        ("sum_of_products", arrays[:2], [], 2 * 8 * n),
        ("row_norms", [arrays[0].reshape(n // 1000, 1000)], [], 8 * n),
        ("chain", [rng.random((args.chain_n, args.chain_n)), rng.random((args.chain_n, args.chain_n)),
                   rng.random(args.chain_n)], [], None),
        ("matmul", [rng.random((args.chain_n, args.chain_n)), rng.random((args.chain_n, args.chain_n))],
         [], None),
    ]
    print(f"{'kernel':>10} {'blackbird':>11} {'numba':>11} {'numpy':>11}  numba/bb  numpy/bb  bb GB/s  (% of copy)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, arrs, scalars, moved in cases:
            values, paths = [], []
            scalar_iter = iter(scalars)
            for k, a in enumerate(arrs):
                if a is None:
                    s = next(scalar_iter)
                    values.append(s)
                    paths.append(repr(s))
                else:
                    path = os.path.join(tmp, f"{name}{k}.npy")
                    np.save(path, a)
                    values.append(a)
                    paths.append(path)
            f = getattr(kernels, name)
            f(*[v.copy() if isinstance(v, np.ndarray) else v for v in values])  # Numba compiles
            bb = blackbird(name, paths, args.repeat, args.min_time)
            nb = best(f, values, args.repeat, args.min_time)
            npy = best(f.py_func, values, args.repeat, args.min_time)
            line = f"{name:>10} {bb * 1e3:>9.2f}ms {nb * 1e3:>9.2f}ms {npy * 1e3:>9.2f}ms  {nb / bb:>8.2f}  {npy / bb:>8.2f}"
            if moved is not None:
                bw = moved / bb
                line += f"  {bw / 1e9:>7.1f}  ({100 * bw / copy_bw:.0f}%)"
            print(line)


main()
