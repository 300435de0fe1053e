"""Blackbird: a JIT compiler for numeric Python, with Numba's interface.

    import blackbird

    @blackbird.njit
    def total(a):
        s = 0.0
        for x in a:
            s += x
        return s

``import blackbird as numba`` runs ordinary Numba programs: ``jit``, ``njit``, ``vectorize``,
``guvectorize``, ``prange``, the type objects (``float64``, ``int32[:]``, ``float64(float64[:])``)
and ``TypingError`` have Numba's names and meanings.
"""

from __future__ import annotations

from . import types
from .dispatcher import Dispatcher, GUFuncDispatcher, UFuncDispatcher
from .errors import NumbaError, NumbaWarning, TypingError, UnsupportedError
from .types import *  # noqa: F401,F403 - Numba's type names at the top level
from .types import Signature, Type

__version__ = "0.1.0"


def _decorator(cls, kind, signature_or_function, options, layout=None):
    if callable(signature_or_function) and not isinstance(signature_or_function, (Type, Signature)):
        return cls(signature_or_function, None, options, kind=kind, layout=layout)
    signatures = signature_or_function

    def wrap(func):
        return cls(func, signatures, options, kind=kind, layout=layout)

    return wrap


def njit(signature_or_function=None, **options):
    """Compile a function in nopython mode: ``@njit``, ``@njit(cache=True)``,
    ``@njit('float64(float64[:])')``, ``@njit([sig1, sig2], fastmath=True)``.

    Keywords: ``nopython``, ``nogil``, ``cache``, ``parallel``, ``fastmath``, ``boundscheck``,
    ``error_model`` ('python' or 'numpy')."""
    return _decorator(Dispatcher, "njit", signature_or_function, options)


def jit(signature_or_function=None, **options):
    """As :func:`njit`, except that without ``nopython=True`` a function that does not compile
    warns once and runs in object mode (as Python, its outermost loops compiled: loop-lifting),
    as the founding article describes Numba's ``@jit``; ``forceobj=True`` always runs it in
    object mode (``looplift=False``: no loop compiled)."""
    if options.pop("forceobj", False):
        from .objmode import ObjectModeDispatcher

        looplift = options.pop("looplift", True)
        options.pop("nopython", None)

        def wrap(func):
            return ObjectModeDispatcher(func, options, looplift)

        plain = callable(signature_or_function) and not isinstance(
            signature_or_function, (Type, Signature)
        )
        return wrap(signature_or_function) if plain else wrap
    return _decorator(Dispatcher, "jit", signature_or_function, options)


def vectorize(signature_or_function=None, **options):
    """Make a NumPy-style ufunc of a scalar function: ``@vectorize``,
    ``@vectorize(['float64(float64)'])``, ``target='cpu'`` or ``'parallel'``."""
    return _decorator(UFuncDispatcher, "vectorize", signature_or_function, options)


def guvectorize(signatures, layout, **options):
    """Make a generalized ufunc: ``@guvectorize(['void(float64[:], float64[:])'], '(n)->(n)')``.
    Outputs are passed by the caller, or allocated when only the inputs are given."""
    if callable(signatures) and not isinstance(signatures, (Type, Signature)):
        raise TypeError("@guvectorize needs signatures and a layout: @guvectorize([...], '(n)->()')")

    def wrap(func):
        return GUFuncDispatcher(func, signatures, options, kind="guvectorize", layout=layout)

    return wrap


def prange(*args):
    """``range`` whose iterations may run in parallel under ``parallel=True``."""
    return range(*args)


def typeof(value):
    """The Numba type of a value (scalars and arrays)."""
    import numpy as np

    if isinstance(value, np.ndarray):
        layout = "C" if value.flags.c_contiguous else "F" if value.flags.f_contiguous else "A"
        return types.Array(types.from_dtype(value.dtype), value.ndim, layout,
                           readonly=not value.flags.writeable)
    if isinstance(value, (bool, np.bool_)):
        return types.boolean
    if isinstance(value, int):
        return types.int64
    if isinstance(value, float):
        return types.float64
    if isinstance(value, np.generic):
        return types.from_dtype(value.dtype)
    if isinstance(value, tuple):
        items = [typeof(v) for v in value]
        if items and all(t == items[0] for t in items):
            return types.UniTuple(items[0], len(items))
        return types.Tuple(items)
    raise ValueError(f"cannot determine the Numba type of {type(value).__name__}")


__all__ = [
    "jit", "njit", "vectorize", "guvectorize", "prange", "typeof", "types",
    "TypingError", "UnsupportedError", "NumbaError", "NumbaWarning", "Dispatcher", "UFuncDispatcher",
    "GUFuncDispatcher",
] + list(types.__all__)
