"""Dispatchers: what ``@njit``, ``@jit``, ``@vectorize`` and ``@guvectorize`` return.

A dispatcher compiles its function on the first call (or at decoration, given signatures),
once per argument-type fingerprint (dtype, rank, layout and writeability of arrays; kind of
scalars), and calls the machine code (with the GIL released where ``nogil=True`` asks, as
Numba does). The compiling and the per-call conversion of
arguments live in the extension (``blackbird._core``); this is the Python side.
"""

from __future__ import annotations

import functools
import inspect
import re
import threading

import numpy as np

from . import _core, pickling
from . import types as _types
from .errors import TypingError
from .source import decorator_text, function_source

# Decorator options the compiler reads, and those it does not (``nogil`` is the extension's:
# it releases the GIL around compiled code; inlining and loop-lifting are the compiler's
# business).
_OPTIONS = ("nopython", "parallel", "fastmath", "cache", "boundscheck", "error_model", "forceobj")
_IGNORED = ("nogil", "looplift", "inline", "locals", "no_cpython_wrapper", "no_cfunc_wrapper",
            "identity", "writable_args", "_nrt")


def _normalize_options(kind: str, options: dict) -> dict:
    """The options as the compiler's decorator reads them (True/False, or a string)."""
    out = {}
    for key, value in options.items():
        if key in _IGNORED:
            continue
        if key == "target":
            if kind in ("vectorize", "guvectorize"):
                if value not in ("cpu", "parallel"):
                    raise TypingError(
                        f"target={value!r} is not supported from Python yet (supported: 'cpu', 'parallel')"
                    )
                out[key] = value
                continue
            raise TypeError(f"@{kind} got an unexpected option target={value!r}")
        if key not in _OPTIONS:
            raise TypeError(f"@{kind} got an unknown option `{key}`")
        if key == "error_model":
            if value not in ("python", "numpy"):
                raise ValueError("error_model must be 'python' or 'numpy'")
            out[key] = value
        elif key == "boundscheck" and value is None:
            continue
        elif key == "nopython" and kind not in ("jit", "njit"):
            continue
        else:
            # fastmath={'nnan', …} and parallel={…} (Numba's fine-grained forms) mean "on".
            out[key] = bool(value)
    return out


def _signature_sources(sigs) -> list[str]:
    if sigs is None:
        return []
    if isinstance(sigs, (list,)):
        return [_types.signature_source(s) for s in sigs]
    return [_types.signature_source(sigs)]


_ARRAY = re.compile(r"(readonly )?array\((\w+), (\d+)d, ([CFA])\)")


def _described_type(text: str):
    """A type object for a type Blackbird describes (``array(float64, 1d, C)``, ``int64``)."""
    m = _ARRAY.fullmatch(text)
    if m:
        return _types.Array(getattr(_types, m.group(2) if m.group(2) != "bool" else "boolean"),
                            int(m.group(3)), m.group(4), readonly=bool(m.group(1)))
    if text == "bool":
        return _types.boolean
    t = getattr(_types, text, None)
    if isinstance(t, _types.Type):
        return t
    m = re.fullmatch(r"UniTuple\((.+) x (\d+)\)", text)
    if m:
        return _types.UniTuple(_described_type(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"Tuple\((.+)\)", text)
    if m:
        return _types.Tuple(_described_type(p) for p in _split_top(m.group(1)))
    return text


def _split_top(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
            continue
        depth += ch in "("
        depth -= ch in ")"
        cur += ch
    parts.append(cur.strip())
    return parts


def _parse_signature(text: str):
    """A signature string as a Signature of type objects (or the string, if it is not one)."""
    namespace = {k: v for k, v in vars(_types).items() if not k.startswith("_")}
    try:
        sig = eval(text, {"__builtins__": {}}, namespace)  # noqa: S307 - type names only
    except Exception:
        return text
    if isinstance(sig, tuple):
        sig = _types.Signature(None, sig)
    return sig


def _object_mode_key(args):
    """The argument types a call falls back to object mode for."""
    from . import typeof

    def key(a):
        try:
            return typeof(a)
        except (ValueError, TypeError):
            return type(a)

    return tuple(key(a) for a in args)


class Dispatcher(_core.DispatcherBase):
    """A function compiled per argument types (``@njit`` / ``@jit``). Calls take the
    extension's fast path (``DispatcherBase.__call__``) once compiled; ``_slow_call`` does the
    rest (compiling, keywords and defaults)."""

    _kind = "njit"

    def __init__(self, py_func, signatures=None, options=None, kind=None, layout=None):
        if not inspect.isfunction(py_func):
            raise TypeError(f"@{kind or self._kind} applies to Python functions, not {py_func!r}")
        functools.update_wrapper(self, py_func)
        self.py_func = py_func
        if kind:
            self._kind = kind
        self._sig_sources = _signature_sources(signatures)
        self._options = _normalize_options(self._kind, dict(options or {}))
        self._nogil = bool((options or {}).get("nogil", False))
        self._layout = layout
        self._compiled = None
        self._source = None
        self._lock = threading.Lock()
        params = inspect.signature(py_func).parameters
        self._nargs = len(params)
        self._pysig = inspect.signature(py_func)
        # `@jit` without `nopython=True` falls back to object mode where the function does not
        # compile (for some argument types, or at all), as the founding article's Numba does.
        self._fallback = self._kind == "jit" and not (options or {}).get("nopython", False)
        self._object_mode = None
        self._object_mode_types = set()
        self._object_mode_always = False
        if self._sig_sources:
            try:
                self._compile()
            except TypingError as e:
                if not self._fallback:
                    raise
                self._fall_back(e, None)

    # -- compiling -------------------------------------------------------------------------

    def _compile(self):
        with self._lock:
            if self._compiled is None:
                s = self._compiler_input()
                self._compiled = _core.compile(s.text, s.filename, s.name, self._nogil)
                self._set_compiled(self._compiled, self._nargs)
                pickling.remember(self._identity(), self)
            return self._compiled

    def _compiler_input(self):
        """The source compiled (see ``source.py``), read at the first compile (or pickling)
        and kept while the signatures stay (globals are frozen then, as in Numba)."""
        decorator = decorator_text(self._kind, self._sig_sources, self._options, self._layout)
        if self._source is None or self._source.decorator != decorator:
            self._source = function_source(self.py_func, decorator)
        return self._source

    # -- pickling ----------------------------------------------------------------------------

    def _identity(self):
        return pickling.identity(self._kind, type(self).__name__, self._source, self._options,
                                 self._sig_sources, self._layout)

    def __reduce__(self):
        """Pickled by value (see ``pickling.py``): a process that unpickles it compiles it from
        the same source and globals snapshot, or reuses the one it has."""
        with self._lock:
            source = self._compiler_input()
            pickling.remember(self._identity(), self)
            return (pickling.rebuild, (pickling.state(self, source),))

    def compile(self, sig):
        """Compile for a signature now (as ``@njit(sig)`` would have)."""
        if self._compiled is not None and sig and _types.signature_source(sig) in self._sig_sources:
            return
        self._sig_sources.append(_types.signature_source(sig))
        self._set_compiled(None, 0)
        self._compiled = None
        self._compile()

    # -- calling ---------------------------------------------------------------------------

    def _bind(self, args, kwargs):
        try:
            bound = self._pysig.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{self.__name__}(): {e}") from None
        bound.apply_defaults()
        return bound.args

    def _slow_call(self, *args, **kwargs):
        if self._object_mode is not None:
            if self._object_mode_always or _object_mode_key(args) in self._object_mode_types:
                return self._object_mode(*args, **kwargs)
        try:
            compiled = self._compiled or self._compile()
        except TypingError as e:
            if not self._fallback:
                raise
            return self._fall_back(e, None)(*args, **kwargs)
        if kwargs or len(args) != self._nargs:
            args = self._bind(args, kwargs)
        try:
            return compiled(*args)
        except TypingError as e:
            if self._sig_sources and str(e).startswith("no matching definition"):
                raise self._no_match(args, str(e)) from None
            if not self._fallback:
                raise
            return self._fall_back(e, args)(*args)

    def _fall_back(self, error, args):
        """Object mode (``objmode.py``) for these argument types (``args``), or for every call
        (None: the function does not compile at all); warns once per function."""
        from .objmode import ObjectModeDispatcher, warn_fallback

        with self._lock:
            if self._object_mode is None:
                warn_fallback(self.py_func, error)
                self._object_mode = ObjectModeDispatcher(self.py_func, self._options)
            if args is None:
                self._object_mode_always = True
            else:
                self._object_mode_types.add(_object_mode_key(args))
        return self._object_mode

    def _no_match(self, args, message):
        """Numba's "No matching definition" error, each signature in Numba's notation."""
        from . import typeof

        def name(a):
            try:
                return str(typeof(a))
            except (ValueError, TypeError):
                return type(a).__name__

        lines = [
            f"No matching definition for argument type(s) {', '.join(name(a) for a in args)} "
            f"of `{self.__name__}`"
        ]
        reasons = message.splitlines()[1:]
        for sig, reason in zip(self._sig_sources, reasons):
            why = reason.split(": ", 1)[1] if ": " in reason else reason
            # Scalar kinds in Numba's words (the runtime's text names them I32, F64, Bool).
            why = re.sub(r"\b([IUF])(8|16|32|64)\b",
                         lambda m: {"I": "int", "U": "uint", "F": "float"}[m.group(1)] + m.group(2),
                         why)
            why = re.sub(r"\bBool\b", "bool", why)
            lines.append(f"  {sig}: {why.strip()}")
        return TypingError("\n".join(lines))

    def __get__(self, obj, objtype=None):
        # As a function does (and Numba's dispatchers): bound to an instance, it is a method.
        if obj is None:
            return self
        import types

        return types.MethodType(self, obj)

    # -- introspection ---------------------------------------------------------------------

    @property
    def signatures(self):
        """The argument types of each compiled specialisation (eager signatures first)."""
        out = []
        for text in self._sig_sources:
            sig = _parse_signature(text)
            out.append(sig.args if isinstance(sig, _types.Signature) else sig)
        if self._compiled is not None:
            for args in self._compiled.signatures():
                t = tuple(_described_type(a) for a in args)
                if t not in out:
                    out.append(t)
        return out

    @property
    def nopython_signatures(self):
        return [_types.Signature(None, s) if isinstance(s, tuple) else s for s in self.signatures]

    def _signature_for_dump(self, signature):
        if signature is not None:
            return _types.signature_source(signature)
        if self._sig_sources:
            return self._sig_sources[0]
        compiled = self._compiled
        if compiled is not None and compiled.signatures():
            args = [_described_type(a) for a in compiled.signatures()[0]]
            if all(isinstance(a, _types.Type) for a in args):
                return _types.Signature(None, tuple(args)).source()
        return None

    def dump(self, stage="typed", signature=None) -> str:
        """The IR of the function at a compilation stage, as ``blackbird dump`` prints it:
        ``py``, ``typed``, ``tensor``, ``tensor-opt``, ``loop``, ``mlir``, ``llvm``, ``asm``.
        ``signature`` (e.g. ``'(float64[:],)'``) defaults to the first one compiled."""
        if stage not in _core.stages():
            raise ValueError(f"unknown stage {stage!r} (stages: {', '.join(_core.stages())})")
        self._compiled or self._compile()
        sig = self._signature_for_dump(signature)
        if sig is None and stage != "py":
            raise TypingError(
                f"`{self.__name__}` has no compiled signature yet: call it, or give "
                f"signature='(float64[:],)'"
            )
        s = self._source
        return _core.dump(s.text, s.filename, s.name, stage, sig)

    def compile_times(self, *args):
        """How long compiling the specialisation for ``args`` took (compiling it if needed), in
        seconds by stage, in pipeline order: ``typed``, ``tensor``, ``tensor-opt``, ``loop``,
        ``mlir`` (Blackbird's passes), ``llvm`` (MLIR's lowering to the LLVM dialect), ``asm``
        (LLVM's optimisation and code generation). Empty for code loaded from the on-disk
        cache."""
        compiled = self._compiled or self._compile()
        return dict(compiled.compile_times(*args))

    def inspect_llvm(self, signature=None):
        return self.dump("llvm", signature)

    def inspect_asm(self, signature=None):
        return self.dump("asm", signature)

    def inspect_types(self, signature=None, file=None):
        print(self.dump("typed", signature), file=file)

    def __repr__(self):
        return f"CPUDispatcher({self.py_func!r})"


class UFuncDispatcher(Dispatcher):
    """``@vectorize``: a function of scalars applied element by element to arrays, with
    NumPy's broadcasting; ``out=`` writes into an array."""

    _kind = "vectorize"

    def __call__(self, *args, out=None, **kwargs):
        if kwargs:
            raise TypeError(f"{self.__name__}() got unexpected keyword arguments {sorted(kwargs)}")
        compiled = self._compiled or self._compile()
        if len(args) != self._nargs:
            raise TypeError(f"{self.__name__}() takes {self._nargs} arguments, got {len(args)}")
        args = tuple(np.asarray(a) if isinstance(a, (list, tuple)) else a for a in args)
        if out is not None:
            if not isinstance(out, np.ndarray):
                raise TypeError("out= must be a NumPy array")
            compiled(*args, out)
            return out
        return compiled(*args)

    @property
    def nin(self):
        return self._nargs

    @property
    def nout(self):
        return 1

    def __repr__(self):
        return f"<ufunc '{self.__name__}'>"


class GUFuncDispatcher(Dispatcher):
    """``@guvectorize``: a kernel over core dimensions, looped over the outer ones; outputs
    are passed by the caller, or allocated when only the inputs are given."""

    _kind = "guvectorize"

    def _parsed_layout(self):
        text = self._layout.replace(" ", "")
        ins, _, outs = text.partition("->")
        core = lambda part: [tuple(d for d in c.split(",") if d) for c in re.findall(r"\(([^)]*)\)", part)]
        return core(ins), core(outs)

    def __call__(self, *args, **kwargs):
        if kwargs:
            raise TypeError(f"{self.__name__}() got unexpected keyword arguments {sorted(kwargs)}")
        compiled = self._compiled or self._compile()
        ins, outs = self._parsed_layout()
        if len(args) == len(ins) and outs:
            # Numba allocates the outputs when only the inputs are given.
            outputs = self._allocate(args, ins, outs)
            compiled(*args, *outputs)
            return outputs[0] if len(outputs) == 1 else tuple(outputs)
        return compiled(*args)

    def _allocate(self, args, ins, outs):
        arrays = [np.asarray(a) for a in args]
        sizes, outer = {}, []
        for a, core in zip(arrays, ins):
            if a.ndim < len(core):
                raise ValueError(f"{self.__name__}: an input has fewer dimensions than {core}")
            for name, n in zip(core, a.shape[a.ndim - len(core):]):
                if sizes.setdefault(name, n) != n:
                    raise ValueError(f"{self.__name__}: core dimension {name} is {sizes[name]} and {n}")
            outer.append(a.shape[: a.ndim - len(core)])
        shape = np.broadcast_shapes(*outer) if outer else ()
        # The output dtypes: those of the first signature whose inputs match the arguments'.
        for text in self._sig_sources:
            sig = _parse_signature(text)
            if not isinstance(sig, _types.Signature) or len(sig.args) != len(ins) + len(outs):
                continue
            def dtype_name(t):
                return str(t.dtype if isinstance(t, _types.Array) else t)
            if all(np.dtype(dtype_name(t) if dtype_name(t) != "bool" else "bool") == a.dtype
                   for t, a in zip(sig.args, arrays)):
                out_types = sig.args[len(ins):]
                break
        else:
            raise TypingError(
                f"no signature of `{self.__name__}` matches the argument dtypes "
                f"({', '.join(str(a.dtype) for a in arrays)})"
            )
        outputs = []
        for t, core in zip(out_types, outs):
            missing = [d for d in core if d not in sizes]
            if missing:
                raise ValueError(f"{self.__name__}: output dimension {missing[0]} is not set by the inputs; pass the output")
            dtype = str(t.dtype if isinstance(t, _types.Array) else t)
            outputs.append(np.empty(tuple(shape) + tuple(sizes[d] for d in core), dtype=dtype))
        return outputs

    def __repr__(self):
        return f"<gufunc '{self.__name__}'>"
