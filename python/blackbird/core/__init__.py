"""Numba's `numba.core` namespace, for programs that import its errors from there."""
