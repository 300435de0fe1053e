"""On-disk cache: cold compile vs warm load of the LU example in fresh processes, Blackbird
(`cache=True` via `bench --cache`) against Numba (`@njit(cache=True)` of the same code), in one
run.

For each tool, the first process compiles into an empty cache directory (cold) and the next
`--repeat` processes load from it (warm). Reported per tool: the time from starting to build the
function to having it ready (Blackbird: `bench`'s compile time, which parses the module and
compiles or loads; Numba: the first call, which compiles or loads, minus a second call), and the
whole process's wall time (Numba's includes importing it).

Usage: python benches/peers/cache_peers.py [--n 128] [--repeat 5]
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lu_peers import BLACKBIRD, EXAMPLE, numba_source  # noqa: E402

NUMBA_DRIVER = textwrap.dedent("""
    import json, sys, time
    import numpy as np
    sys.path.insert(0, sys.argv[1])
    from lu_numba import lu
    a = np.load(sys.argv[2])
    t = time.perf_counter()
    lu(a)
    first = time.perf_counter() - t
    a = np.load(sys.argv[2])
    t = time.perf_counter()
    lu(a)
    call = time.perf_counter() - t
    print(json.dumps({"ready_s": first - call}))
""")


def timed(command, env):
    t = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return time.perf_counter() - t, out


def blackbird(matrix, cache_dir):
    env = dict(os.environ, BLACKBIRD_CACHE_DIR=cache_dir)
    wall, out = timed([BLACKBIRD, "bench", EXAMPLE, "-f", "lu", matrix, "--cache", "--json", "--repeat", "1"], env)
    r = json.loads(out)
    return r["compile_s"], wall, r["from_disk_cache"]


def numba(module_dir, matrix, cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    wall, out = timed([sys.executable, "-c", NUMBA_DRIVER, module_dir, matrix], env)
    return json.loads(out)["ready_s"], wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=128)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(BLACKBIRD):
        sys.exit("build first: cargo build --release")
    with tempfile.TemporaryDirectory() as tmp:
        matrix = os.path.join(tmp, "a.npy")
        rng = np.random.default_rng(0)
        np.save(matrix, rng.random((args.n, args.n)) + args.n * np.eye(args.n))
        with open(os.path.join(tmp, "lu_numba.py"), "w") as f:
            f.write(numba_source().replace("@njit", "@njit(cache=True)"))
        bb_cache, nb_cache = os.path.join(tmp, "bb"), os.path.join(tmp, "nb")

        bb_cold = blackbird(matrix, bb_cache)
        assert not bb_cold[2], "the first Blackbird process should compile"
        bb_warm = [blackbird(matrix, bb_cache) for _ in range(args.repeat)]
        assert all(w[2] for w in bb_warm), "later Blackbird processes should load from the cache"
        nb_cold = numba(tmp, matrix, nb_cache)
        nb_warm = [numba(tmp, matrix, nb_cache) for _ in range(args.repeat)]

    def med(rows, i):
        return statistics.median(r[i] for r in rows)

    print(f"LU n={args.n}, fresh processes; warm = median of {args.repeat}")
    print(f"{'':>10} {'cold ready':>11} {'warm ready':>11} {'cold process':>13} {'warm process':>13}")
    print(f"{'blackbird':>10} {bb_cold[0] * 1e3:>9.1f}ms {med(bb_warm, 0) * 1e3:>9.2f}ms "
          f"{bb_cold[1] * 1e3:>11.1f}ms {med(bb_warm, 1) * 1e3:>11.1f}ms")
    print(f"{'numba':>10} {nb_cold[0] * 1e3:>9.1f}ms {med(nb_warm, 0) * 1e3:>9.2f}ms "
          f"{nb_cold[1] * 1e3:>11.1f}ms {med(nb_warm, 1) * 1e3:>11.1f}ms")
    print(f"warm ready: numba/blackbird = {med(nb_warm, 0) / med(bb_warm, 0):.1f}x; "
          f"warm process: numba/blackbird = {med(nb_warm, 1) / med(bb_warm, 1):.1f}x")


if __name__ == "__main__":
    main()
