# GPU kernels timed by benches/peers/gpu_peers.py under Blackbird and Numba (numba.cuda); the
# 2-D stencil it times is tests/programs/cuda_stencil.py's.
import math
from numba import cuda, vectorize


@cuda.jit
def saxpy_sin(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + math.sin(y[i])



# The same elementwise work as a GPU ufunc: called with host arrays, it returns a new one.
@vectorize(['float32(float32, float32)'], target='cuda')
def saxpy_sin_ufunc(x, y):
    return 2.0 * x + math.sin(y)
