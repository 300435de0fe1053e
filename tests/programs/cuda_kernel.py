# sig: add_kernel void(float32[::1], float32[::1], float32[::1])
# sig: shared_sum void(float32[::1], float32[::1])
from numba import cuda, float32


@cuda.jit
def add_kernel(x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = x[i] + y[i]


@cuda.jit
def shared_sum(x, out):
    tmp = cuda.shared.array(128, dtype=float32)
    t = cuda.threadIdx.x
    i = cuda.blockIdx.x * cuda.blockDim.x + t
    tmp[t] = x[i]
    cuda.syncthreads()
    if t == 0:
        s = 0.0
        for k in range(cuda.blockDim.x):
            s += tmp[k]
        cuda.atomic.add(out, 0, s)
