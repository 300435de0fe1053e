# sig: div_then_read (float64[:],)
# sig: sub_then_reversed_copy (float64[:],)
# sig: step_two_then_ends (float64[:],)
# sig: reversed_in_loop (float64[:], int64)
# sig: reversed_2d_then_corner (float64[:, :],)
# sig: reversed_3d_then_sum (float64[:, :, :],)
# sig: copy_3d_view (float64[:, :, :],)
# sig: copy_3d_reversed_sum (float64[:, :, :],)
import numpy as np
from numba import njit

# Stores through views with negative strides, then reads of the base buffer (fuzzer seeds
# 9115 and 20176: the read saw the old value or garbage, as LLVM took the reversed store's
# address for poison) and views of 3-D copies (seeds 15, 19, 56: no code was generated).


@njit
def div_then_read(x):
    a = np.full(x.shape[0], 1.0)
    a[::-1] /= x
    return a[0] + 10.0 * a[-1]


@njit
def sub_then_reversed_copy(x):
    a = np.arange(x.shape[0])
    a[::-1] -= 1
    x[:] = a[::-1]
    a[::-1] = -a
    return a


@njit
def step_two_then_ends(x):
    a = x.copy()
    a[::-2] *= 3.0
    a[-2::-2] -= x[1::2]
    return a[0] * 100.0 + a[1] * 10.0 + a[-1]


@njit
def reversed_in_loop(x, n):
    a = np.zeros(x.shape[0])
    for i in range(n):
        a[::-1] += x * (i + 1)
        x[0] = a[0]
    return a


@njit
def reversed_2d_then_corner(x):
    a = np.full(x.shape, 2.0)
    a[::-1, ::-1] *= x
    a[::-2, :] += 1.0
    return a[0, 0] + a[-1, -1] * 10.0 + a[0, -1] * 100.0


@njit
def reversed_3d_then_sum(x):
    a = x.copy()
    a[:, ::-1, ::-2] /= x[:, :, 1::2]
    return np.sum(a) + a[0, 0, 0]


@njit
def copy_3d_view(x):
    y = x.copy()
    return y[1:]


@njit
def copy_3d_reversed_sum(x):
    y = x.copy()
    return np.sum(y[:, :, ::-1] * np.arange(x.shape[2]))
