# sig: elementwise_extras (float64[:],)
# sig: int_elementwise (int64[:],)
# sig: casts_and_fill (float64[:],)
# sig: accumulations (float64[:, :],)
# sig: int_accumulations (int64[:],)
# sig: outer_and_transpose (float64[:], float64[:, :])
# sig: python_extremes (float64[:],)
# sig: scalar_conversions (float64,)
# sig: int_powers (int64, int64)
# sig: array_unaries (float64[:], int64[:])
# sig: truth_reductions (float64[:], float64[:, :])
# sig: norms (float64[:], float64[:, :], int64[:])
# sig: concatenations (float64[:], int64[:], float64[:, :])
# sig: reshapes (float64[::1], float64[:, ::1])
# sig: int_array_powers (int64[:], int64)
# sig: triangles (float64[:, :], int64)
import numpy as np
from numba import njit


@njit
def elementwise_extras(a):
    # Classification, sign, clipping and the inverse/hyperbolic functions, elementwise.
    b = np.clip(a, -1.0, 2.0)
    return (np.isnan(a), np.isinf(a), np.isfinite(a), np.sign(a), np.square(a), np.negative(a),
            b, np.log2(np.abs(a) + 1.0), np.arcsin(a / 4.0), np.arccos(a / 4.0), np.sinh(a),
            np.cosh(a), np.trunc(a * 1.5), np.fmod(a, 0.75), np.fmod(-a, a))


@njit
def int_elementwise(v):
    return (np.sign(v), np.square(v), np.negative(v), np.clip(v, -2, 3), np.isfinite(v),
            np.fmod(v, 3), np.fmod(-v, v))


@njit
def casts_and_fill(a):
    c = a.astype(np.int64)
    d = a.astype(np.float32)
    e = (a * 2.0).astype(np.bool_)
    f = np.empty_like(a)
    f.fill(1.5)
    return c, d, e, f


@njit
def accumulations(A):
    # In C order over the whole array, added in order (NumPy's add.accumulate).
    return np.cumsum(A), np.cumprod(A * 0.5), A.cumsum()


@njit
def int_accumulations(v):
    return np.cumsum(v), np.cumprod(v + 1)


@njit
def outer_and_transpose(x, A):
    return np.outer(x, x[::2]), np.transpose(A) * 2.0


@njit
def python_extremes(a):
    # The builtins over a vector: Python's order of comparisons.
    return max(a), min(a), max(a[1:]) - min(a[:3])


@njit
def scalar_conversions(x):
    return np.float64(x), np.int64(x), np.float32(x) * 2, np.bool_(x), np.trunc(x), np.sign(x)


@njit
def int_powers(a, b):
    # Non-constant integer exponents: repeated squaring, wrapping as int64 does.
    return a ** b, (a + 1) ** (b + 5), (-a) ** (b * 7 + 1)


@njit
def array_unaries(a, v):
    # Unary operators on arrays, elementwise (`~` of bools is a logical not, as in NumPy).
    return -a, +a, -(a * 2.0) + 1.0, np.fmod(-a, 0.5), -v, ~v, ~(a > 0)


@njit
def truth_reductions(a, M):
    # any/all/count_nonzero over every element (NaN is true), and of scalars.
    return (np.any(a > 1.0), np.all(a > -1.5), (a > 0).any(), a.all(), np.count_nonzero(a),
            np.count_nonzero(M > 0.5), np.any(2.0), np.all(0))


@njit
def norms(a, M, v):
    # The 2-norm of vectors and the Frobenius norm of (strided) matrices.
    return np.linalg.norm(a), np.linalg.norm(M), np.linalg.norm(v), np.linalg.norm(M[::2, 1:])


@njit
def concatenations(a, v, M):
    # Along the first axis, dtypes promoted; views and empty pieces included.
    return (np.concatenate((a, v)), np.concatenate((M, M[:1], M[::2])),
            np.concatenate((a[::-2], a[:0], a)))


@njit
def joined_rows(M, N):
    return np.concatenate((M, N))


@njit
def reshapes(a, M):
    # reshape/ravel are views of C-contiguous arrays (writes show through); flatten copies.
    r = a.reshape((1, -1))
    q = M.reshape(2, -1, M.shape[1])
    r[0, 0] = 100.0
    f = M[::2].flatten()
    f[0] = -1.0
    return r.sum(axis=0), q, M.ravel(), f, a.reshape(-1).sum(), a[0], M[0, 0]


@njit
def int_array_powers(v, b):
    # Integer arrays to run-time powers (NumPy's ValueError for a negative one).
    return np.power(v, b), v ** (b + 1), np.power(3, b)


@njit
def triangles(M, k):
    # Upper and lower triangles from diagonal k (by position or keyword), of views too.
    return np.triu(M), np.tril(M), np.triu(M, k), np.tril(M, k=-k), np.triu(M[::2, ::-1], 1)
