"""Lists: append n floats to a list, then sum it, under Blackbird (`blackbird bench` of
list_kernels.py), Numba's reflected list (the same `[]` code) and Numba's typed list
(`numba.typed.List`), in one run; ratios against Blackbird.

Usage: python benches/peers/list_peers.py [--n 1000000] [--repeat 20]
Blackbird: target/release/blackbird if built, else target/debug/blackbird (the compiled code is
optimised either way; `--binary` picks another).
"""
import argparse
import json
import os
import subprocess
import sys

from timing import default_binary, min_and_median

HERE = os.path.dirname(os.path.abspath(__file__))
KERNELS = os.path.join(HERE, "list_kernels.py")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--binary", default=None)
    args = p.parse_args()
    binary = args.binary or default_binary()

    from numba import njit
    from numba.typed import List

    sys.path.insert(0, HERE)
    from list_kernels import append_sum

    @njit
    def typed_append_sum(n):
        l = List.empty_list(0.0)
        for i in range(n):
            l.append(i * 0.5)
        s = 0.0
        for x in l:
            s += x
        return s

    out = subprocess.run([binary, "bench", KERNELS, "-f", "append_sum", str(args.n), "--json",
                          "--repeat", str(args.repeat)], check=True, capture_output=True,
                         text=True).stdout
    r = json.loads(out)
    results = {
        "blackbird": (r["min_s"], r["median_s"]),
        "numba reflected list": min_and_median(append_sum, (args.n,), args.repeat),
        "numba typed.List": min_and_median(typed_append_sum, (args.n,), args.repeat),
    }
    expected = append_sum.py_func(args.n)
    assert append_sum(args.n) == expected == typed_append_sum(args.n)
    base = results["blackbird"][0]
    print(f"append {args.n} floats to a list and sum it ({os.path.basename(binary)} at {binary})")
    print(f"{'tool':<22}{'min ms':>10}{'median ms':>12}{'min / blackbird':>18}")
    for tool, (lo, med) in results.items():
        print(f"{tool:<22}{lo * 1e3:>10.2f}{med * 1e3:>12.2f}{lo / base:>18.2f}")


if __name__ == "__main__":
    main()
