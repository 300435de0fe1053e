"""NumPy-style kernels timed by benches/peers/numpy_peers.py: the idioms numeric Python is
made of, written as plain NumPy. The same function runs three ways: as Python + NumPy, under
Numba's `@njit`, and under Blackbird's `@blackbird.njit`.

Each kernel has an `INPUTS[name]` entry: a function of a NumPy Generator giving its arguments.
"""
import numpy as np

N = 1_000_000
INPUTS = {}


def inputs(make):
    def register(f):
        INPUTS[f.__name__] = make
        return f
    return register


def vectors(k, n=N, low=0.0, high=1.0):
    return lambda rng: tuple(rng.uniform(low, high, n) for _ in range(k))


# --- transcendental chains -----------------------------------------------------------------

@inputs(vectors(4, low=-1.0, high=1.0))
def haversine(a, b, c, d):
    return 2 * np.arcsin(np.sqrt(np.sin((b - a) / 2) ** 2
                                 + np.cos(a) * np.cos(b) * np.sin((d - c) / 2) ** 2))


@inputs(vectors(2))
def trig_chain(x, y):
    return np.sin(x) * np.cos(y) + np.tan(x * 0.5)


@inputs(vectors(2, low=-0.9, high=0.9))
def inverse_trig(x, y):
    return np.arcsin(x) + np.arccos(y) + np.arctan(x - y)


@inputs(vectors(2, low=-2.0, high=2.0))
def hyperbolic(x, y):
    return np.tanh(x) * np.cosh(y * 0.1) - np.sinh(x * 0.1)


@inputs(vectors(2))
def angles(x, y):
    return np.arctan2(y - 0.5, x - 0.5)


@inputs(vectors(2, low=0.01))
def float_powers(x, y):
    return x ** 1.7 + y ** 0.3


@inputs(vectors(2))
def expm1_log1p(x, y):
    return np.log1p(x) - np.expm1(y * 0.5)


@inputs(vectors(1, low=-5.0, high=5.0))
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@inputs(lambda rng: (rng.normal(0.0, 1.0, N), 0.1, 1.3))
def gauss_loglik(x, m, s):
    return np.log(np.exp(-(x - m) ** 2 / (2 * s * s)) / (np.sqrt(2 * np.pi) * s)).sum()


@inputs(vectors(1))
def horner(x):
    return ((2.0 * x + 3.0) * x - 1.0) * x + 0.5


# --- broadcasting and reductions along axes ------------------------------------------------

@inputs(lambda rng: (rng.random((400, 3)),))
def pairwise_distances(P):
    return np.sqrt(((P[:, None, :] - P[None, :, :]) ** 2).sum(axis=-1))


@inputs(lambda rng: (rng.random((1000, 1000)),))
def row_sums(A):
    return A.sum(axis=1)


@inputs(lambda rng: (rng.random((1000, 1000)),))
def column_means(A):
    return A.mean(axis=0)


@inputs(lambda rng: (rng.random((1000, 1000)),))
def softmax_rows(A):
    e = np.exp(A - A.max(axis=1)[:, None])
    return e / e.sum(axis=1)[:, None]


@inputs(vectors(1, low=-3.0, high=3.0))
def logsumexp(x):
    m = x.max()
    return m + np.log(np.exp(x - m).sum())


# --- stencils --------------------------------------------------------------------------------

@inputs(lambda rng: (rng.random((1000, 1000)),))
def stencil_2d(U):
    return 0.25 * (U[:-2, 1:-1] + U[2:, 1:-1] + U[1:-1, :-2] + U[1:-1, 2:])


@inputs(lambda rng: (rng.random((100, 100, 100)),))
def stencil_3d(U):
    return (U[:-2, 1:-1, 1:-1] + U[2:, 1:-1, 1:-1] + U[1:-1, :-2, 1:-1] + U[1:-1, 2:, 1:-1]
            + U[1:-1, 1:-1, :-2] + U[1:-1, 1:-1, 2:] - 6.0 * U[1:-1, 1:-1, 1:-1])


@inputs(lambda rng: (rng.random((600, 600, 3)),))
def image_edges(img):
    out = np.abs(img[1:-1, 1:-1] * 4.0 - img[:-2, 1:-1] - img[2:, 1:-1]
                 - img[1:-1, :-2] - img[1:-1, 2:])
    out /= max(1.0, out.max())
    return out


@inputs(vectors(1))
def differences(x):
    return x[1:] - x[:-1]


# --- scans -----------------------------------------------------------------------------------

@inputs(vectors(1))
def reversed_cumsum(x):
    return np.cumsum(x[::-1])[::-1]


@inputs(vectors(1))
def strided_cumsum(x):
    return np.cumsum(x[::2])


# --- normalisations and masks --------------------------------------------------------------

@inputs(vectors(1))
def normalize_max(x):
    return x / x.max()


@inputs(vectors(1))
def standardize(x):
    return (x - x.mean()) / x.std()


@inputs(vectors(2))
def where_mask(x, y):
    return np.where(x > 0.5, x * 2.0, -y)


@inputs(vectors(2))
def clipped(x, y):
    return np.clip(x, 0.2, 0.8) * y


# --- loops over small matrices, integers ---------------------------------------------------

@inputs(lambda rng: (rng.random((100_000, 3, 3)), rng.random((100_000, 3, 3))))
def small_matmuls(A, B):
    n = A.shape[0]
    C = np.empty_like(A)
    for k in range(n):
        for i in range(3):
            for j in range(3):
                s = 0.0
                for l in range(3):
                    s += A[k, i, l] * B[k, l, j]
                C[k, i, j] = s
    return C


@inputs(lambda rng: (rng.integers(0, 1 << 30, N), rng.integers(0, 1 << 30, N)))
def integer_hash(a, b):
    return ((a * 31 + b) % 97 + (a ^ (b >> 3)) % 13).sum()
