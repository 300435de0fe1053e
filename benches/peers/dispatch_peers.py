"""Per-call overhead of the Python package: a call of a function taking an int, one array,
three arrays, through Blackbird's dispatcher (`import blackbird as numba`) and Numba's, in
the same run (the same kernels file, loaded once under each).

Each repeat times every tool in turn (so that both see the same load), with two clocks: the
wall clock, and the calling thread's CPU time (time.thread_time: what a loaded, shared
machine perturbs least). The best of the repeats is reported.

Usage: python benches/peers/dispatch_peers.py [--calls 200000] [--repeat 5]
Needs the package built and installed: bash scripts/setup.sh (or
pip install ./python)
"""
import argparse
import importlib.util
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
KERNELS = os.path.join(HERE, "dispatch_kernels.py")


def load(numba_module, tag):
    saved = sys.modules.get("numba")
    sys.modules["numba"] = numba_module
    try:
        spec = importlib.util.spec_from_file_location(f"dispatch_kernels_{tag}", KERNELS)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if saved is not None:
            sys.modules["numba"] = saved
        else:
            del sys.modules["numba"]
    return module


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", type=int, default=200_000)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()

    import numba
    import blackbird

    tools = {"blackbird": load(blackbird, "blackbird"), "numba": load(numba, "numba")}
    a, b, c = np.ones(10), np.ones(10), np.ones(10)
    cases = {
        "int": lambda m: (lambda: m.int_arg(3)),
        "one array": lambda m: (lambda: m.one_array(a)),
        "three arrays": lambda m: (lambda: m.three_arrays(a, b, c)),
    }
    results = {}
    header = "".join(f"{t + ' ' + c:>18}" for c in ("wall", "cpu") for t in tools)
    print(f"{'case':<14}{header}   (ns per call, best of repeats)")
    for case, make in cases.items():
        calls = {tool: make(module) for tool, module in tools.items()}
        best = {(tool, clock): float("inf") for tool in tools for clock in ("wall", "cpu")}
        for call in calls.values():
            call()  # compile
        for _ in range(args.repeat):
            for tool, call in calls.items():
                wall, cpu = time.perf_counter(), time.thread_time()
                for _ in range(args.calls):
                    call()
                cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
                best[tool, "wall"] = min(best[tool, "wall"], wall / args.calls * 1e9)
                best[tool, "cpu"] = min(best[tool, "cpu"], cpu / args.calls * 1e9)
        results[case] = {f"{tool} {clock}": round(v) for (tool, clock), v in best.items()}
        row = "".join(f"{best[t, c]:>18.0f}" for c in ("wall", "cpu") for t in tools)
        print(f"{case:<14}{row}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
