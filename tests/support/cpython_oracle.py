"""Run one function of a Python file under CPython (+NumPy) and print the outcome as JSON.

Usage: cpython_oracle.py FILE FUNCTION [--prints] < ARGS_JSON
ARGS_JSON (on standard input) is a list of {"int": 3} | {"float": 2.5} | {"bool": true} |
{"tuple": [ARG, ...]} (of scalars) |
{"array": [...], "dtype": "float64", "shape": [3, 4], "step": 1} (`step` slices every axis).
Prints {"result": ..., "arrays": [...]} or {"raised": "ZeroDivisionError"} (what the function
prints is left out; with a third argument `--prints`, only that is printed). Numba's
decorators are replaced by identities, so the oracle is CPython's semantics.
"""
import contextlib
import importlib.util
import io
import json
import math
import signal
import sys
import types

import numpy as np

# Always a stand-in for Numba: the oracle is CPython's semantics, decorators are identities.
if True:
    stub = types.ModuleType("numba")
    def _decorator(*args, **kwargs):
        if len(args) == 1 and isinstance(args[0], types.FunctionType) and not kwargs:
            return args[0]
        return lambda f: f
    for name in ["jit", "njit", "guvectorize"]:
        setattr(stub, name, _decorator)

    def _ufunc(f):
        """`f` applied elementwise as a NumPy ufunc: `g(x, y)` returns a new array,
        `g(x, y, out)` writes into `out` (same_kind casting) and returns None. Elements reach
        `f` as NumPy scalars, so division by zero follows NumPy (Numba compiles ufuncs with
        error_model='numpy')."""
        nin = f.__code__.co_argcount
        def elementwise(*inputs):
            arrays = np.broadcast_arrays(*[np.asarray(x) for x in inputs])
            shape = arrays[0].shape if arrays else ()
            with np.errstate(all="ignore"):
                values = [f(*(a[i] for a in arrays)) for i in np.ndindex(shape)]
            return np.array(values).reshape(shape)
        def call(*args):
            if len(args) != nin + 1:
                return elementwise(*args)
            *inputs, out = args
            result = elementwise(*inputs)
            if np.broadcast_shapes(np.shape(result), out.shape) != out.shape:
                raise ValueError("non-broadcastable output operand")
            np.copyto(out, result, casting="same_kind")
        return call

    def _vectorize(*args, **kwargs):
        if len(args) == 1 and isinstance(args[0], types.FunctionType):
            return _ufunc(args[0])
        return _ufunc
    stub.vectorize = _vectorize
    stub.prange = range

    class _Type:
        """Stands for a Numba type in signatures: `float64[:, ::1]`, `UniTuple(float64, 2)(…)`."""
        def __call__(self, *args, **kwargs):
            return self
        def __getitem__(self, key):
            return self

    for name in ["float64", "float32", "int64", "int32", "int16", "int8", "uint8", "intp", "boolean", "void", "UniTuple", "Tuple"]:
        setattr(stub, name, _Type())
    sys.modules["numba"] = stub


def to_json(v):
    if isinstance(v, np.ndarray) and v.ndim == 0:
        return to_json(v.item())
    if isinstance(v, np.ndarray) and v.dtype.kind in "iu":
        # Integers exactly (a uint64 or int64 above 2**53 is not a float).
        return {"ndarray_int": [int(x) for x in v.ravel()], "shape": list(v.shape)}
    if isinstance(v, np.ndarray):
        return {"ndarray": [float(x) for x in v.ravel()], "shape": list(v.shape)}
    if isinstance(v, tuple):
        return [to_json(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return {"bool": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"int": int(v)}
    if isinstance(v, (complex, np.complexfloating)):
        return {"complex": [repr(float(v.real)), repr(float(v.imag))]}
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return {"float": f if math.isfinite(f) else repr(f)}
    if v is None:
        return None
    raise TypeError(f"cannot encode {type(v)}")


def scalar_or_tuple(a):
    """{"int": 3} → 3; {"tuple": [{"int": 1}, {"float": 2.5}]} → (1, 2.5)."""
    if "tuple" in a:
        return tuple(scalar_or_tuple(item) for item in a["tuple"])
    return next(iter(a.values()))


def main():
    # A program that never ends under CPython fails its test instead of hanging the suite.
    signal.alarm(120)
    path, name, args_json = sys.argv[1], sys.argv[2], sys.stdin.read()
    prints_only = sys.argv[3:] == ["--prints"]
    spec = importlib.util.spec_from_file_location("program", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    f = getattr(module, name)
    args, arrays = [], []
    for a in json.loads(args_json):
        if "array" in a:
            base = np.array(a["array"], dtype=a["dtype"]).reshape(a["shape"])
            view = base[tuple(slice(None, None, a.get("step", 1)) for _ in a["shape"])]
            if a.get("transpose"):
                view = view.T
            arrays.append(base)
            args.append(view)
        else:
            args.append(scalar_or_tuple(a))
    if prints_only:
        f(*args)
        return
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            result = f(*args)
    except Exception as e:  # the exception's kind is part of the semantics
        print(json.dumps({"raised": type(e).__name__}))
        return
    print(json.dumps({"result": to_json(result), "arrays": [b.ravel().tolist() for b in arrays]}))


main()
