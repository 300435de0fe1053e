# sig: stats (float64[:],)
# sig: creations (int64,)
# sig: normalized (float64[:, :],)
# sig: grids (int64,)
# sig: created_broadcast (float64[:],)
# sig: likes (float64[:],)
# let: v = np.arange(9) * 5 % 7 * 0.5 - 1.0
# case rel=1e-12: stats(a) for a in [v, v[::2]]
# case: creations(n) for n in [1, 4, 7]
# let: m = (np.arange(12) - 5.5).reshape(3, 4)
# case rel=1e-12: normalized(a) for a in [m, m[::2, ::2]]
# case rel=1e-12: grids(n) for n in [1, 2, 5, 50]
import numpy as np
from numba import njit


@njit
def stats(a):
    return np.sum(a), a.sum(), np.prod(a[:4]), np.mean(a), np.var(a), np.std(a), np.min(a), a.max()


@njit
def creations(n):
    z = np.zeros(n)
    o = np.ones((2, n), dtype=np.float64)
    f = np.full(n, 2.5)
    r = np.arange(1, n, 2)
    e = np.empty_like(z)
    e[:] = 7.0
    return z.sum() + o.sum() + f.sum() + r.sum() + e.sum() + len(r)


@njit
def normalized(A):
    B = A.copy()
    B -= B.mean()
    return np.sqrt(np.abs(B)) + np.exp(B / 10.0)


@njit
def grids(n):
    x = np.linspace(0.0, 1.0, n)
    return x.sum() + np.eye(n).sum() + x[-1]


@njit
def created_broadcast(a):
    # np.zeros is a tensor.splat: it fuses into the sum, broadcasting to (3, n).
    return np.zeros((3, a.shape[0])) + a


@njit
def likes(a):
    return np.zeros_like(a) + np.ones_like(a) * 2.0 + np.full_like(a, 3.0) + a.copy()
