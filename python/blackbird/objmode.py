"""Object mode with loop-lifting, as Numba's (``@jit(forceobj=True)``, and ``@jit`` without
``nopython=True`` whose function does not compile).

The function runs as Python, except its outermost loops: each is compiled by itself, as a
function of the variables it reads that are set before it (live-ins) returning those it sets
that are read after it (live-outs), and the loop statement is replaced by a call of it. A loop
that does not compile (unsupported constructs in it, or argument types it cannot take) runs as
Python, unchanged. Line numbers are kept: errors and tracebacks point at the user's lines.

Not lifted (as Numba): loops containing ``return``, ``yield``, ``await``, ``global``,
``nonlocal``, ``del``, ``try``, ``with`` or a nested function; loops inside other loops (their
outermost loop is the candidate).
"""

from __future__ import annotations

import ast
import types
import warnings

from . import _core
from .errors import NumbaWarning, TypingError
from .source import decorator_text, function_source

_PREFIX = "_blackbird_loop_"
_BLOCKERS = (ast.Return, ast.Yield, ast.YieldFrom, ast.Await, ast.Global, ast.Nonlocal,
             ast.Delete, ast.Try, ast.With, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
             ast.ClassDef)


def _outermost_loops(body: list) -> list:
    """The loop statements of a function body not nested in another loop (nor in a nested
    function or class), in source order."""
    found = []
    for node in body:
        if isinstance(node, (ast.For, ast.While)):
            found.append(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        else:
            for field in ("body", "orelse", "finalbody"):
                sub = getattr(node, field, None)
                if isinstance(sub, list):
                    found.extend(_outermost_loops(sub))
            for handler in getattr(node, "handlers", []) or []:
                found.extend(_outermost_loops(handler.body))
            for case in getattr(node, "cases", []) or []:
                found.extend(_outermost_loops(case.body))
    return found


def _liftable(loop) -> bool:
    return not any(isinstance(n, _BLOCKERS) for n in ast.walk(loop))


def _stored(node) -> set[str]:
    """Names a statement (or expression) binds."""
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out.add(n.id)
    return out


def _read(node) -> set[str]:
    """Names a statement reads (an augmented assignment's target is read too)."""
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            out.add(n.id)
        elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
            out.add(n.target.id)
    return out


def _position(node) -> tuple[int, int]:
    return (node.lineno, node.col_offset)


def _end(node) -> tuple[int, int]:
    return (node.end_lineno, node.end_col_offset)


class _Plan:
    """What one loop becomes: its live-ins and live-outs."""

    def __init__(self, index: int, loop, live_in: list[str], live_out: list[str]):
        self.index = index
        self.loop = loop
        self.name = f"{_PREFIX}{index}"
        self.live_in = live_in
        self.live_out = live_out


def _plan(fdef, loop, index: int) -> _Plan:
    params = {a.arg for a in fdef.args.posonlyargs + fdef.args.args + fdef.args.kwonlyargs}
    if fdef.args.vararg:
        params.add(fdef.args.vararg.arg)
    if fdef.args.kwarg:
        params.add(fdef.args.kwarg.arg)
    local = set(params)
    for stmt in fdef.body:
        local |= _stored(stmt)
    start, end = _position(loop), _end(loop)
    # Bound before the loop (in source order: parameters, then any binding that ends before).
    before = set(params)
    after_reads = set()
    for n in ast.walk(fdef):
        if n is fdef or not hasattr(n, "lineno"):
            continue
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and _end(n) <= start:
            before.add(n.id)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and _position(n) >= end:
            after_reads.add(n.id)
        if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and _position(n) >= end:
            after_reads.add(n.target.id)
    stored = _stored(loop)
    live_out = sorted(stored & after_reads & local)
    live_in = sorted(((_read(loop) & local) | set(live_out)) & before)
    return _Plan(index, loop, live_in, live_out)


def _returned(plan: _Plan, like):
    if not plan.live_out:
        return None
    if len(plan.live_out) == 1:
        value = ast.Name(plan.live_out[0], ast.Load())
    else:
        value = ast.Tuple([ast.Name(n, ast.Load()) for n in plan.live_out], ast.Load())
    ret = ast.Return(value)
    # After the loop's last line, so that no two statements share a line.
    ret.lineno = ret.end_lineno = like.end_lineno
    ret.col_offset = ret.end_col_offset = like.col_offset
    return ast.fix_missing_locations(ret)


def _call_statement(plan: _Plan):
    """The statement that replaces the loop: ``a, b = _blackbird_loop_0(x, y)``."""
    call = ast.Call(ast.Name(plan.name, ast.Load()), [ast.Name(n, ast.Load()) for n in plan.live_in], [])
    if not plan.live_out:
        stmt = ast.Expr(call)
    elif len(plan.live_out) == 1:
        stmt = ast.Assign([ast.Name(plan.live_out[0], ast.Store())], call)
    else:
        target = ast.Tuple([ast.Name(n, ast.Store()) for n in plan.live_out], ast.Store())
        stmt = ast.Assign([target], call)
    ast.copy_location(stmt, plan.loop)
    for n in ast.walk(stmt):
        ast.copy_location(n, plan.loop)
    return stmt


class _Replace(ast.NodeTransformer):
    def __init__(self, plans):
        self.by_loop = {id(p.loop): p for p in plans}

    def generic_visit(self, node):
        for field, old in ast.iter_fields(node):
            if isinstance(old, list):
                new = []
                for item in old:
                    plan = self.by_loop.get(id(item))
                    if plan is not None:
                        new.append(_call_statement(plan))
                    elif isinstance(item, ast.AST):
                        new.append(self.visit(item))
                    else:
                        new.append(item)
                old[:] = new
            elif isinstance(old, ast.AST):
                self.visit(old)
        return node


def _compiled_loop(func, options: dict, plan: _Plan, index: int):
    """The loop compiled by itself (a ``Compiled`` of the extension), or None when the
    compiler does not take it. Its text is the function's compiler input with the function
    replaced by the loop's function, each line where it was."""
    try:
        source = function_source(func, decorator_text("njit", [], options))
    except TypingError:
        return None
    lines = source.text.split("\n")
    tree = ast.parse(source.text, source.filename)
    target = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == func.__name__), None
    )
    if target is None:
        return None
    loop = _outermost_loops(target.body)[index]
    first = min([d.lineno for d in target.decorator_list] + [target.lineno])
    decorator = lines[first - 1] if target.decorator_list else None
    for i in range(first - 1, target.end_lineno):
        lines[i] = ""
    header = f"def {plan.name}({', '.join(plan.live_in)}):"
    if loop.lineno - 2 < first - 1 or (decorator and loop.lineno - 3 < first - 1):
        return None  # no free line above the loop for the header (a one-line function)
    lines[loop.lineno - 2] = header
    if decorator:
        lines[loop.lineno - 3] = decorator
    original = source.text.split("\n")
    for i in range(loop.lineno - 1, loop.end_lineno):
        lines[i] = original[i]
    if plan.live_out:
        # Live-outs are read after the loop, so the function goes on after its last line.
        ret = ", ".join(plan.live_out) + ("," if len(plan.live_out) > 1 else "")
        lines[loop.end_lineno] = " " * loop.col_offset + f"return ({ret})"
    try:
        return _core.compile("\n".join(lines), source.filename, plan.name)
    except TypingError:
        return None


class LiftedLoop:
    """A loop of an object-mode function: the compiled loop where the compiler takes the
    argument types, else the loop as Python."""

    def __init__(self, name: str, compiled, python):
        self.name = name
        self.compiled = compiled
        self.python = python
        self._python_only = set()

    def __call__(self, *args):
        compiled = self.compiled
        if compiled is None:
            return self.python(*args)
        key = _fingerprint(args)
        if key is None or key in self._python_only:
            return self.python(*args)
        try:
            return compiled(*args)
        except TypingError:
            self._python_only.add(key)
            return self.python(*args)

    def signatures(self):
        return [] if self.compiled is None else self.compiled.signatures()


def _fingerprint(args):
    from . import typeof

    try:
        return tuple(typeof(a) for a in args)
    except (ValueError, TypeError):
        return None


def _function_ast(func):
    """The def of `func` in its file, and the file's name (None if not found)."""
    import inspect
    import linecache

    from .source import _find_def

    code = func.__code__
    filename = inspect.getsourcefile(func) if not code.co_filename.startswith("<") else None
    filename = filename or code.co_filename
    lines = linecache.getlines(filename, func.__globals__)
    if not lines:
        return None, filename
    try:
        tree = ast.parse("".join(lines), filename)
    except SyntaxError:
        return None, filename
    fdef, _, _ = _find_def(tree, func)
    return fdef, filename


def lift_loops(func, options: dict):
    """`func` as an object-mode function: a Python function of the same code, except that its
    outermost loops are :class:`LiftedLoop` calls. Returns (function, lifted loops)."""
    fdef, filename = _function_ast(func)
    if fdef is None or isinstance(fdef, ast.AsyncFunctionDef):
        return func, []
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(fdef)):
        return func, []  # a generator: Numba does not lift its loops either
    loops = _outermost_loops(fdef.body)
    plans = [_plan(fdef, loop, i) for i, loop in enumerate(loops) if _liftable(loop)]
    if not plans:
        return func, []
    # The loops as Python functions of their live-ins (the fallback), with the user's lines.
    python_defs = []
    for plan in plans:
        body = [plan.loop]
        ret = _returned(plan, plan.loop)
        if ret is not None:
            body.append(ret)
        args = ast.arguments([], [ast.arg(n) for n in plan.live_in], None, [], [], None, [])
        d = _function_def(f"{plan.name}_python", args, body)
        ast.copy_location(d, plan.loop)
        python_defs.append(d)
    # Made before the replacement below (which rewrites the loops' parents, not the loops).
    compiled = {p.name: _compiled_loop(func, options, p, loops.index(p.loop)) for p in plans}
    _Replace(plans).visit(fdef)
    fdef.decorator_list = []
    # One enclosing function binds the loops and the original free variables, so that the
    # rebuilt functions take them as closure cells (the user's globals stay the globals).
    free = list(func.__code__.co_freevars)
    outer_args = ast.arguments(
        [], [ast.arg(n) for n in free + [p.name for p in plans]], None, [], [], None, []
    )
    names = [fdef.name] + [d.name for d in python_defs]
    returned = ast.Return(ast.Tuple([ast.Name(n, ast.Load()) for n in names], ast.Load()))
    outer = _function_def("_blackbird_object_mode", outer_args, [fdef, *python_defs, returned])
    module = ast.fix_missing_locations(ast.Module([outer], []))
    namespace = {}
    exec(compile(module, filename, "exec"), func.__globals__, namespace)
    made = namespace["_blackbird_object_mode"](*([None] * (len(free) + len(plans))))
    cells = dict(zip(free, func.__closure__ or ()))
    lifted = []
    for plan, pyfunc in zip(plans, made[1:]):
        python = _rebuilt(pyfunc, func, cells)
        loop = LiftedLoop(plan.name, compiled[plan.name], python)
        cells[plan.name] = types.CellType(loop)
        lifted.append(loop)
    new = _rebuilt(made[0], func, cells)
    new.__kwdefaults__ = func.__kwdefaults__
    new.__dict__.update(func.__dict__)
    new.__doc__ = func.__doc__
    new.__qualname__ = func.__qualname__
    new.__module__ = func.__module__
    return new, lifted


def _function_def(name, args, body):
    d = ast.FunctionDef(name, args, body, [], None)
    if "type_params" in ast.FunctionDef._fields:  # Python 3.12 and later
        d.type_params = []
    return d


def _rebuilt(inner, func, cells):
    code = inner.__code__
    closure = tuple(cells[n] for n in code.co_freevars) or None
    defaults = func.__defaults__ if inner.__name__ == func.__name__ else None
    return types.FunctionType(code, func.__globals__, inner.__name__, defaults, closure)


class ObjectModeDispatcher:
    """``@jit(forceobj=True)``: the function runs as Python, its outermost loops compiled
    (:func:`lift_loops`). ``lifted`` lists the loops, each with the signatures it was compiled
    for."""

    def __init__(self, py_func, options: dict | None = None, looplift: bool = True):
        import functools

        functools.update_wrapper(self, py_func)
        self.py_func = py_func
        options = {k: v for k, v in (options or {}).items()
                   if k in ("parallel", "fastmath", "boundscheck", "error_model")}
        self.function, self.lifted = lift_loops(py_func, options) if looplift else (py_func, [])
        self._seen = []

    def __call__(self, *args, **kwargs):
        key = _fingerprint(args) if not kwargs else None
        if key is not None and key not in self._seen:
            self._seen.append(key)
        return self.function(*args, **kwargs)

    def __get__(self, obj, objtype=None):
        return self if obj is None else types.MethodType(self, obj)

    @property
    def signatures(self):
        """The argument types it was called with (object mode: one "specialisation" each)."""
        return list(self._seen)

    @property
    def nopython_signatures(self):
        return []

    def __repr__(self):
        return f"ObjModeDispatcher({self.py_func!r})"


def warn_fallback(func, error: Exception) -> None:
    """Numba's warning when ``@jit`` falls back to object mode."""
    reason = str(error).strip()
    warnings.warn(
        NumbaWarning(
            f'Compilation is falling back to object mode WITH looplifting enabled because '
            f'Function "{func.__name__}" failed type inference due to: {reason}'
        ),
        stacklevel=5,
    )
