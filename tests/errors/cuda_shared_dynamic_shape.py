# sig: stage void(float32[::1], int64)
from numba import cuda, float32


@cuda.jit
def stage(x, n):
    buf = cuda.shared.array(n, dtype=float32)
    t = cuda.threadIdx.x
    buf[t] = x[t]
