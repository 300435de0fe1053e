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
