//! The sorting primitives of the NumPy prelude: `np._sort_run(a)` sorts a 1-D array in place
//! and `np._argsort_run(keys, out)` writes the positions that sort the 1-D `keys` into the
//! int64 vector `out`, both stable and in NumPy's order (NaNs last, `-0.0` equal to `0.0`).
//! The prelude's `np.sort`, `a.sort()`, `np.argsort`, `np.unique`, `np.median`, … call them
//! on each row or lane. Each is one `loop.linalg` op naming a routine of the runtime
//! (`sort.f64`, `argsort.i32`: `runtime/src/sort.rs`, a radix sort), the measured hot spot
//! that a merge sort written in the prelude was (about 20× slower than NumPy).

use blackbird_dialects::ir::{FloatKind, OpId, Signedness, Type, TypeKind};
use blackbird_dialects::loops;

use super::{required, Callable, Sample};
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{CResult, Converter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::array_parts;
use crate::transforms::infer_types::{Inference, TResult};

pub const CALLABLES: &[Callable] = &[
    Callable {
        name: "np._sort_run",
        params: &[required("a")],
        summary: "sort the 1-D array `a` in place, stably, NaNs last (prelude only)",
        sample: Sample::Compile("np._sort_run(np.arange(n) * x)"),
        typing: type_sort_run,
        lowering: lower_sort_run,
    },
    Callable {
        name: "np._argsort_run",
        params: &[required("keys"), required("out")],
        summary: "write the positions that sort the 1-D `keys` (stably) into the int64 vector \
                  `out` of the same length (prelude only)",
        sample: Sample::Compile("np._argsort_run(np.arange(n) * x, np.empty(n, np.int64))"),
        typing: type_argsort_run,
        lowering: lower_argsort_run,
    },
];

/// The runtime's name of a sortable element type (`f64`, `i32`, `u8`, `bool`), if it is one.
fn dtype_name(kind: &TypeKind) -> Option<String> {
    match kind {
        TypeKind::Float(FloatKind::F64) => Some("f64".into()),
        TypeKind::Float(FloatKind::F32) => Some("f32".into()),
        TypeKind::Int { width: 1, .. } => Some("bool".into()),
        TypeKind::Int { width, signedness } if matches!(width, 8 | 16 | 32 | 64) => {
            let prefix = match signedness {
                Signedness::Unsigned => 'u',
                Signedness::Signless => 'i',
            };
            Some(format!("{prefix}{width}"))
        }
        _ => None,
    }
}

/// Whether `t` is a 1-D array of a sortable element type.
fn sortable_vector(inf: &Inference<'_>, t: Type) -> bool {
    matches!(array_parts(inf.ctx, t), Some((elem, 1, _)) if dtype_name(inf.ctx.type_kind(elem)).is_some())
}

fn type_sort_run(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    if !sortable_vector(inf, c.types[0]) {
        return Err(c.bad(inf));
    }
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_argsort_run(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 2, 2)?;
    let out_is_int64 =
        matches!(array_parts(inf.ctx, c.types[1]), Some((e, 1, _)) if e == inf.ctx.i64());
    if !sortable_vector(inf, c.types[0]) || !out_is_int64 {
        return Err(c.bad(inf));
    }
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn lower_sort_run(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    run(c, op, "sort", 1)
}

fn lower_argsort_run(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    run(c, op, "argsort", 2)
}

/// `loop.linalg {routine = "ROUTINE.DTYPE"}` on the call's `arrays` arrays (DTYPE the first
/// one's element type). Its status is never a failure the user could cause: the typing rules
/// checked the operands, and the prelude passes `argsort` an output of its keys' length.
fn run(c: &mut Converter<'_>, op: OpId, routine: &str, arrays: usize) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let operands = (0..arrays)
        .map(|i| call.array(c, i))
        .collect::<CResult<Vec<_>>>()?;
    let elem = c.e.element_type(operands[0]);
    let dtype = dtype_name(c.e.ctx.type_kind(elem)).expect("typing accepts sortable dtypes only");
    let routine = c.e.ctx.str_attr(&format!("{routine}.{dtype}"));
    let i64t = c.e.ctx.i64();
    c.e.emit(
        &loops::LINALG,
        &operands,
        &[i64t],
        &[("routine", routine)],
        vec![],
        &call.loc,
    );
    Ok(L::None)
}
