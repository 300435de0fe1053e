# Two inputs broadcast together: (3, 1) with (4,) gives (3, 4); a scalar broadcasts too.
# let: col = np.array([[1.0], [-2.0], [3.5]])
# let: row = np.array([0.5, 1.0, -2.0, 4.0])
# case rel=1e-12: rel_diff(col, row)
# case rel=1e-12: rel_diff(row, 2.0)
# case rel=1e-12: rel_diff(col, row, np.zeros((3, 4)))
# Lazy @vectorize (no signatures): compiled for the element type.
# case rel=1e-12: clipped_sqrt(np.array([4.0, -1.0, 2.25, 0.0]))
# NumPy's error model: x / 0.0 is ±inf or NaN, x // 0 and x % 0 are 0 (no raise).
# case: ratio(np.array([1.0, -2.0, 0.0, 3.0, -0.0]), np.array([0.0, 0.0, 0.0, 2.0, -4.0]))
# case: int_quotient(np.array([7, -7, 0, 9, -9]), np.array([0, 2, 0, -4, 0]))
import math
from numba import vectorize


@vectorize(['float64(float64, float64)'])
def rel_diff(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


@vectorize
def clipped_sqrt(x):
    if x < 0.0:
        return 0.0
    return math.sqrt(x)


# Ufuncs follow NumPy's error model, as Numba compiles them: a division by zero gives
# inf/NaN for floats and 0 for integers instead of raising.
@vectorize(['float64(float64, float64)'])
def ratio(a, b):
    return a / b


@vectorize(['int64(int64, int64)'])
def int_quotient(a, b):
    return a // b + a % b
