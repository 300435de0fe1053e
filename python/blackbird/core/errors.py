"""`from numba.core.errors import TypingError` works with `numba` bound to `blackbird`."""

from ..errors import NumbaError, TypingError, UnsupportedError

__all__ = ["TypingError", "UnsupportedError", "NumbaError"]
