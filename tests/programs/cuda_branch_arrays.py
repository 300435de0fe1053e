# sig: pick void(float64[::1], float64[::1], float64[::1], boolean)
# An array chosen in a branch of a kernel (no ownership to track: kernels allocate nothing).
from numba import cuda


@cuda.jit
def pick(x, y, out, flag):
    i = cuda.grid(1)
    if flag:
        src = x
    else:
        src = y
    if i < out.size:
        out[i] = src[i] * 2.0
