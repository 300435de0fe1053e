"""The source text the compiler reads for a Python function.

The compiler takes a whole module's source (imports, numeric constants, the functions a
function calls), so a decorated function is compiled from the text of its own file, read as
the running program loaded it (``linecache``), under its real path: error locations point at
the user's file and line. The text is adjusted, keeping every line where it was:

- the function's decorator is replaced by one that says what the Python decorator was
  actually given (signatures and options are Python values: ``@njit(sig)`` with ``sig`` a
  variable works);
- other functions lose their decorators (the function may call them: they are compiled
  along with it, as undecorated helpers are); classes, and functions the compiler could not
  take (``*args``, other decorators' targets…), are blanked;
- a function defined inside another one (or a class) is moved, with the functions beside it,
  to the top level (dedented, on the same lines);
- numeric globals and closure variables the code reads are frozen with their current values
  (as Numba does), appended after the last line.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import numbers
import types

from .errors import TypingError

# The name the appended import binds (the decorator written for the function uses it).
_MODULE_ALIAS = "__blackbird__"


class Source:
    """A function's compiler input: ``text`` (a module), ``filename``, ``name``."""

    def __init__(self, text: str, filename: str, name: str):
        self.text = text
        self.filename = filename
        self.name = name


def _first_line(node) -> int:
    return min([d.lineno for d in node.decorator_list] + [node.lineno])


def _is_literal(e) -> bool:
    if isinstance(e, ast.Constant):
        return e.value is None or isinstance(e.value, (bool, int, float))
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
        return _is_literal(e.operand)
    return False


def _compilable(node) -> bool:
    """Whether the compiler takes this function's parameters."""
    a = node.args
    if a.vararg or a.kwarg or a.kwonlyargs:
        return False
    return all(_is_literal(d) for d in a.defaults)


def _literal(value):
    """A Python literal for a frozen global's value, or None."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, numbers.Integral):
        v = int(value)
        return repr(v) if -(2**63) <= v < 2**63 else None
    if isinstance(value, numbers.Real):
        v = float(value)
        if v != v:
            return None
        if v in (float("inf"), float("-inf")):
            return "1e999" if v > 0 else "-1e999"
        return repr(v)
    return None


def _find_def(tree, func):
    """The def node of `func` and the body list that holds it (with its parent node)."""
    first = func.__code__.co_firstlineno
    found = []

    def visit(parent, body):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == func.__name__:
                if _first_line(node) == first or node.lineno == first:
                    found.append((node, parent, body))
            for field in ("body", "orelse", "finalbody", "handlers"):
                sub = getattr(node, field, None)
                if isinstance(sub, list):
                    visit(node, sub)

    visit(None, tree.body)
    return found[0] if found else (None, None, None)


def decorator_text(kind: str, signatures, options: dict, layout=None) -> str:
    """``@__blackbird__.njit([...], fastmath=True)``: what the Python decorator was given."""
    args = []
    if signatures:
        args.append("[" + ", ".join(repr(s) for s in signatures) + "]")
    if layout is not None:
        if not signatures:
            args.append("[]")
        args.append(repr(layout))
    for key, value in options.items():
        args.append(f"{key}={value!r}")
    return f"@{_MODULE_ALIAS}.{kind}({', '.join(args)})"


def function_source(func, decorator: str) -> Source:
    """The compiler input for `func` with `decorator` (see the module's documentation)."""
    name = func.__name__
    code = getattr(func, "__code__", None)
    if code is None:
        raise TypingError(f"cannot compile {func!r}: it is not a Python function")
    if name == "<lambda>":
        raise TypingError("cannot compile a lambda: define the function with `def`")
    filename = inspect.getsourcefile(func) if not code.co_filename.startswith("<") else None
    filename = filename or code.co_filename
    lines = linecache.getlines(filename, func.__globals__)
    if not lines:
        raise TypingError(
            f"cannot compile `{name}`: its source is not available (functions defined by exec "
            f"or at the interactive prompt cannot be compiled; define it in a file)"
        )
    text = "".join(lines)
    try:
        tree = ast.parse(text, filename)
    except SyntaxError as e:
        raise TypingError(f"cannot compile `{name}`: {filename} does not parse: {e}") from None
    target, parent, siblings = _find_def(tree, func)
    if target is None:
        raise TypingError(
            f"cannot compile `{name}`: its definition is not found in {filename} (was the "
            f"file changed since it was loaded?)"
        )
    if isinstance(target, ast.AsyncFunctionDef):
        raise TypingError(f"cannot compile `{name}`: async functions are not supported")
    out = [line.rstrip("\r\n") for line in lines]

    def blank(first, last):
        for i in range(first - 1, min(last, len(out))):
            out[i] = ""

    # The functions that stay, by name: the target's siblings when it is nested.
    kept = {}
    nested = parent is not None
    for node in tree.body:
        if nested and node.lineno <= target.lineno <= node.end_lineno:
            blank(_first_line(node) if hasattr(node, "decorator_list") else node.lineno, node.end_lineno)
        elif isinstance(node, ast.ClassDef) or isinstance(node, ast.AsyncFunctionDef):
            blank(_first_line(node), node.end_lineno)
        elif isinstance(node, ast.FunctionDef):
            kept.setdefault(node.name, []).append(node)
    if nested:
        col = target.col_offset
        for node in siblings:
            if isinstance(node, ast.FunctionDef):
                if node is target or _compilable(node):
                    for old in kept.pop(node.name, []):
                        blank(_first_line(old), old.end_lineno)
                    kept.setdefault(node.name, []).append(node)
                    for i in range(_first_line(node) - 1, node.end_lineno):
                        line = lines[i].rstrip("\r\n")
                        strip = len(line) - len(line.lstrip())
                        out[i] = line[min(strip, col):]
    for fname, nodes in kept.items():
        keep = target if fname == name and target in nodes else nodes[-1]
        for node in nodes:
            if node is not keep or (node is not target and not _compilable(node)):
                blank(_first_line(node), node.end_lineno)
            elif node.decorator_list:
                blank(_first_line(node), node.lineno - 1)
    # The decorator, on the line before `def` (free: a decorator's, or blank).
    at = target.lineno - 2
    if at >= 0 and (out[at].strip() == "" or out[at].lstrip().startswith("#")):
        out[at] = decorator
    else:
        out.insert(target.lineno - 1, decorator)
    # Frozen values: numeric globals the module's code reads, and the closure's variables.
    imported = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                imported.add((a.asname or a.name).split(".")[0])
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    frozen = []
    g = func.__globals__
    for n in sorted(read - imported):
        value = g.get(n)
        # Modules and NumPy/math functions bound other than by an import in this text (e.g.
        # in another notebook cell): imported under the same name.
        if isinstance(value, types.ModuleType):
            frozen.append(f"import {value.__name__} as {n}")
            continue
        owner = getattr(value, "__module__", None) if callable(value) else None
        if owner in ("math", "cmath") or (owner or "").startswith("numpy"):
            if getattr(value, "__name__", None):
                frozen.append(f"from {owner} import {value.__name__} as {n}")
                continue
        if n in g and not isinstance(g[n], type):
            lit = _literal(g[n])
            if lit is not None:
                frozen.append(f"{n} = {lit}")
    if code.co_freevars and func.__closure__:
        for n, cell in zip(code.co_freevars, func.__closure__):
            try:
                lit = _literal(cell.cell_contents)
            except ValueError:
                continue
            if lit is not None:
                frozen.append(f"{n} = {lit}")
    out.append(f"import blackbird as {_MODULE_ALIAS}")
    out.extend(frozen)
    return Source("\n".join(out) + "\n", filename, name)
