"""The differential tests' CPython + NumPy oracle: one process answering JSON lines.

Each request is one line on standard input; each answer one line on standard output:

  {"call": {"file": PATH, "function": NAME, "args": [ARG, ...]}}
      -> {"result": VALUE, "arrays": [HEX, ...]}  the result and, for each array argument, the
                                                memory it views after the call
       | {"raised": "ZeroDivisionError"}             the kind of exception the call raised
  {"prints": {"file": PATH, "function": NAME, "args": [ARG, ...]}}
      -> {"prints": TEXT}                         what the call printed (its result left out)
  {"cases": PATH}
      -> {"cases": [{"line": N, "function": NAME, "options": {KEY: VALUE}, "args": [ARG, ...]}]}
         the file's `# case:` lines with their arguments evaluated (see docs/TESTING.md)
  anything that goes wrong -> {"error": TEXT}

ARG is {"int": 3} | {"float": 2.5} | {"bool": true} | {"tuple": [ARG, ...]} |
{"array": HEX, "dtype": "float64", "offset": 0, "shape": [3, 4], "strides": [4, 1]}: the
memory an array views, and the view (offset and strides in elements, not negative). HEX is
the bytes of elements (native byte order) in hexadecimal: exact, NaN payloads and -0.0
included. Non-finite floats are the strings "nan", "inf", "-inf" (JSON has no such numbers).
VALUE is null | {"int": 3} | {"float": "2.5"} (floats as their repr) | {"bool": true} | {"complex": ["re", "im"]} |
[VALUE, ...] (a tuple) | {"ndarray": HEX, "shape": [...], "dtype": "float64"} (C order).

Numba's decorators are replaced by identities (`@vectorize` by an elementwise NumPy-ufunc
stand-in), so the oracle is CPython's semantics. What the functions print is discarded, but
for a "prints" request.
"""
import contextlib
import importlib.util
import io
import json
import math
import sys
import traceback
import warnings
import types

import numpy as np


def _numba_stand_in():
    stub = types.ModuleType("numba")

    def decorator(*args, **kwargs):
        if len(args) == 1 and isinstance(args[0], types.FunctionType) and not kwargs:
            return args[0]
        return lambda f: f

    for name in ["jit", "njit", "guvectorize"]:
        setattr(stub, name, decorator)

    def ufunc(f):
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

    def vectorize(*args, **kwargs):
        if len(args) == 1 and isinstance(args[0], types.FunctionType):
            return ufunc(args[0])
        return ufunc

    stub.vectorize = vectorize
    stub.prange = range

    class NumbaType:
        """Stands for a Numba type in signatures: `float64[:, ::1]`, `UniTuple(float64, 2)(…)`."""

        def __call__(self, *args, **kwargs):
            return self

        def __getitem__(self, key):
            return self

    for name in ["float64", "float32", "int64", "int32", "int16", "int8", "uint8", "intp",
                 "boolean", "void", "UniTuple", "Tuple"]:
        setattr(stub, name, NumbaType())
    sys.modules["numba"] = stub


_numba_stand_in()
# NumPy warns where it divides by zero or overflows; the results are what is compared.
warnings.simplefilter("ignore")
_modules = {}


def load(path):
    if path not in _modules:
        spec = importlib.util.spec_from_file_location(f"program{len(_modules)}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _modules[path] = module
    return _modules[path]


def number(x):
    """A float as JSON: its repr, a string (serde_json's default parser may round a decimal
    number to a neighbour of the float it denotes; Rust's `str::parse` does not)."""
    return repr(float(x))


def value_to_json(v):
    if isinstance(v, np.ndarray) and v.ndim == 0:
        return value_to_json(v.item())
    if isinstance(v, np.ndarray):
        return {"ndarray": np.ascontiguousarray(v).tobytes().hex(), "shape": list(v.shape),
                "dtype": str(v.dtype)}
    if isinstance(v, tuple):
        return [value_to_json(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return {"bool": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"int": int(v)}
    if isinstance(v, (complex, np.complexfloating)):
        return {"complex": [number(v.real), number(v.imag)]}
    if isinstance(v, (float, np.floating)):
        return {"float": number(v)}
    if v is None:
        return None
    raise TypeError(f"cannot encode {type(v)}")


def owner_of(a):
    """The array whose memory `a` views."""
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def arg_to_json(a):
    """An argument of a `# case:` line as ARG."""
    if isinstance(a, (bool, np.bool_)):
        return {"bool": bool(a)}
    if isinstance(a, (int, np.integer)):
        return {"int": int(a)}
    if isinstance(a, (float, np.floating)):
        return {"float": number(a)}
    if isinstance(a, tuple):
        return {"tuple": [arg_to_json(x) for x in a]}
    if isinstance(a, np.ndarray):
        owner = owner_of(a)
        if not (owner.flags.c_contiguous or owner.flags.f_contiguous) or owner.dtype != a.dtype:
            raise ValueError("an array argument must view a contiguous array of its dtype")
        size = a.itemsize
        offset = (a.__array_interface__["data"][0] - owner.__array_interface__["data"][0]) // size
        strides = [s // size for s in a.strides]
        if any(s < 0 for s in strides):
            raise ValueError("array arguments with negative strides are not supported")
        if a.size == 0:
            offset, strides = 0, [0] * a.ndim
        return {"array": owner.tobytes(order="A").hex(), "dtype": str(a.dtype),
                "offset": offset, "shape": list(a.shape), "strides": strides}
    raise TypeError(f"cannot pass {type(a).__name__} {a!r}")


def arg_from_json(a, owners):
    """ARG as a Python value; an array views its own copy of its memory, appended to `owners`."""
    if "tuple" in a:
        return tuple(arg_from_json(x, owners) for x in a["tuple"])
    if "array" in a:
        owner = np.frombuffer(bytes.fromhex(a["array"]), dtype=a["dtype"]).copy()
        owners.append(owner)
        size = owner.itemsize
        return np.lib.stride_tricks.as_strided(
            owner[a["offset"]:], shape=a["shape"], strides=[s * size for s in a["strides"]])
    if "float" in a:
        return float(a["float"])
    return next(iter(a.values()))


def call(request):
    f = getattr(load(request["file"]), request["function"])
    owners = []
    args = [arg_from_json(a, owners) for a in request["args"]]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            result = f(*args)
    except Exception as e:  # the exception's kind is part of the semantics
        return {"raised": type(e).__name__}
    return {"result": value_to_json(result),
            "arrays": [o.tobytes().hex() for o in owners]}


def prints(request):
    """What calling the function prints (an exception it raises is an error)."""
    f = getattr(load(request["file"]), request["function"])
    args = [arg_from_json(a, []) for a in request["args"]]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        f(*args)
    return {"prints": printed.getvalue()}


def answer(request):
    """The answer to one request (see the module's documentation)."""
    if "call" in request:
        return call(request["call"])
    if "prints" in request:
        return prints(request["prints"])
    return cases(request["cases"])


def case_lines(path):
    """The `# let:` and `# case…:` lines of a file, each joined with the `#` lines that
    continue it (while brackets are open), with their line numbers."""
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        start, text = i + 1, lines[i]
        i += 1
        if not (text.startswith("# case") or text.startswith("# let:")):
            continue
        depth = lambda s: sum(s.count(c) for c in "([{") - sum(s.count(c) for c in ")]}")
        while depth(text) > 0 and i < len(lines) and lines[i].startswith("#"):
            text += " " + lines[i][1:].strip()
            i += 1
        yield start, text


def cases(path):
    """`# let: NAME = EXPR` binds a name for the lines below; `# case OPTIONS: F(ARGS)` or
    `# case OPTIONS: F(ARGS) for … in …` (a comprehension) gives calls of F."""
    scope = {"np": np, "math": math, "nan": math.nan, "inf": math.inf}
    out = []
    for line, text in case_lines(path):
        try:
            if text.startswith("# let:"):
                exec(text[len("# let:"):].strip(), scope)
                continue
            head, body = text[len("# case"):].split(":", 1)
            options = dict(option.split("=", 1) for option in head.split())
            body = body.strip()
            function, rest = body.split("(", 1)
            calls = eval(f"[__args({rest}]", {**scope, "__args": lambda *a: a})
        except Exception as e:
            raise ValueError(f"{path}:{line}: {type(e).__name__}: {e}") from e
        for args in calls:
            out.append({"line": line, "function": function.strip(), "options": options,
                        "args": [arg_to_json(a) for a in args]})
    return {"cases": out}


def main():
    calls = 0
    for line in sys.stdin:
        request = json.loads(line)
        calls += "call" in request or "prints" in request
        try:
            reply = answer(request)
        except Exception:
            reply = {"error": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply, allow_nan=False) + "\n")
        sys.stdout.flush()
    # Standard input closes when the tests end: how many calls were checked.
    print(f"oracle_server.py: {calls} calls answered", file=sys.stderr)


main()
