"""The fuzzer's CPython + NumPy oracle: a persistent process answering one JSON request a line.

Request:  {"source": PY, "function": NAME, "args": [ARG, ...], "timeout": SECONDS}
ARG:      {"int": 3} | {"float": "1.5"} | {"bool": true} |
          {"array": {"dtype": "float64", "shape": [4, 6], "data": ["0.5", ...]}, "view": V}
          where the array is the base (C order) and V is "none", "step" (every axis [::2]),
          "T" (transposed) or "rev" (axis 0 reversed).
Answer (each line starts with @@):
          {"result": VALUE, "arrays": [VALUE, ...]} (the bases after the call) |
          {"raised": "ZeroDivisionError"} | {"timeout": true}
VALUE:    {"float": "repr"} | {"int": 3} | {"bool": true} | {"none": true} | {"tuple": [...]} |
          {"array": {"dtype": ..., "shape": [...], "data": [...]}} (floats as reprs)
Numba's decorators are identities: the oracle is CPython's semantics. Modules are cached by
source; each call runs under a SIGALRM time limit.
"""
import json
import signal
import sys
import types
import warnings

import numpy as np

stub = types.ModuleType("numba")
stub.njit = stub.jit = lambda *a, **k: a[0] if a and callable(a[0]) else (lambda f: f)
stub.prange = range
sys.modules["numba"] = stub
warnings.simplefilter("ignore")


class Timeout(BaseException):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def encode(v):
    if isinstance(v, np.ndarray) and v.ndim == 0:
        v = v[()]
    if isinstance(v, np.ndarray):
        flat = v.ravel().tolist()
        if v.dtype.kind == "f":
            flat = [repr(float(x)) for x in flat]
        return {"array": {"dtype": str(v.dtype), "shape": list(v.shape), "data": flat}}
    if isinstance(v, tuple):
        return {"tuple": [encode(x) for x in v]}
    if isinstance(v, (bool, np.bool_)):
        return {"bool": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"int": int(v)}
    if isinstance(v, (float, np.floating)):
        return {"float": repr(float(v))}
    if v is None:
        return {"none": True}
    raise TypeError(f"cannot encode {type(v)}")


def decode(a, bases):
    if "array" in a:
        spec = a["array"]
        data = spec["data"]
        if spec["dtype"].startswith("float"):
            data = [float(x) for x in data]
        base = np.array(data, dtype=spec["dtype"]).reshape(spec["shape"])
        bases.append(base)
        view = a.get("view", "none")
        if view == "step":
            return base[tuple(slice(None, None, 2) for _ in spec["shape"])]
        if view == "T":
            return base.T
        if view == "rev":
            return base[::-1]
        return base
    if "float" in a:
        return float(a["float"])
    return next(iter(a.values()))


modules = {}


def answer(request):
    source = request["source"]
    if source not in modules:
        namespace = {"__name__": "fuzzed"}
        exec(compile(source, "fuzzed.py", "exec"), namespace)
        modules.clear()
        modules[source] = namespace
    f = modules[source][request["function"]]
    bases = []
    args = [decode(a, bases) for a in request["args"]]
    signal.setitimer(signal.ITIMER_REAL, float(request.get("timeout", 10)))
    try:
        result = f(*args)
    except Timeout:
        return {"timeout": True}
    except Exception as e:  # the exception's kind is part of the semantics
        return {"raised": type(e).__name__, "message": str(e)[:200]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"result": encode(result), "arrays": [encode(b) for b in bases]}


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    for line in sys.stdin:
        try:
            reply = answer(json.loads(line))
        except Timeout:
            reply = {"timeout": True}
        except Exception as e:  # a module that does not even load
            reply = {"raised": type(e).__name__, "message": str(e)[:200]}
        sys.stdout.write("@@" + json.dumps(reply) + "\n")
        sys.stdout.flush()


main()
