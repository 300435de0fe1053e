"""Tiny functions whose calls benches/peers/dispatch_peers.py times: the work is negligible,
the time is the call's overhead (argument conversion, dispatch, the GIL)."""
from numba import njit


@njit
def int_arg(n):
    return n + 1


@njit
def one_array(a):
    return a[0]


@njit
def three_arrays(a, b, c):
    return a[0] + b[0] + c[0]
