"""Blackbird's exceptions, under Numba's names."""

from ._core import TypingError

# Numba's other compile-time errors are typing errors here.
UnsupportedError = TypingError
NumbaError = TypingError

__all__ = ["TypingError", "UnsupportedError", "NumbaError"]
