"""Blackbird's exceptions, under Numba's names."""

from ._core import TypingError

# Numba's other compile-time errors are typing errors here.
UnsupportedError = TypingError
NumbaError = TypingError



class NumbaWarning(UserWarning):
    """A warning about how a function is compiled (Numba's name): e.g. that ``@jit`` fell back
    to object mode."""


__all__ = ["TypingError", "UnsupportedError", "NumbaError", "NumbaWarning"]
