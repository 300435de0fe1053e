"""Time the NumPy-style kernels of benches/peers/numpy_kernels.py under NumPy, Numba and
Blackbird in one run, on the same inputs; check that the three agree; print a table of times,
Blackbird's speed-ups and its cold compile time, then a summary line (median and worst ratio).

Every time is the minimum over at least --repeat calls and --min-time seconds of calls.
Blackbird runs through its Python package (`import blackbird`), as a user calls it; its
compile time is the first call's time less one steady call.

Usage: .venv/bin/python benches/peers/numpy_peers.py [--repeat 5] [--min-time 0.3] [-k NAME,...]
"""
import argparse
import importlib.util
import os
import statistics
import time

import numpy as np

from timing import best

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNELS = os.path.join(ROOT, "benches", "peers", "numpy_kernels.py")


def first_call(f, args):
    t = time.perf_counter()
    result = f(*args)
    return result, time.perf_counter() - t


def agree(expected, got):
    expected, got = np.asarray(expected), np.asarray(got)
    if expected.shape != got.shape:
        return False
    if expected.dtype.kind in "iub":
        return bool(np.array_equal(expected, got))
    return bool(np.allclose(expected, got, rtol=1e-9, atol=1e-12, equal_nan=True))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.3)
    parser.add_argument("-k", help="comma-separated kernel names (default: all)")
    args = parser.parse_args()
    import blackbird
    import numba

    spec = importlib.util.spec_from_file_location("numpy_kernels", KERNELS)
    kernels = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kernels)
    names = args.k.split(",") if args.k else list(kernels.INPUTS)
    rows, failures = [], []
    print(f"{'kernel':<20} {'NumPy ms':>9} {'Numba ms':>9} {'Blackbird':>10} {'vs NumPy':>9} "
          f"{'vs Numba':>9} {'compile ms':>11}")
    for name in names:
        f = getattr(kernels, name)
        inputs = kernels.INPUTS[name](np.random.default_rng(0))
        expected = f(*inputs)
        t_numpy = best(f, inputs, args.repeat, args.min_time)
        t_numba = None
        try:
            nb = numba.njit(f)
            nb(*inputs)
            t_numba = best(nb, inputs, args.repeat, args.min_time)
        except Exception:  # Numba does not compile every NumPy idiom (e.g. mean(axis=...))
            pass
        numba_ms = f"{t_numba * 1e3:9.3f}" if t_numba else f"{'refused':>9}"
        bb = blackbird.njit(f)
        try:
            got, cold = first_call(bb, inputs)
        except Exception as e:  # a kernel Blackbird refuses is a finding, not a crash
            failures.append(f"{name}: {type(e).__name__}: {str(e).splitlines()[0]}")
            print(f"{name:<20} {t_numpy * 1e3:9.3f} {numba_ms} {'refused':>10}")
            continue
        if not agree(expected, got):
            failures.append(f"{name}: result differs from NumPy's")
        t_bb = best(bb, inputs, args.repeat, args.min_time)
        compile_s = max(cold - t_bb, 0.0)
        rows.append((name, t_numpy, t_numba, t_bb, compile_s))
        vs_numba = f"{t_numba / t_bb:8.2f}x" if t_numba else f"{'-':>9}"
        print(f"{name:<20} {t_numpy * 1e3:9.3f} {numba_ms} {t_bb * 1e3:10.3f} "
              f"{t_numpy / t_bb:8.2f}x {vs_numba} {compile_s * 1e3:11.1f}")
    if rows:
        vs_numpy = [r[1] / r[3] for r in rows]
        vs_numba = [r[2] / r[3] for r in rows if r[2]]
        compiles = [r[4] * 1e3 for r in rows]
        worst_numpy = min(zip(vs_numpy, rows))[1][0]
        worst_numba = min((r[2] / r[3], r[0]) for r in rows if r[2])[1]
        print(f"summary: {len(rows)} kernels; Blackbird vs NumPy median {statistics.median(vs_numpy):.2f}x, "
              f"worst {min(vs_numpy):.2f}x ({worst_numpy}); vs Numba median "
              f"{statistics.median(vs_numba):.2f}x, worst {min(vs_numba):.2f}x ({worst_numba}; "
              f"{len(vs_numba)} kernels Numba compiles); "
              f"cold compile median {statistics.median(compiles):.0f} ms, max {max(compiles):.0f} ms")
    for line in failures:
        print("FAILED", line)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
