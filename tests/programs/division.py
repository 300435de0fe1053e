# sig: divmods (int64, int64)
# sig: fdivmods (float64, float64)
# sig: fdivmod_table (float64[:], float64[:])
# sig: adivmods (float64[:], float64[:])
import numpy as np
from numba import njit


@njit
def divmods(a, b):
    return a // b, a % b


@njit
def fdivmods(a, b):
    return a // b, a % b, a / b


@njit
def fdivmod_table(a, b):
    # Python's float // and % of every pair (a zero divisor left out: it raises), and the
    # reciprocals, whose infinities show the signs of zeros.
    q = np.zeros((a.shape[0], b.shape[0]))
    r = np.zeros((a.shape[0], b.shape[0]))
    for i in range(a.shape[0]):
        for j in range(b.shape[0]):
            x = float(a[i])
            y = float(b[j])
            if y != 0.0:
                q[i, j] = x // y
                r[i, j] = x % y
    return q, r, 1.0 / q, 1.0 / r


@njit
def adivmods(a, b):
    # NumPy's floor_divide and remainder, element by element (a zero divisor gives inf or nan).
    q = a // b
    r = a % b
    return q, r, 1.0 / q, 1.0 / r


# (The cases are at the end: tests/cli.rs pins the line numbers of the functions.)
# (Python ints do not overflow; int64 wraps as in Numba, so no case overflows here.)
# case: divmods(a, b) for a, b in [(7, 2), (7, -3), (-7, 3), (-7, -3), (0, 5), (1 << 40, 3),
#     (-9, 1), (5, -1), (-2**63 + 1, -1), (-7, 0)]
# case rel=1e-12: fdivmods(a, b) for a, b in [(7.5, 2.0), (7.5, -2.0), (-7.5, 2.0), (-0.0, 3.0),
#     (1e300, 1e-300), (5.0, inf)]
# case: fdivmods(1.0, 0.0)
# case: fdivmods(1.0, -0.0)
# Float // and % at signed zeros, infinities, NaN, the largest and the subnormal values: exactly
# CPython's (every pair, as scalars) and NumPy's (element by element, a zero divisor included),
# signed zeros told apart by their reciprocals.
# let: specials = np.array([0.0, -0.0, 5.0, -5.0, 1.5, -1.5, 0.1, -7.25, inf, -inf, nan, 1e300,
#     -1e300, 5e-324, -5e-324, 1.7976931348623157e308])
# case: fdivmod_table(specials, specials)
# case: adivmods(np.repeat(specials, 16), np.tile(specials, 16))
