# sig: smooth (int64, int64)
# sig: grid3 (float64[::1],)
# sig: shift_add (float64[:],)
# sig: reverse_assign (float64[:],)
# sig: shift_scaled (float64[:],)
# sig: temp_then_assign (float64[:],)
# sig: transpose_assign (float64[:, :],)
# sig: view_of_fresh_in_loop (int64, int64)
# sig: view_of_argument_in_loop (float64[:], int64)
# sig: view_from_branch (float64[:], boolean)
# sig: aliased_call (float64[:],)
# sig: aliased_call_2d (float64[:, :],)
# sig: disjoint_halves (float64[:],)
# sig: view_from_call (int64,)
# sig: view_in_while (int64,)
# Views of one array (taken in an earlier statement, carried by a loop, chosen by a branch, or
# passed to a call as two arguments) may overlap: a value reading the array is complete before
# it is written through any of them, as in NumPy, however the code is fused.
# case rel=1e-12: smooth(n, steps) for n, steps in [(6, 3), (1, 2), (5, 0), (9, 4)]
# case: view_of_fresh_in_loop(n, 3) for n in [0, 1, 2, 5]
# case: view_from_call(n) for n in [0, 1, 2, 5]
# case: view_in_while(n) for n in [0, 1, 2, 5]
# let: x = np.arange(8) / 8
# case: grid3(a) for a in [x, x[:1].copy()]
# let: v = np.arange(14) * 5 % 9 * 0.75 - 2.0
# let: vectors = [v[:7].copy(), v[::2], v[::3]]
# case: shift_add(a) for a in vectors
# case: reverse_assign(a) for a in vectors
# case: shift_scaled(a) for a in vectors
# case: temp_then_assign(a) for a in vectors
# case: aliased_call(a) for a in vectors
# case: disjoint_halves(a) for a in vectors
# case: view_from_branch(a, flag) for a in vectors for flag in [True, False]
# case: view_of_argument_in_loop(a, 3) for a in vectors
# A square matrix and its transpose (a non-square one: ValueError, as NumPy).
# let: m = np.arange(64) * 7 % 13 - 6.5
# let: matrices = [m[:16].reshape(4, 4).copy(), m.reshape(8, 8)[::2, ::2], m[:12].reshape(3, 4).copy()]
# case: transpose_assign(a) for a in matrices
# case: aliased_call_2d(a) for a in matrices
import numpy as np
from numba import njit


@njit
def smooth(n, steps):
    # u is a view of U: NumPy computes L completely before `u += 0.1 * L` writes U.
    U = np.zeros((n + 2, n + 2))
    u = U[1:-1, 1:-1]
    u[:] = 1.0
    U[n // 2, n // 2] = 5.0
    for _ in range(steps):
        L = U[:-2, 1:-1] + U[2:, 1:-1] + U[1:-1, :-2] + U[1:-1, 2:] - 4 * U[1:-1, 1:-1]
        u += 0.1 * L
    return U


@njit
def grid3(x):
    # A column vector broadcast into a strided slice of a 3-D array, then a reshape.
    N = x.shape[0]
    z = np.zeros((N, N, 3))
    z[:, :, 0] = x.reshape(-1, 1)
    z[:, :, 1] = x
    return z.reshape(N * N, 3)


@njit
def shift_add(a):
    a[1:] += a[:-1]
    return a


@njit
def reverse_assign(a):
    a[::-1] = a
    return a


@njit
def shift_scaled(a):
    a[1:] = a[:-1] * 2
    return a


@njit
def temp_then_assign(a):
    # t is complete before it is written over its own sources.
    t = a[:-1] + 1
    a[1:] = t
    return a


@njit
def transpose_assign(a):
    b = a.T
    a[:] = b + 1
    return a


@njit
def view_of_fresh_in_loop(n, steps):
    # The view is carried by the loop; its base is a new array.
    U = np.arange(n + 1) * 1.0
    u = U[1:]
    for _ in range(steps):
        u += U[:-1] * 0.5
    return U


@njit
def view_of_argument_in_loop(a, steps):
    v = a[1:]
    for _ in range(steps):
        v[:] = a[:-1] + v
    return a


@njit
def view_from_branch(a, flag):
    b = np.ones(a.shape[0])
    if flag:
        v = b[::-1]
    else:
        v = a
    b[:] = v * 2 + b
    return b


@njit
def add_into(dst, src):
    # Called with arguments that share memory.
    dst += src * 3


@njit
def aliased_call(a):
    add_into(a[1:], a[:-1])
    add_into(a, a[::-1])
    return a


@njit
def aliased_call_2d(a):
    add_into(a, a.T)
    return a


@njit
def disjoint_halves(a):
    # Views of one array that do not overlap.
    n = a.shape[0] // 2
    a[n:2 * n] = a[:n] + 1
    return a


@njit
def tail(a):
    return a[1:]


@njit
def view_from_call(n):
    # The view comes back from a call: it may be a view of anything.
    U = np.arange(n) * 1.0
    u = tail(U)
    u[:] = U[:-1] + 1
    return U


@njit
def view_in_while(n):
    U = np.arange(n) * 1.0
    v = U[2:]
    k = 0
    while k < 2:
        v[:] = U[:-2] * 3 + v
        k += 1
    return U
