# sig: c_copy_total (float64[:, :],)
# sig: k_copy_total (float64[:, :],)
# sig: astype_deviation (float64[:, :],)
# sig: product_total (float64[:, :],)
# sig: contiguous_total (float64[:, :],)
# sig: chained_total (float64[:, :],)
# sig: reversed_copy_variance (float64[:, :],)
# sig: c_copy_scaled_mean (float64[:, :],)
# sig: float32_total (float64[:, :],)
# sig: cube_copy_total (float64[:, :, :],)
# Full sums of copies, in NumPy's order bit for bit: `a.copy()` and `np.ascontiguousarray`
# lay the copy out in C order; ufunc results, `astype` and `np.copy` keep their operands'
# memory order (order='K'), and a sum walks the copy in its memory order.
# let: m = np.sin(np.arange(30.0 * 41.0)).reshape(30, 41) * 1e3
# let: wide = np.sin(np.arange(3.0 * 9001.0)).reshape(3, 9001)
# let: tall = np.cos(np.arange(3000.0 * 7.0)).reshape(3000, 7)
# let: cube = np.sin(np.arange(4.0 * 7.0 * 3.0)).reshape(4, 7, 3)
# case: c_copy_total(a) for a in [m, m.T, m[::2, 1:].T, wide.T, tall.T[:, ::3]]
# case: k_copy_total(a) for a in [m, m.T, m[::2], wide.T, tall.T]
# case: astype_deviation(a) for a in [m, m.T, m[:, ::2].T, wide.T, tall.T]
# case: product_total(a) for a in [m, m.T, wide, tall]
# case: contiguous_total(a) for a in [m, m.T, wide, tall[1:, ::2]]
# case: chained_total(a) for a in [m, m.T, wide, tall]
# case: reversed_copy_variance(a) for a in [m, m.T, wide, tall]
# case: c_copy_scaled_mean(a) for a in [m, m.T, wide, tall]
# case: float32_total(a) for a in [m, m.T, wide, tall]
# case: cube_copy_total(a) for a in [cube, cube.transpose(2, 0, 1), cube[:, ::2].transpose(1, 2, 0)]
import numpy as np


def c_copy_total(x):
    return np.sum(x.T.copy())


def k_copy_total(x):
    return np.sum(np.copy(x.T))


def astype_deviation(x):
    return np.std(x.T.astype(np.float64))


def product_total(x):
    y = x.T * 2.0
    return np.sum(y) + y[0, 0]


def contiguous_total(x):
    return np.sum(np.ascontiguousarray(x.T))


def chained_total(x):
    y = x.T * 2.0
    z = y + 1.0
    return np.sum(z) + z[0, 0]


def reversed_copy_variance(x):
    y = np.copy(x[::-1].T)
    return np.var(y) + y[0, 0]


def c_copy_scaled_mean(x):
    y = x.T.copy()
    return np.mean(y * 3.0) + y[0, 0]


def float32_total(x):
    y = x.T.astype(np.float32)
    return np.sum(y) + y[0, 0]


def cube_copy_total(x):
    y = x.T - 1.0
    return np.sum(y) + np.sum(y.copy()) + y[0, 0, 0]
