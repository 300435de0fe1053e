//! CUDA intrinsics, in `@cuda.jit` kernels (`cuda.threadIdx.x` and the other special
//! registers are attributes, not callables).

use super::{keyword, required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins as typing;

const fn cuda(
    name: &'static str,
    params: &'static [Param],
    summary: &'static str,
    sample: &'static str,
) -> Callable {
    Callable {
        name,
        params,
        summary,
        sample: Sample::Kernel(sample),
        typing: typing::cuda,
        lowering: calls::cuda,
    }
}

const NDIM: &[Param] = &[required("ndim")];
const ARRAY: &[Param] = &[required("shape"), keyword("dtype", "float64")];
const ATOMIC: &[Param] = &[required("ary"), required("idx"), required("val")];

pub const CALLABLES: &[Callable] = &[
    cuda(
        "cuda.grid",
        NDIM,
        "the thread's global position (a tuple for 2 or 3 dimensions)",
        "i = cuda.grid(1)\nif i < a.size:\n    a[i] = i\nj, k = cuda.grid(2)\na[0] = j + k",
    ),
    cuda(
        "cuda.gridsize",
        NDIM,
        "the number of threads in the grid",
        "a[0] = cuda.gridsize(1)",
    ),
    cuda(
        "cuda.syncthreads",
        &[],
        "barrier for the threads of a block",
        "a[0] = 1.0\ncuda.syncthreads()",
    ),
    cuda(
        "cuda.shared.array",
        ARRAY,
        "an array shared by a block's threads (constant shape)",
        "s = cuda.shared.array(4, dtype=np.float64)\ns[0] = 1.0\na[0] = s[0]",
    ),
    cuda(
        "cuda.local.array",
        ARRAY,
        "an array private to a thread (constant shape)",
        "s = cuda.local.array((2, 2), np.float64)\ns[0, 1] = 1.0\na[0] = s[0, 1]",
    ),
    cuda(
        "cuda.atomic.add",
        ATOMIC,
        "adds atomically, returns the old value",
        "cuda.atomic.add(a, 0, 1.0)",
    ),
    cuda(
        "cuda.atomic.sub",
        ATOMIC,
        "subtracts atomically, returns the old value",
        "cuda.atomic.sub(a, 0, 1.0)",
    ),
    cuda(
        "cuda.atomic.max",
        ATOMIC,
        "maximum atomically, returns the old value",
        "cuda.atomic.max(a, 0, 1.0)",
    ),
    cuda(
        "cuda.atomic.min",
        ATOMIC,
        "minimum atomically, returns the old value",
        "cuda.atomic.min(a, 0, 1.0)",
    ),
];
