# sig: stencil void(float32[:, ::1], float32[:, ::1])
# sig: transpose_tiles void(float64[:, :], float64[:, :])
# A 2-D launch: each thread averages the four neighbours of one interior element; and a tiled
# transpose through shared memory, with a barrier between the tile's load and its store.
from numba import cuda, float64

TILE = 16


@cuda.jit
def stencil(a, out):
    i, j = cuda.grid(2)
    n, m = a.shape
    if 0 < i < n - 1 and 0 < j < m - 1:
        out[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])


@cuda.jit
def transpose_tiles(a, out):
    tile = cuda.shared.array((TILE, TILE), dtype=float64)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    i = cuda.blockIdx.x * TILE + tx
    j = cuda.blockIdx.y * TILE + ty
    if i < a.shape[0] and j < a.shape[1]:
        tile[ty, tx] = a[i, j]
    cuda.syncthreads()
    oi = cuda.blockIdx.y * TILE + tx
    oj = cuda.blockIdx.x * TILE + ty
    if oi < out.shape[0] and oj < out.shape[1]:
        out[oi, oj] = tile[tx, ty]
