# sig: hypots (float64[:], float64[:])
# case rel=1e-6: hypot(a, b) for a, b in [(3, 4), (1000, 2001)]
# let: r = np.random.default_rng(7).standard_normal(2000) * 10.0 ** np.arange(-4, 4).repeat(250)
# case: hypots(a, b) for a, b in [(r, r[::-1].copy()), (r[::3], r[1::3]), (np.array([3e200, -0.0, np.nan, 1e-320]), np.array([4e200, 0.0, np.inf, 1e-320]))]
import math

import numpy as np
from numba import njit, float32, int32


@njit(float32(int32, int32))
def hypot(a, b):
    return math.sqrt(a * a + b * b)


# np.hypot and math.hypot as NumPy and CPython compute them: the C library's correctly rounded
# hypot (a scaled sqrt(1 + r*r) is up to 2 ulp off), bit for bit.
@njit
def hypots(a, b):
    return np.hypot(a, b), math.hypot(a[0], b[0]), math.hypot(a[-1], math.inf)
