# GPU kernels timed by benches/peers/gpu_peers.py under Blackbird and Numba (numba.cuda); the
# 2-D stencil it times is tests/programs/cuda_stencil.py's.
import math
from numba import cuda


@cuda.jit
def saxpy_sin(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + math.sin(y[i])

