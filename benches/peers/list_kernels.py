"""The kernels of list_peers.py: append n floats to a list, then sum it."""
from numba import njit


@njit
def append_sum(n):
    l = []
    for i in range(n):
        l.append(i * 0.5)
    s = 0.0
    for x in l:
        s += x
    return s
