"""Pickling of dispatchers by value (``pickle``, ``cloudpickle``, ``multiprocessing``).

A dispatcher pickles as what it compiles from and what it was given, not as a reference to
its module (which another process may not have, e.g. ``__main__`` under a spawn pool):

- the compiler's input (:class:`blackbird.source.Source`: the module text with the numeric
  globals frozen and the helpers of other modules appended — the globals snapshot);
- its kind, options, signatures and layout;
- its Python function by value: the ``def`` text at its file and line, and the globals and
  closure variables it reads (modules by name, numbers, other functions by value, dispatchers
  as themselves).

A process keeps every dispatcher it compiled or unpickled by identity (a hash of the above
but the Python function): unpickling one it already has returns that dispatcher, compiled
code included, instead of compiling again.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import importlib
import inspect
import numbers
import textwrap
import types
import weakref

from .source import Source, _is_library, _user_function

# Dispatchers by identity; weak: a dispatcher nobody holds any more is forgotten.
_MEMO: "weakref.WeakValueDictionary[str, object]" = weakref.WeakValueDictionary()


def identity(kind: str, cls_name: str, source: Source, options: dict, signatures, layout) -> str:
    """What makes two dispatchers the same compiled function."""
    parts = [cls_name, kind, repr(layout), repr(list(signatures)), repr(sorted(options.items())),
             source.filename, source.name, source.text]
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def remember(key: str, dispatcher) -> None:
    """Keep `dispatcher` as the one of identity `key` in this process (the first one stays)."""
    _MEMO.setdefault(key, dispatcher)


def known(key: str):
    """The dispatcher of identity `key` this process has, or None."""
    return _MEMO.get(key)


# -- Python functions by value ------------------------------------------------------------


def _code_names(code) -> set:
    """The global names `code` and the code nested in it read."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _global_value(value, func):
    """A global of `func` as it travels: a module by name, a number or a NumPy/math function
    as itself, a dispatcher as itself (pickled by value), a plain function by value
    (:class:`FunctionState`), `func` itself (or its dispatcher) as a reference to the function
    made again; None when it cannot travel (the function made again cannot read it)."""
    if isinstance(value, types.ModuleType):
        return ("module", value.__name__)
    user = _user_function(value)
    if user is func:
        return ("self", None)
    if user is not None and user is not value:
        return ("value", value)
    if user is not None:
        try:
            return ("value", FunctionState.of(value))
        except (OSError, TypeError, SyntaxError):
            return None
    if isinstance(value, numbers.Number) or (
        callable(value) and _is_library(getattr(value, "__module__", None))
    ):
        return ("value", value)
    return None


class FunctionState:
    """A Python function by value: made again by executing its ``def`` at its file and line
    in a namespace of the globals it reads."""

    def __init__(self, text, filename, firstline, name, qualname, module, globals_, closure):
        self.text = text
        self.filename = filename
        self.firstline = firstline
        self.name = name
        self.qualname = qualname
        self.module = module
        self.globals = globals_
        self.closure = closure

    @classmethod
    def of(cls, func) -> "FunctionState":
        lines, first = inspect.getsourcelines(func)
        text = textwrap.dedent("".join(lines))
        node = ast.parse(text).body[0]
        # Without its decorators (the dispatcher is made again around it).
        first_def = first + node.lineno - 1
        text = "\n".join(text.splitlines()[node.lineno - 1:]) + "\n"
        code = func.__code__
        g = func.__globals__
        globals_ = {}
        for n in sorted(_code_names(code)):
            if n in g and (value := _global_value(g[n], func)) is not None:
                globals_[n] = value
        closure = {}
        if code.co_freevars and func.__closure__:
            for n, cell in zip(code.co_freevars, func.__closure__):
                try:
                    value = _global_value(cell.cell_contents, func)
                except ValueError:  # an empty cell
                    continue
                if value is not None:
                    closure[n] = value
        filename = inspect.getsourcefile(func) or code.co_filename
        return cls(text, filename, first_def, func.__name__, func.__qualname__, func.__module__,
                   globals_, closure)

    def __reduce__(self):
        return (FunctionState, (self.text, self.filename, self.firstline, self.name,
                                self.qualname, self.module, self.globals, self.closure))

    def function(self):
        """The function, made again (closure variables become globals of its namespace)."""
        namespace = {"__builtins__": builtins, "__name__": self.module}
        itself = []
        for n, (how, value) in {**self.globals, **self.closure}.items():
            if how == "self":
                itself.append(n)
                continue
            if how == "module":
                value = importlib.import_module(value)
            elif isinstance(value, FunctionState):
                value = value.function()
            namespace[n] = value
        code = compile("\n" * (self.firstline - 1) + self.text, self.filename, "exec")
        exec(code, namespace)  # noqa: S102 - the function's own source, pickled by value
        func = namespace[self.name]
        for n in itself:
            namespace[n] = func
        func.__qualname__ = self.qualname
        func.__module__ = self.module
        return func


# -- dispatchers --------------------------------------------------------------------------


def state(dispatcher, source: Source) -> dict:
    """What a dispatcher pickles as (see the module's documentation)."""
    return {
        "class": type(dispatcher).__name__,
        "kind": dispatcher._kind,
        "function": FunctionState.of(dispatcher.py_func),
        "signatures": list(dispatcher._sig_sources),
        "options": dict(dispatcher._options),
        "layout": dispatcher._layout,
        "source": (source.text, source.filename, source.name, source.decorator),
    }


def rebuild(state: dict):
    """The dispatcher a pickle holds: this process's own if it has it, else made from the
    state (compiled from the pickled source: eager signatures now, others when called)."""
    from . import dispatcher as module

    source = Source(*state["source"])
    key = identity(state["kind"], state["class"], source, state["options"], state["signatures"],
                   state["layout"])
    existing = known(key)
    if existing is not None:
        return existing
    cls = getattr(module, state["class"])
    d = cls(state["function"].function(), None, state["options"], kind=state["kind"],
            layout=state["layout"])
    d._sig_sources = list(state["signatures"])
    d._source = source
    remember(key, d)
    if d._sig_sources:
        d._compile()
    return d
