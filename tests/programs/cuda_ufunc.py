# snapshot-sig: rel_diff (float32[:, :], float32[:])
# snapshot-sig: rel_diff (float64[:], float64, float32[:])
# snapshot-sig: gauss (float64[:],)
# GPU ufuncs, as Numba users write them: the scalar function is a device function and the
# generated kernel applies it to one element per thread (inputs broadcast and flattened on
# the host). Loops are picked from the listed signatures by the inputs' dtypes; a lazy one is
# typed for them. Division by zero follows NumPy (error_model='numpy').
import math
from numba import vectorize


@vectorize(['float32(float32, float32)', 'float64(float64, float64)'], target='cuda')
def rel_diff(x, y):
    return 2.0 * abs(x - y) / (abs(x) + abs(y))


@vectorize(target='rocm')
def gauss(x):
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
