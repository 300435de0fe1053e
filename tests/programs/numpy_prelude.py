# sig: ufunc_functions (float64[:], float64[:])
# sig: int_ufunc_functions (int64[:], int64[:])
# sig: logical_functions (float64[:], float64[:])
# sig: angles (float64[:],)
# sig: closeness (float64[:], float64[:])
# sig: rolled (float64[:], int64)
# sig: rolled_2d (float64[:, :], int64)
# sig: differences (float64[:],)
# sig: differences_2d (float64[:, :],)
# sig: flipped (float64[:, :],)
# sig: copied_into (float64[:, :], float64[:])
# sig: tiled (int64[:], int64)
# sig: repeated (float64[:, :], int64)
# sig: crossed (float64[:], float64[:])
# sig: traced (float64[:, :],)
# sig: equalities (float64[:, :], float64[:, :])
# NumPy functions of the prelude (passes/src/library/prelude/numpy.py), written in the
# compiled subset, against NumPy itself.
# let: x = np.array([0.5, -1.25, 3.0, 0.0, -0.0, 2.5, 1e-9, np.inf, -np.inf, np.nan])
# let: y = np.array([0.5, 2.0, -3.0, 1e-12, 0.0, 2.5000001, 0.0, np.inf, np.inf, np.nan])
# case: ufunc_functions(a, b) for a, b in [(x, y), (x[::2], y[1::2]), (y, x)]
# let: i = np.array([7, -3, 0, 12, -8, 5])
# let: j = np.array([2, 5, -4, 3, 3, -1])
# case: int_ufunc_functions(a, b) for a, b in [(i, j), (j, i)]
# case: logical_functions(a, b) for a, b in [(x, y), (x[::-1].copy(), y)]
# case: angles(a) for a in [x, np.linspace(-720.0, 720.0, 9)]
# case: closeness(a, b) for a, b in [(x, y), (x, x), (y, y + 1e-7)]
# let: v = np.arange(7.0) * 1.5
# case: rolled(a, s) for a, s in [(v, 2), (v, -3), (v, 0), (v, 15), (v[::2], 1), (v[:0], 3)]
# let: m = np.arange(12.0).reshape(3, 4) * 0.5
# case: rolled_2d(a, s) for a, s in [(m, 5), (m.T, -2)]
# case: differences(a) for a in [v, v[::-2].copy(), x]
# case: differences_2d(a) for a in [m, m.T]
# case: flipped(a) for a in [m, m.T, m[:, 1:]]
# case: copied_into(a, b) for a, b in [(m.copy(), m[0].copy()), (np.zeros((2, 4)), np.arange(4.0))]
# case: tiled(a, r) for a, r in [(i, 3), (i, 0), (j[:2], 1)]
# case: repeated(a, r) for a, r in [(m, 2), (m.T, 3), (m, 0)]
# case: crossed(a, b) for a, b in [(np.array([1.0, 2.0, 3.0]), np.array([-4.0, 0.5, 2.0])), (v[:3], v[3:6]), (v[:4], v[3:7]), (v, v)]
# case: equalities(a, b) for a, b in [(m, m.copy()), (m, m.T.copy()), (m, m[:2]), (m, m[:, ::2])]
# case: traced(a) for a in [m, m.T, np.arange(100.0).reshape(10, 10) * 0.1]
import numpy as np
from numba import njit


@njit
def ufunc_functions(a, b):
    return (
        np.add(a, b),
        np.subtract(a, b),
        np.multiply(a, b),
        np.divide(a, b),
        np.true_divide(a, 2.0),
        np.negative(a),
        np.positive(b),
        np.power(np.abs(a), 0.5),
        np.less(a, b),
        np.less_equal(a, b),
        np.greater(a, b),
        np.greater_equal(a, b),
        np.equal(a, b),
        np.not_equal(a, b),
    )


@njit
def int_ufunc_functions(a, b):
    return (
        np.floor_divide(a, b),
        np.remainder(a, b),
        np.mod(a, b),
        np.bitwise_and(a, b),
        np.bitwise_or(a, b),
        np.bitwise_xor(a, b),
        np.power(a, 2),
    )


@njit
def logical_functions(a, b):
    return (
        np.logical_and(a, b),
        np.logical_or(a, b),
        np.logical_xor(a, b),
        np.logical_not(a),
    )


@njit
def angles(a):
    return np.deg2rad(a), np.rad2deg(a), np.radians(a), np.degrees(a)


@njit
def closeness(a, b):
    return (
        np.isclose(a, b),
        np.isclose(a, b, 0.0, 1e-6),
        np.isclose(a, b, equal_nan=True),
        np.allclose(a[:4], b[:4]),
        np.allclose(a, a, equal_nan=True),
    )


@njit
def rolled(a, s):
    return np.roll(a, s)


@njit
def rolled_2d(a, s):
    return np.roll(a, s)


@njit
def differences(a):
    return np.diff(a)


@njit
def differences_2d(a):
    return np.diff(a)


@njit
def flipped(a):
    return np.flip(a) + 10.0 * np.flipud(a) + 100.0 * np.fliplr(a)


@njit
def copied_into(a, b):
    np.copyto(a, b)
    return a


@njit
def tiled(a, r):
    return np.tile(a, r)


@njit
def repeated(a, r):
    return np.repeat(a, r)


@njit
def crossed(a, b):
    return np.cross(a, b)


@njit
def traced(a):
    return np.trace(a)


@njit
def equalities(a, b):
    return (
        np.array_equal(a, b),
        np.array_equal(a, a),
        np.array_equal(a, b[0]),
        np.array_equal(a[0], b[0]),
    )
