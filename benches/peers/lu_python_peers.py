"""Time the founding article's LU example called from Python: `numba_LUdet` of
`../shared/seed/lu.py` (read in place, unchanged) with `numba` bound to `blackbird`, against
Numba's `@njit` of the same function in the same run, at n = 10, 32, 64, 128, 256. Numba
rejects the example's `with np.errstate(...)` in nopython code, so for Numba that line is
removed and its block dedented (as `lu_peers.py` does); the rest is the same code.

Each call factors a fresh copy of the same matrix (the copy is not timed). The two peers are
timed in alternating rounds (so a burst of load on a shared machine hits both), each round
at least `--min-time` seconds of calls; the minimum over rounds is reported, with the
median, and Numba's minimum over Blackbird's. With the release CLI built
(`target/release/blackbird`), the CLI's `blackbird bench` of the same code is timed too, so
the ratios from Python and from the CLI can be compared.

Usage: python benches/peers/lu_python_peers.py [--sizes 10,32,64,128,256] [--rounds 3]
                                              [--min-time 0.1]
Needs the Python package (bash scripts/setup.sh) and Numba in the same environment.
"""
import argparse
import importlib.util
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
SEED = os.path.join(os.path.dirname(ROOT), "shared", "seed", "lu.py")
CLI = os.path.join(ROOT, "target", "release", "blackbird")


def function_source(path, name):
    """The text of top-level function `name` of `path`, decorators included."""
    lines = open(path).read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith(f"def {name}("))
    end = start + 1
    while start > 0 and lines[start - 1].startswith("@"):
        start -= 1
    while end < len(lines) and (not lines[end] or lines[end][0] in " \t"):
        end += 1
    return "\n".join(lines[start:end]) + "\n"


def without_errstate(src):
    """`src` without its `with np.errstate(...)` line, the block under it dedented."""
    out, dedent = [], None
    for line in src.splitlines():
        if line.strip().startswith("with np.errstate"):
            dedent = len(line) - len(line.lstrip())
            continue
        if dedent is not None and line.strip() and len(line) - len(line.lstrip()) > dedent:
            line = line[4:]
        out.append(line)
    return "\n".join(out) + "\n"


def blackbird_lu():
    """The seed's `numba_LUdet`, unchanged, its module loaded with `numba` bound to blackbird."""
    import blackbird

    saved = sys.modules.get("numba")
    sys.modules["numba"] = blackbird
    try:
        spec = importlib.util.spec_from_file_location("seed_lu_blackbird", SEED)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            del sys.modules["numba"]
        else:
            sys.modules["numba"] = saved
    return module.numba_LUdet, module.numpy_LUdet


def numba_lu():
    """Numba's `@njit` of the seed's `numba_LUdet` without the `with np.errstate` line."""
    import numba

    src = without_errstate(function_source(SEED, "numba_LUdet"))
    src = src.replace("@numba.jit()", "@numba.njit")
    namespace = {"np": np, "numba": numba}
    exec(compile(src, "lu_numba", "exec"), namespace)
    return namespace["numba_LUdet"]


def round_of_calls(f, matrix, min_time):
    """Times of calls of `f` on fresh copies of `matrix`, for at least `min_time` seconds."""
    times, spent = [], 0.0
    while spent < min_time or len(times) < 3:
        a = matrix.copy()
        t = time.perf_counter()
        f(a)
        dt = time.perf_counter() - t
        times.append(dt)
        spent += dt
        if spent < min_time and len(times) > 100_000:
            break
    return times


def cli_min(matrix, repeat):
    """The release CLI's minimum per call of the same code (`blackbird bench`), or None."""
    if not os.path.exists(CLI):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "lu_cli.py")
        # The seed's function, unchanged, as a module the CLI compiles (`numba` is Blackbird's
        # name there too).
        with open(src, "w") as f:
            f.write("import numpy as np\nimport numba\n\n\n" + function_source(SEED, "numba_LUdet"))
        path = os.path.join(tmp, "a.npy")
        np.save(path, matrix)
        out = subprocess.run([CLI, "bench", src, "-f", "numba_LUdet", path, "--json",
                              "--repeat", str(repeat)], check=True, capture_output=True,
                             text=True).stdout
        return json.loads(out)["min_s"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,32,64,128,256")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-time", type=float, default=0.1)
    args = parser.parse_args()
    if not os.path.exists(SEED):
        sys.exit(f"the seed examples are not at {SEED}")

    t = time.perf_counter()
    bb, plain = blackbird_lu()
    bb(np.eye(3) + 1.0)
    bb_compile = time.perf_counter() - t
    t = time.perf_counter()
    nb = numba_lu()
    nb(np.eye(3) + 1.0)
    nb_compile = time.perf_counter() - t
    print(f"load: {os.getloadavg()[0]:.1f} (1 min average) on {os.cpu_count()} CPUs")
    print(f"first call (compiling): Blackbird {bb_compile * 1e3:.0f} ms, Numba {nb_compile * 1e3:.0f} ms")
    header = f"{'n':>5} {'blackbird µs':>13} {'(median)':>9} {'numba µs':>10} {'(median)':>9}  numba/bb"
    if os.path.exists(CLI):
        header += "   cli µs  numba/cli"
    print(header)
    for n in [int(s) for s in args.sizes.split(",")]:
        rng = np.random.default_rng(n)
        m = rng.random((n, n)) + n * np.eye(n)
        # The same result as the example run by CPython + NumPy.
        a, b, c = m.copy(), m.copy(), m.copy()
        bb(a)
        nb(b)
        with np.errstate(over="ignore"):  # its `y` (the determinant) overflows at n = 256
            plain(c)
        assert np.allclose(a, c) and np.allclose(b, c)
        bb_times, nb_times = [], []
        for _ in range(args.rounds):
            bb_times += round_of_calls(bb, m, args.min_time)
            nb_times += round_of_calls(nb, m, args.min_time)
        bb_min, nb_min = min(bb_times), min(nb_times)
        line = (f"{n:>5} {bb_min * 1e6:>13.1f} {statistics.median(bb_times) * 1e6:>9.1f} "
                f"{nb_min * 1e6:>10.1f} {statistics.median(nb_times) * 1e6:>9.1f}  {nb_min / bb_min:>8.2f}")
        cli = cli_min(m, max(3, min(2000, int(args.min_time / max(bb_min, 1e-7)))))
        if cli is not None:
            line += f" {cli * 1e6:>8.1f}  {nb_min / cli:>9.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
