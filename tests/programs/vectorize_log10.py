import math
from numba import vectorize


@vectorize(['float64(float64)', 'float32(float32)'])
def log10_ufunc(x):
    return math.log10(x)


# The ufunc's loop over arrays, pinned by the snapshot (CPython's math.log10 takes no arrays):
# snapshot-sig: log10_ufunc (float64[:],)
# snapshot-sig: log10_ufunc (float32[:, :], float64[:, :])
