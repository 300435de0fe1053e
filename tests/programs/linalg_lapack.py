# sig: solved (float64[:, :], float64[:])
# sig: solved_2d (float64[:, :], float64[:, :])
# sig: solved_32 (float32[:, :], float32[:])
# sig: inverted (float64[:, :],)
# sig: determinant (float64[:, :],)
# sig: log_determinant (float64[:, :],)
# sig: factor (float64[:, :],)
# sig: solve_residual (float64[:, :], float64[:])
# sig: eigen_symmetric (float64[:, :],)
# sig: singular_values (float64[:, :],)
# sig: factor_qr (float64[:, :],)
# sig: least_squares (float64[:, :], float64[:])
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


@njit
def eigen_symmetric(a):
    # Eigenvalues (ascending) and the residual and orthogonality of the eigenvectors, which
    # are defined up to sign.
    w, v = np.linalg.eigh(a)
    n = a.shape[0]
    scale = np.abs(a).sum() + 1.0
    ok = np.abs(a @ v - v * w).max() < 1e-12 * scale * n
    ok = ok and np.abs(v.T @ v - np.eye(n)).max() < 1e-12 * n
    return w, ok, np.linalg.eigvalsh(a)


@njit
def eigen_symmetric_32(a):
    w, v = np.linalg.eigh(a)
    ok = np.abs(a @ v - v * w).max() < 1e-4 * (np.abs(a).sum() + 1)
    return w, ok


@njit
def eigen_general(a):
    # Real eigenvalues (sorted: their order is LAPACK's) and A v = w v.
    w, v = np.linalg.eig(a)
    ok = np.abs(a @ v - v * w).max() < 1e-10 * (np.abs(a).sum() + 1.0)
    return np.sort(w), ok, np.sort(np.linalg.eigvals(a))


@njit
def singular_values(a):
    return np.linalg.svd(a, compute_uv=False)


@njit
def svd_full(a):
    # u s vh = a; u and vh orthogonal; their shapes.
    u, s, vh = np.linalg.svd(a)
    m, n = a.shape
    k = min(m, n)
    ok = np.abs((u[:, :k] * s) @ vh[:k] - a).max() < 1e-12 * (np.abs(a).sum() + 1.0)
    ok = ok and np.abs(u.T @ u - np.eye(m)).max() < 1e-12 * (m + 1)
    ok = ok and np.abs(vh @ vh.T - np.eye(n)).max() < 1e-12 * (n + 1)
    return s, ok, u.shape[0], u.shape[1], vh.shape[0], vh.shape[1]


@njit
def svd_reduced(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    ok = np.abs((u * s) @ vh - a).max() < 1e-12 * (np.abs(a).sum() + 1.0)
    return s, ok, u.shape[1], vh.shape[0]


@njit
def svd_32(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    ok = np.abs((u * s) @ vh - a).max() < 1e-4 * (np.abs(a).sum() + 1)
    return s, ok


@njit
def factor_qr(a):
    # q r = a, q orthonormal columns, r upper triangular (|r| as NumPy's: the signs are
    # LAPACK's Householder choice).
    q, r = np.linalg.qr(a)
    ok = np.abs(q @ r - a).max() < 1e-12 * (np.abs(a).sum() + 1.0)
    ok = ok and np.abs(q.T @ q - np.eye(q.shape[1])).max() < 1e-12 * (a.shape[0] + 1)
    return np.abs(r), ok, q.shape[0], q.shape[1]


@njit
def least_squares(a, b):
    x, residuals, rank, s = np.linalg.lstsq(a, b)
    return x, residuals, rank, s


@njit
def pseudo_inverse(a):
    return np.linalg.pinv(a)


@njit
def rank_of(a):
    return np.linalg.matrix_rank(a)


@njit
def power(a, n):
    return np.linalg.matrix_power(a, n)


@njit
def trace_and_kron(a, b):
    return np.trace(a), np.kron(a, b)


@njit
def vector_norms(x):
    return (np.linalg.norm(x), np.linalg.norm(x, np.inf), np.linalg.norm(x, -np.inf),
            np.linalg.norm(x, 0), np.linalg.norm(x, 1), np.linalg.norm(x, 2),
            np.linalg.norm(x, 3), np.linalg.norm(x, -1.5))


@njit
def matrix_norms(m):
    return (np.linalg.norm(m), np.linalg.norm(m, 2), np.linalg.norm(m, -2),
            np.linalg.norm(m, 1), np.linalg.norm(m, -1), np.linalg.norm(m, np.inf),
            np.linalg.norm(m, -np.inf))


@njit
def axis_norms(m):
    return (np.linalg.norm(m, axis=0), np.linalg.norm(m, 1, axis=1),
            np.linalg.norm(m, np.inf, 0), np.linalg.norm(m, 0, axis=-1))


@njit
def matrix_norm_of_order(m, ord):
    return np.linalg.norm(m, ord)


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
# let: tall = rng.standard_normal((7, 4)); wide = rng.standard_normal((3, 5)); t32 = tall.astype(np.float32)
# let: upper = np.triu(g) + np.diag(np.arange(6.0)); low_rank = tall[:, :2] @ wide[:2, :4]
# case rel=1e-10: eigen_symmetric(a) for a in [spd, np.asfortranarray(spd), spd[::2, ::2], np.eye(3), np.zeros((0, 0)), np.diag([3.0, 1.0, 2.0]), rect, g]
# case rel=1e-4: eigen_symmetric_32(a) for a in [spd.astype(np.float32)]
# case rel=1e-9: eigen_general(a) for a in [spd, upper, upper.T, np.eye(2), rect]
# case rel=1e-10: singular_values(a) for a in [g, tall, wide, tall.T, f, g[::2, ::3], np.zeros((2, 3)), np.zeros((0, 3))]
# case rel=1e-10: svd_full(a) for a in [g, tall, wide, tall[::2].T]
# case rel=1e-10: svd_reduced(a) for a in [g, tall, wide]
# case rel=1e-4: svd_32(a) for a in [t32, t32.T]
# case rel=1e-10: factor_qr(a) for a in [g, tall, wide, f, tall[::2, ::2]]
# case rel=1e-9: least_squares(a, b) for a, b in [(tall, tall[:, 0] + 1.0), (tall, rng.standard_normal((7, 2))), (g, v), (wide, np.ones(3)), (low_rank, np.ones(7)), (tall, np.ones(6))]
# case rel=1e-9: pseudo_inverse(a) for a in [g, tall, wide, low_rank, np.zeros((2, 3))]
# case: rank_of(a) for a in [g, tall, low_rank, sing, np.zeros((3, 3)), np.ones(4), np.zeros(4), np.eye(5)]
# case rel=1e-12: power(a, n) for a, n in [(g, 0), (g, 1), (g, 2), (g, 3), (g, 6), (g, 13), (g / 6, -3), (sing, -1), (rect, 2)]
# case: trace_and_kron(a, b) for a, b in [(np.arange(6.0).reshape(2, 3), np.eye(2)), (np.arange(4).reshape(2, 2), np.arange(6).reshape(3, 2))]
# case rel=1e-12: vector_norms(x) for x in [v, v[::2], np.arange(-3, 5), np.zeros(3)]
# case rel=1e-5: vector_norms(x) for x in [v.astype(np.float32)]
# case rel=1e-12: matrix_norms(m) for m in [g, tall, wide.T, f, np.arange(12).reshape(3, 4)]
# case rel=1e-12: axis_norms(m) for m in [tall, wide[:, ::2]]
# case: matrix_norm_of_order(g, o) for o in [3, 0.5]
