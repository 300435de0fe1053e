"""Time GPU kernels (benches/peers/gpu_kernels.py, tests/programs/cuda_stencil.py) launched by Blackbird (`blackbird bench
--launch`) and by Numba (`kernel[blocks, threads](...)`) on the same host arrays, in one run:
an elementwise kernel on 1e8 float32, the same work as a GPU ufunc (`@vectorize(...,
target='cuda')`, returning a new array) and a 2-D stencil on 4096x4096 float32. All copy the
arrays to the GPU and back at every call. Without an NVIDIA GPU it says so and exits 0.

Usage: python benches/peers/gpu_peers.py [--n 100000000] [--side 4096] [--repeat 10]
Needs a release build: cargo build --release
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNELS = os.path.join(ROOT, "benches", "peers", "gpu_kernels.py")
# The 2-D stencil, as the tests compile it.
STENCIL = os.path.join(ROOT, "tests", "programs", "cuda_stencil.py")

from parallel_peers import BLACKBIRD, load  # noqa: E402


def blackbird(source, name, launch, paths, repeat):
    """Best time of `blackbird bench`: a kernel launched over `launch` ("BLOCKS,THREADS"), or a
    GPU ufunc called (`launch` None)."""
    how = ["--launch", launch] if launch else []
    run = subprocess.run([BLACKBIRD, "bench", source, "-f", name, *how, *paths,
                          "--json", "--repeat", str(repeat)], capture_output=True, text=True)
    if run.returncode != 0:
        return None, run.stderr.strip()
    return json.loads(run.stdout)["min_s"], None


def numba_time(source, name, blocks, threads, arrays, repeat):
    """Best time of Numba's kernel `name` of `source` launched over (blocks, threads), or of
    its CUDA ufunc called (`blocks` None)."""
    try:
        from numba import cuda
        if not cuda.is_available():
            return None
        kernel = getattr(load(source), name)  # a CUDA ufunc compiles here
        run = kernel if blocks is None else kernel[blocks, threads]
        run(*arrays)  # compile
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            run(*arrays)
            cuda.synchronize()
            times.append(time.perf_counter() - t)
        return min(times)
    except Exception as e:  # no CUDA toolkit for Numba, …
        print(f"  numba: {e}")
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000_000)
    parser.add_argument("--side", type=int, default=4096)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if not os.path.exists(BLACKBIRD):
        sys.exit("build first: cargo build --release")
    rng = np.random.default_rng(0)
    n, side = args.n, args.side
    x, y = rng.random(n, dtype=np.float32), rng.random(n, dtype=np.float32)
    grid = rng.random((side, side), dtype=np.float32)
    cases = [
        (KERNELS, "saxpy_sin", ((n + 255) // 256, 256), f"{(n + 255) // 256},256",
         [np.float32(2.0), x, y, np.empty_like(x)]),
        (KERNELS, "saxpy_sin_ufunc", (None, None), None, [x, y]),
        (STENCIL, "stencil", (((side + 15) // 16, (side + 15) // 16), (16, 16)),
         f"{(side + 15) // 16}x{(side + 15) // 16},16x16", [grid, np.zeros_like(grid)]),
    ]
    print(f"times are the best of {args.repeat} launches, each with host<->device copies")
    with tempfile.TemporaryDirectory() as tmp:
        for source, name, (blocks, threads), launch, arrays in cases:
            paths = []
            for k, a in enumerate(arrays):
                if isinstance(a, np.ndarray):
                    p = os.path.join(tmp, f"{name}_{k}.npy")
                    np.save(p, a)
                    paths.append(p)
                else:
                    paths.append(repr(float(a)))
            bb, why = blackbird(source, name, launch, paths, args.repeat)
            if bb is None:
                print(f"{name}: blackbird did not run: {why}")
                if "no GPU available" in why:
                    print("no NVIDIA GPU here: nothing to time")
                    return
                sys.exit(1)
            nb = numba_time(source, name, blocks, threads, arrays, args.repeat)
            ratio = f"numba/bb {nb / bb:.2f}" if nb else "numba: not available"
            print(f"{name:>10}: blackbird {bb * 1e3:8.2f} ms   numba "
                  f"{(nb or float('nan')) * 1e3:8.2f} ms   {ratio}")


if __name__ == "__main__":
    main()
