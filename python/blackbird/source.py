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
  (as Numba does), appended from the next multiple of 1000 lines (so that an edit elsewhere
  rarely moves them: their locations are part of the on-disk cache's key), unless the text
  assigns them that value;
- functions of other modules the code calls (plain functions and Blackbird dispatchers, under
  any name) are appended after that, decorators removed, with what they read in turn (their
  own helpers, numeric globals and modules): they are compiled along. Imports of such
  functions and of numeric globals are taken out of the text.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import numbers
import re
import textwrap
import types

from .errors import TypingError

# What is appended to the text starts after a line number that is a multiple of this.
_APPENDED_ALIGN = 1000

# The name the appended import binds (the decorator written for the function uses it).
_MODULE_ALIAS = "__blackbird__"


class Source:
    """A function's compiler input: ``text`` (a module), ``filename``, ``name``, and the
    ``decorator`` line written for the function (what its Python decorator was given)."""

    def __init__(self, text: str, filename: str, name: str, decorator: str = ""):
        self.text = text
        self.filename = filename
        self.name = name
        self.decorator = decorator


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


# Modules whose functions the compiler knows by name (never compiled from their source).
_LIBRARIES = ("numpy", "math", "cmath", "numba", "blackbird")


def _is_library(module_name) -> bool:
    return (module_name or "").split(".")[0] in _LIBRARIES


def _user_function(value):
    """The Python function behind `value` when compiled code calling it compiles it along: a
    plain function of the user's code, or the function of a Blackbird dispatcher."""
    if type(value).__module__.startswith("blackbird") and isinstance(
        getattr(value, "py_func", None), types.FunctionType
    ):
        return value.py_func
    if isinstance(value, types.FunctionType) and not _is_library(value.__module__):
        return value
    return None


def _binding_line(name, value):
    """The line that binds `name` to `value` in the compiled text — an import of a module or of
    a NumPy, math or Numba function, or a numeric literal — or None for other values."""
    if isinstance(value, types.ModuleType):
        return f"import {value.__name__} as {name}"
    owner = getattr(value, "__module__", None) if callable(value) else None
    if _is_library(owner):
        function = getattr(value, "__name__", None)
        return f"from {owner} import {function} as {name}" if function else None
    literal = None if isinstance(value, type) else _literal(value)
    return f"{name} = {literal}" if literal is not None else None


def _frozen_closure(func) -> list:
    """The closure variables of `func` that hold numbers: (name, value, literal)."""
    out = []
    for n, cell in zip(func.__code__.co_freevars, func.__closure__ or ()):
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        literal = _literal(value)
        if literal is not None:
            out.append((n, value, literal))
    return out


def _same_binding(a, b) -> bool:
    """Whether two global values are one (a dispatcher and its function are)."""
    if a is b:
        return True
    fa = _user_function(a)
    if fa is not None and fa is _user_function(b):
        return True
    la, lb = _literal(a), _literal(b)
    return la is not None and la == lb and type(a) is type(b)


def _names_read(node) -> set:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


class _Helpers:
    """Functions of other modules compiled along: the lines appended for them and what the
    combined module binds at the top level (a name bound twice to different values is an
    error: the appended code would read the wrong one)."""

    def __init__(self, caller: str, bound: dict):
        self.caller = caller
        self.bound = bound
        self.lines = []

    def bind(self, name, value, line, who):
        """Bind `name` to `value` with `line` (unless it is bound to it already)."""
        if name in self.bound:
            if not _same_binding(self.bound[name], value):
                raise TypingError(
                    f"cannot compile `{self.caller}`: {who} reads `{name}`, which the module "
                    f"of `{self.caller}` binds to another value; rename one of them"
                )
            return False
        self.bound[name] = value
        if line is not None:
            self.lines.append(line)
        return True

    def add(self, name, func, who):
        """Append `func` as `name`, with the globals it reads, if not bound yet."""
        if name in self.bound:
            self.bind(name, func, None, who)
            return
        # Without its source, or with parameters compiled code cannot pass, it is left out:
        # a call of it is then the compiler's error, located at the call.
        try:
            source_lines, first = inspect.getsourcelines(func)
            text = textwrap.dedent("".join(source_lines))
            node = ast.parse(text).body[0]
        except (OSError, TypeError, SyntaxError, IndexError):
            return
        if not isinstance(node, ast.FunctionDef) or not _compilable(node):
            return
        self.bound[name] = func
        lines = text.splitlines()[node.lineno - 1 : node.end_lineno]
        lines[0] = re.sub(rf"^def\s+{re.escape(node.name)}\b", f"def {name}", lines[0])
        where = f"{inspect.getsourcefile(func) or func.__code__.co_filename}:{first}"
        self.lines.append(f"# compiled along: {func.__module__}.{func.__qualname__} ({where})")
        self.lines.extend(lines)
        self.add_reads(func, node, f"`{func.__qualname__}` of {func.__module__}")

    def add_reads(self, func, node, who):
        """Bind the globals and closure variables `func` (parsed as `node`) reads."""
        code = func.__code__
        reads = _names_read(node) & set(code.co_names)
        g = func.__globals__
        for n in sorted(reads):
            if n not in g:
                continue
            value = g[n]
            helper = _user_function(value)
            if helper is not None:
                self.add(n, helper, who)
            elif (line := _binding_line(n, value)) is not None:
                self.bind(n, value, line, who)
        for n, value, literal in _frozen_closure(func):
            self.bind(n, value, f"{n} = {literal}", who)


def _rewrite_imports(tree, out, g):
    """Take out of the text's top-level imports the names bound to user functions or numeric
    values (compiled along or frozen instead); the names the imports still bind."""
    imported = set()
    for node in tree.body:
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        kept = []
        for a in node.names:
            local = a.asname or a.name.split(".")[0]
            value = g.get(local)
            if _user_function(value) is not None or (
                not isinstance(value, (type, types.ModuleType)) and _literal(value) is not None
            ):
                continue
            kept.append(a)
            imported.add(local)
        if len(kept) == len(node.names):
            continue
        for i in range(node.lineno - 1, node.end_lineno):
            out[i] = ""
        if kept:
            names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in kept)
            if isinstance(node, ast.Import):
                out[node.lineno - 1] = f"import {names}"
            else:
                module = "." * node.level + (node.module or "")
                out[node.lineno - 1] = f"from {module} import {names}"
    return imported


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
    compiled_defs = []
    for fname, nodes in kept.items():
        keep = target if fname == name and target in nodes else nodes[-1]
        for node in nodes:
            if node is not keep or (node is not target and not _compilable(node)):
                blank(_first_line(node), node.end_lineno)
            else:
                compiled_defs.append(node)
                if node.decorator_list:
                    blank(_first_line(node), node.lineno - 1)
    # The decorator, on the line before `def` (free: a decorator's, or blank).
    at = target.lineno - 2
    if at >= 0 and (out[at].strip() == "" or out[at].lstrip().startswith("#")):
        out[at] = decorator
    else:
        out.insert(target.lineno - 1, decorator)
    # Frozen values: numeric globals the module's code reads, and the closure's variables.
    g = func.__globals__
    imported = _rewrite_imports(tree, out, g)
    read = _names_read(tree)
    in_text = _literal_assignments(tree)
    frozen = []
    for n in sorted(read - imported):
        # Modules and NumPy/math functions bound other than by an import in this text (e.g.
        # in another notebook cell) are imported under the same name; numbers are frozen (not
        # again when the text assigns that value: their location stays the text's).
        line = _binding_line(n, g[n]) if n in g else None
        assigned = in_text.get(n)
        if line is not None and (assigned is None or assigned != _literal(g[n])):
            frozen.append(line)
    frozen.extend(f"{n} = {literal}" for n, _, literal in _frozen_closure(func))
    helpers = _foreign_helpers(func, tree, compiled_defs, imported, _frozen_names(frozen))
    # From the next multiple of 1000 lines on: an edit elsewhere in the file rarely moves what
    # is appended (the locations of frozen values and helpers are part of the on-disk cache's
    # key).
    out.extend([""] * (-len(out) % _APPENDED_ALIGN))
    out.append(f"import blackbird as {_MODULE_ALIAS}")
    out.extend(frozen)
    out.extend(helpers)
    return Source("\n".join(out) + "\n", filename, name, decorator)


def _literal_assignments(tree) -> dict:
    """The names the text's last top-level assignment of which is a numeric literal, with the
    literal as :func:`_literal` writes its value."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out.pop(t.id, None)
                    if len(node.targets) == 1 and _is_literal(node.value):
                        try:
                            out[t.id] = _literal(ast.literal_eval(node.value))
                        except ValueError:
                            pass
    return out


def _frozen_names(frozen) -> set:
    """The names the frozen lines bind (`n = 1.0`, `import m as n`, `from m import f as n`)."""
    return {line.split(" = ")[0] if " = " in line else line.rsplit(" as ", 1)[1] for line in frozen}


def _foreign_helpers(func, tree, compiled_defs, imported, frozen) -> list:
    """The lines of the functions of other modules that the text's compiled functions
    (`compiled_defs`) call (see the module's documentation)."""
    g = func.__globals__
    defined = {node.name for node in compiled_defs}
    bound = {n: g.get(n) for n in defined | imported | frozen}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                # `fast = njit(slow)`: `fast` is compiled along as a copy of `slow`.
                if isinstance(t, ast.Name) and _user_function(g.get(t.id)) is None:
                    bound[t.id] = g.get(t.id)
    helpers = _Helpers(func.__name__, bound)
    reads = set()
    for node in compiled_defs:
        reads |= _names_read(node)
    for n in sorted(reads - set(bound)):
        helper = _user_function(g.get(n))
        if helper is not None:
            helpers.add(n, helper, f"`{func.__name__}`")
    return helpers.lines
