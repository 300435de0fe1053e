# let: pos = np.array([1.0, 10.0, 100.0, 0.5, 3.0, 7.5])
# case rel=1e-12: log10_ufunc(x) for x in [pos, pos[::2], pos.reshape(2, 3), 1000.0,
#     np.array([1, 10, 1000])]
# `f(x, out)`: the results written into a given array, as with a NumPy ufunc's `out`; strided
# input and output; the inputs broadcast to the output's shape.
# case rel=1e-12: log10_ufunc(pos, np.zeros(6))
# case rel=1e-12: log10_ufunc(pos[::2], np.zeros(6)[::2])
# case rel=1e-12: log10_ufunc(pos[:3].copy(), np.zeros((2, 3)))
# case rel=1e-12: log10_ufunc(1000.0, np.zeros((2, 2)))
# An output the inputs do not broadcast to: ValueError, as in NumPy.
# case rel=1e-12: log10_ufunc(pos, np.zeros(3))
# case rel=1e-12: log10_ufunc(pos.reshape(2, 3), np.zeros(3))
import math
from numba import vectorize


@vectorize(['float64(float64)', 'float32(float32)'])
def log10_ufunc(x):
    return math.log10(x)


# The ufunc's loop over arrays, pinned by the snapshot (CPython's math.log10 takes no arrays):
# snapshot-sig: log10_ufunc (float64[:],)
# snapshot-sig: log10_ufunc (float32[:, :], float64[:, :])
