# sig: solved (float64[:, :], float64[:])
# sig: solved_2d (float64[:, :], float64[:, :])
# sig: solved_32 (float32[:, :], float32[:])
# sig: inverted (float64[:, :],)
# sig: determinant (float64[:, :],)
# sig: log_determinant (float64[:, :],)
# sig: factor (float64[:, :],)
# sig: solve_residual (float64[:, :], float64[:])
import numpy as np
from numba import njit


@njit
def solved(a, b):
    return np.linalg.solve(a, b)


@njit
def solved_2d(a, b):
    return np.linalg.solve(a, b)


@njit
def solved_32(a, b):
    return np.linalg.solve(a, b)


@njit
def inverted(a):
    return np.linalg.inv(a)


@njit
def determinant(a):
    return np.linalg.det(a)


@njit
def log_determinant(a):
    sign, logdet = np.linalg.slogdet(a)
    return sign * 1000.0 + logdet


@njit
def factor(a):
    return np.linalg.cholesky(a)


@njit
def solve_residual(a, b):
    # The solution solves the system: |a x - b| is at rounding level.
    x = np.linalg.solve(a, b)
    return np.abs(a @ x - b).max() < 1e-10 * (np.abs(a).sum() * np.abs(x).max() + 1.0)


@njit
def inverse_in_loop(a, k):
    # Repeated calls free their work and result buffers.
    total = 0.0
    for i in range(k):
        total += np.linalg.inv(a + i)[0, 0]
    return total


@njit
def mixed(a, b):
    # Integer and float32 operands: NumPy computes in float64.
    return np.linalg.solve(a, b)


# let: rng = np.random.default_rng(7)
# let: g = rng.standard_normal((6, 6)) + 6 * np.eye(6); h = rng.standard_normal((5, 5)) + 5 * np.eye(5)
# let: v = rng.standard_normal(6); w = rng.standard_normal((6, 3)); big = rng.standard_normal((40, 40)) + 40 * np.eye(40)
# let: spd = g @ g.T + np.eye(6); f = np.asfortranarray(g); s32 = g.astype(np.float32)
# let: sing = np.array([[1.0, 2.0], [2.0, 4.0]]); rect = np.ones((3, 4)); npd = np.array([[1.0, 2.0], [2.0, 1.0]])
# case rel=1e-12: solved(a, b) for a, b in [(g, v), (f, v), (g.T, v), (g[::2, ::2], v[::2]), (big[::2, ::2], big[0, ::2]), (np.eye(1) * 3, np.ones(1))]
# case rel=1e-12: solved_2d(a, b) for a, b in [(g, w), (f, w.T.copy().T), (g.T, w[:, ::2])]
# case rel=1e-5: solved_32(a, b) for a, b in [(s32, v.astype(np.float32)), (s32.T, v.astype(np.float32)), (s32[::2, ::2], v[::2].astype(np.float32))]
# case: solved(a, b) for a, b in [(sing, np.ones(2)), (rect, np.ones(3)), (g, np.ones(5)), (np.zeros((0, 0)), np.ones(0))]
# case: solved_2d(a, b) for a, b in [(sing, np.ones((2, 2))), (g, np.ones((5, 2)))]
# case rel=1e-12: inverted(a) for a in [g, f, g.T, h[1:, 1:], big[::3, ::3], np.eye(3)]
# case: inverted(a) for a in [sing, rect, np.zeros((2, 2))]
# case rel=1e-12: determinant(a) for a in [g, f, g.T, h, big[::2, ::2], sing, rect, np.zeros((0, 0)), np.eye(4) * 2]
# case rel=1e-12: log_determinant(a) for a in [g, f, h[1:, 1:], -g, sing, rect, big]
# case rel=1e-12: factor(a) for a in [spd, np.asfortranarray(spd), spd[::-1, ::-1].copy(), npd, rect, np.eye(3) * 4]
# case: solve_residual(a, b) for a, b in [(g, v), (big, big[:, 1])]
# case rel=1e-12: inverse_in_loop(a, k) for a, k in [(g, 3), (sing, 2)]
# case rel=1e-12: mixed(a, b) for a, b in [(np.arange(4).reshape(2, 2) + np.eye(2, dtype=np.int64), np.ones(2, dtype=np.float32)), (s32, v), (np.eye(3, dtype=np.int64) * 2, np.arange(3))]
