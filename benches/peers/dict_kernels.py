"""The kernels of dict_peers.py: count the int64 keys of an array in a dict."""
from numba import njit


@njit
def count_keys(keys):
    d = {}
    # Numba types `{}` from a store that comes before `d.get` (Blackbird needs none).
    d[keys[0]] = 0
    for k in keys:
        d[k] = d.get(k, 0) + 1
    s = 0
    for k, v in d.items():
        s += k * v
    return s + len(d)
