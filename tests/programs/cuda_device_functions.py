# sig: apply_bump void(float64[::1], float64[::1])
# sig: histogram void(int64[::1], int64[::1])
# sig: scale void(float32[::1], float32)
# sig: reverse_chunks void(int32[::1])
# sig: extremes void(uint32[::1], uint32[::1])
# Device functions with math calls (linked from the vendor's device library), a grid-stride
# loop with integer atomics, a scalar parameter, a per-thread local array, and a kernel for
# AMD GPUs.
import math
from numba import cuda, int32


@cuda.jit(device=True)
def bump(x):
    return math.exp(-x * x) + math.sqrt(abs(x))


@cuda.jit
def apply_bump(x, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        out[i] = bump(x[i])


@cuda.jit
def histogram(values, bins):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, values.size, stride):
        cuda.atomic.add(bins, values[k] % bins.size, 1)


@cuda.jit
def extremes(values, out):
    # Unsigned atomics: 4000000000 is the largest uint32 here, not a negative int32.
    i = cuda.grid(1)
    if i < values.size:
        cuda.atomic.max(out, 0, values[i])
        cuda.atomic.min(out, 1, values[i])


@cuda.jit
def scale(x, factor):
    i = cuda.grid(1)
    if i < x.size:
        x[i] *= factor


@cuda.jit(target="rocm")
def reverse_chunks(x):
    chunk = cuda.local.array(4, dtype=int32)
    base = cuda.grid(1) * 4
    if base + 4 <= x.size:
        for k in range(4):
            chunk[k] = x[base + k]
        for k in range(4):
            x[base + k] = chunk[3 - k]
