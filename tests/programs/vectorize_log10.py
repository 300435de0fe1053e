import math
from numba import vectorize


@vectorize(['float64(float64)', 'float32(float32)'])
def log10_ufunc(x):
    return math.log10(x)
