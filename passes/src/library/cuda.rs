//! CUDA intrinsics, in `@cuda.jit` kernels (`cuda.threadIdx.x` and the other special
//! registers are attributes, not callables).

use blackbird_dialects::ir::{Type, TypeKind};
use blackbird_dialects::py;

use super::creation::type_new_array;
use super::{keyword, required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::array_parts;
use crate::transforms::infer_types::{error, Inference, TResult};

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
        typing: type_cuda,
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

/// CUDA intrinsics (and special registers, read as calls).
pub(crate) fn type_cuda(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let i64t = inf.ctx.i64();
    let fname = c.fname.as_str();
    Ok(match fname {
        "grid" | "gridsize" => {
            c.arity(inf, 1, 1)?;
            match py::int_constant(inf.ctx, c.args[0]) {
                Some(1) => i64t,
                Some(n @ 2..=3) => inf.ctx.intern_type(TypeKind::Tuple(vec![i64t; n as usize])),
                _ => {
                    return Err(error(
                        inf.ctx,
                        c.op,
                        format!("cuda.{fname}() takes the constant 1, 2 or 3"),
                    ))
                }
            }
        }
        "syncthreads" | "threadfence" => inf.ctx.intern_type(TypeKind::None),
        "shared.array" | "local.array" => return type_new_array(inf, c),
        f if f.starts_with("atomic.") => {
            c.arity(inf, 3, 3)?;
            match array_parts(inf.ctx, c.types[0]) {
                Some((e, _, _)) => e,
                None => return Err(c.bad(inf)),
            }
        }
        _ => inf.ctx.int_type(32),
    })
}
