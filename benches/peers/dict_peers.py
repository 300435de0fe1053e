"""Dicts: count 10**6 int64 keys (about 10**4 distinct) with `d[k] = d.get(k, 0) + 1`, under
Blackbird (`blackbird bench` of dict_kernels.py), Numba's njit of the same `{}` code (which
infers a typed dict) and Numba's `numba.typed.Dict`, in one run; ratios against Blackbird.

Usage: python benches/peers/dict_peers.py [--n 1000000] [--distinct 10000] [--repeat 20]
Blackbird: target/release/blackbird if built, else target/debug/blackbird (the compiled code is
optimised either way; `--binary` picks another).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from timing import default_binary, min_and_median

HERE = os.path.dirname(os.path.abspath(__file__))
KERNELS = os.path.join(HERE, "dict_kernels.py")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--distinct", type=int, default=10_000)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--binary", default=None)
    args = p.parse_args()
    binary = args.binary or default_binary()

    from numba import njit, types
    from numba.typed import Dict

    sys.path.insert(0, HERE)
    from dict_kernels import count_keys

    @njit
    def typed_count_keys(keys):
        d = Dict.empty(key_type=types.int64, value_type=types.int64)
        for k in keys:
            d[k] = d.get(k, 0) + 1
        s = 0
        for k, v in d.items():
            s += k * v
        return s + len(d)

    rng = np.random.default_rng(0)
    keys = rng.integers(-args.distinct // 2, args.distinct // 2, args.n, dtype=np.int64)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "keys.npy")
        np.save(path, keys)
        out = subprocess.run([binary, "bench", KERNELS, "-f", "count_keys", path, "--json",
                              "--repeat", str(args.repeat)], check=True, capture_output=True,
                             text=True).stdout
        printed = subprocess.run([binary, "run", KERNELS, "-f", "count_keys", path], check=True,
                                 capture_output=True, text=True).stdout
    r = json.loads(out)
    results = {
        "blackbird": (r["min_s"], r["median_s"]),
        "numba njit {}": min_and_median(count_keys, (keys,), args.repeat),
        "numba typed.Dict": min_and_median(typed_count_keys, (keys,), args.repeat),
    }
    expected = count_keys.py_func(keys)
    assert count_keys(keys) == expected == typed_count_keys(keys) == int(printed), printed
    base = results["blackbird"][0]
    print(f"count {args.n} int64 keys ({args.distinct} distinct) in a dict "
          f"({os.path.basename(binary)} at {binary})")
    print(f"{'tool':<22}{'min ms':>10}{'median ms':>12}{'min / blackbird':>18}")
    for tool, (lo, med) in results.items():
        print(f"{tool:<22}{lo * 1e3:>10.2f}{med * 1e3:>12.2f}{lo / base:>18.2f}")


if __name__ == "__main__":
    main()
