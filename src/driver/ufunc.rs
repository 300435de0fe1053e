//! The code of a `@vectorize` function called with arrays: a generated entry
//! ([`py_to_tensor::VECTORIZED`]) that broadcasts the inputs as NumPy does and calls the typed
//! scalar function per element, returning a new array or writing into an output array given
//! last (`f(x, out)`); on a GPU, a kernel running one element per thread. The scalar loop is the
//! first listed signature the inputs cast to safely (or, for a lazy ufunc, the function typed
//! for the inputs' element types). The JIT and `blackbird dump` run and show the same code.

use super::pipeline::{convert_options, lower_tensor_module, Lowered};
use super::{Stage, StageDumps};
use crate::abi::{dtype_of, scalar_kind};
use crate::dialects::ir::{print_op, ArrayLayout, Context, MemLayout, Type, TypeKind};
use crate::passes::conversion::{loop_to_mlir, py_to_tensor};
use crate::passes::transforms::infer_types::rules::{can_cast_safely, can_cast_same_kind, display};
use crate::runtime::{Layout, ParamKind, ResultKind};
use crate::{frontend, Error};

/// A ufunc's scalar function, typed for the loop a call runs and converted.
struct ScalarLoop {
    /// The IR of its stages so far (`typed`).
    stages: StageDumps,
    /// The converted module holding the scalar function.
    module: crate::dialects::ir::OpId,
    /// The function type it was typed for (a listed signature or the operands' types).
    signature: Type,
    /// Its result: the Python type and the converted function's type.
    result_py: Type,
    result_abi: Type,
    /// The output array's element type, when one is given (the result casts to it).
    out_elem: Option<Type>,
}

/// Type `function` for the loop over inputs of the Python types `inputs` (arrays and scalars)
/// and convert it; `out` is the output array's type, if given.
fn scalar_loop_module(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    options: &crate::Options,
    inputs: &[Type],
    out: Option<Type>,
) -> Result<ScalarLoop, Error> {
    let decl = program
        .function(function)
        .ok_or_else(|| Error::NotAvailable(format!("no function `{function}`")))?;
    let listed = decl
        .decorator
        .as_ref()
        .map(|d| d.signatures.clone())
        .unwrap_or_default();
    let elems: Vec<Type> = inputs.iter().map(|t| element_of(ctx, *t)).collect();
    let mut stages = StageDumps::started();
    let signature = scalar_loop(ctx, function, &listed, &elems)?;
    let (typed, entry) = super::infer_types_for(ctx, program, function, signature)?;
    stages.keep(Stage::Typed, || print_op(ctx, typed, Default::default()));
    let result_py = crate::dialects::func::function_signature(ctx, entry)
        .expect("typed")
        .1
        .first()
        .copied();
    let Some(result_py) = result_py.filter(|t| {
        !ctx.type_kind(*t).is_shaped()
            && !matches!(ctx.type_kind(*t), TypeKind::Tuple(_) | TypeKind::None)
    }) else {
        return Err(Error::NotAvailable(format!(
            "@vectorize function `{function}` must return one scalar"
        )));
    };
    let out_elem = match out {
        Some(out) => {
            let elem = element_of(ctx, out);
            if !can_cast_same_kind(ctx, result_py, elem) {
                return Err(Error::Typing(format!(
                    "cannot cast the output of ufunc `{function}` from {} to {} with casting \
                     rule 'same_kind'",
                    dtype_name(ctx, result_py)?,
                    dtype_name(ctx, elem)?
                )));
            }
            Some(elem)
        }
        None => None,
    };
    let module =
        py_to_tensor::convert_py_to_tensor(ctx, typed, function, convert_options(options))?;
    let scalar = crate::dialects::func::lookup_function(ctx, module, function).expect("converted");
    let result_abi = crate::dialects::func::function_signature(ctx, scalar)
        .expect("func")
        .1[0];
    Ok(ScalarLoop {
        stages,
        module,
        signature,
        result_py,
        result_abi,
        out_elem,
    })
}

/// The element types of a call's operands: the inputs' and, when given, the output's.
fn operand_elements(ctx: &Context, inputs: &[Type], out_elem: Option<Type>) -> Vec<Type> {
    inputs
        .iter()
        .map(|t| element_of(ctx, *t))
        .chain(out_elem)
        .collect()
}

/// The boundary kind of each operand: arrays of `rank(operand)` dimensions and `layout`,
/// scalars as they are.
fn operand_params(
    ctx: &Context,
    operands: &[Type],
    elems: &[Type],
    rank: impl Fn(&Context, Type) -> Option<usize>,
    layout: Layout,
) -> Result<Vec<ParamKind>, Error> {
    operands
        .iter()
        .zip(elems)
        .map(|(t, elem)| match rank(ctx, *t) {
            Some(rank) => Ok(ParamKind::Array {
                dtype: dtype_of(ctx, *elem)?,
                rank,
                layout,
            }),
            None => Ok(ParamKind::Scalar(scalar_kind(ctx, *elem)?)),
        })
        .collect()
}

/// The lowered type of each operand: a memref of `rank(operand)` dimensions and `layout` for
/// an array, the element type for a scalar.
fn operand_types(
    ctx: &mut Context,
    operands: &[Type],
    elems: &[Type],
    rank: impl Fn(&Context, Type) -> Option<usize>,
    layout: MemLayout,
) -> Vec<Type> {
    operands
        .iter()
        .zip(elems)
        .map(|(t, elem)| match rank(ctx, *t) {
            Some(rank) => ctx.intern_type(TypeKind::MemRef {
                shape: vec![None; rank],
                elem: *elem,
                layout,
            }),
            None => *elem,
        })
        .collect()
}

/// The module running `function` (a `@vectorize` function of `program`) over operands of the
/// Python types `inputs` (arrays and scalars) and, when given, writing into the array type
/// `out`, lowered to MLIR with every stage's IR kept.
pub(crate) fn lower_vectorized(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    options: &crate::Options,
    inputs: &[Type],
    out: Option<Type>,
) -> Result<Lowered, Error> {
    let scalar = scalar_loop_module(ctx, program, function, options, inputs, out)?;
    let module = scalar.module;
    let rank = inputs
        .iter()
        .filter_map(|t| rank_of(ctx, *t))
        .max()
        .unwrap_or(0);
    if let Some(out_rank) = out.and_then(|t| rank_of(ctx, t)) {
        if out_rank < rank {
            // NumPy's run-time error, found here from the ranks alone.
            let f =
                crate::dialects::func::lookup_function(ctx, module, function).expect("converted");
            return Err(Error::value_error(
                format!(
                    "non-broadcastable output operand of rank {out_rank} for inputs of rank {rank}"
                ),
                ctx.loc(f).to_string(),
            ));
        }
    }
    let operands: Vec<Type> = inputs.iter().copied().chain(out).collect();
    let elems = operand_elements(ctx, inputs, scalar.out_elem);
    let types = operand_types(ctx, &operands, &elems, rank_of, MemLayout::Strided);
    py_to_tensor::add_vectorized_entry(
        ctx,
        module,
        function,
        &types,
        scalar.result_abi,
        out.is_some(),
    )?;
    let mut stages = scalar.stages;
    lower_tensor_module(ctx, module, options, &mut stages)?;
    let mlir = loop_to_mlir::emit_mlir(ctx, module, Some(py_to_tensor::VECTORIZED))?;
    stages.keep(Stage::Mlir, || mlir.text.clone());
    let params = operand_params(ctx, &operands, &elems, rank_of, Layout::A)?;
    // Written into `out`, the call returns None (the caller holds the array).
    let result_py = scalar.result_py;
    let (results, result) = match out {
        Some(_) => (vec![], None),
        None => (
            vec![ResultKind::Array {
                dtype: dtype_of(ctx, result_py)?,
                rank,
            }],
            Some(ctx.intern_type(TypeKind::PyArray {
                elem: result_py,
                rank: rank as u32,
                layout: ArrayLayout::C,
                readonly: false,
            })),
        ),
    };
    Ok(Lowered {
        stages,
        mlir,
        params,
        results,
        result,
        signature: scalar.signature,
    })
}

/// The GPU kernel of `function` (a `@vectorize(..., target='cuda'|'rocm')` function) over
/// operands of the Python types `inputs` and an output array of element type `out` (the
/// result's type when `None`): a `gpu.module` whose kernel [`py_to_tensor::VECTORIZED`] takes
/// every array, the output last, flattened to 1-D (see `crate::gpu_ufunc`), and runs one
/// element per thread.
pub(crate) fn lower_vectorized_kernel(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    options: &crate::Options,
    inputs: &[Type],
    out: Option<Type>,
) -> Result<Lowered, Error> {
    let scalar = scalar_loop_module(ctx, program, function, options, inputs, out)?;
    let module = scalar.module;
    let out_elem = scalar.out_elem.unwrap_or(scalar.result_py);
    let out_type = ctx.intern_type(TypeKind::PyArray {
        elem: out_elem,
        rank: 1,
        layout: ArrayLayout::C,
        readonly: false,
    });
    let operands: Vec<Type> = inputs.iter().copied().chain([out_type]).collect();
    let elems = operand_elements(ctx, inputs, Some(out_elem));
    // Every array travels flattened and contiguous.
    let flat = |ctx: &Context, t: Type| rank_of(ctx, t).map(|_| 1);
    let types = operand_types(ctx, &operands, &elems, flat, MemLayout::Identity);
    py_to_tensor::add_vectorized_kernel(ctx, module, function, &types, scalar.result_abi)?;
    let mut stages = scalar.stages;
    lower_tensor_module(ctx, module, options, &mut stages)?;
    let mlir = loop_to_mlir::emit_gpu_mlir(ctx, module, py_to_tensor::VECTORIZED)?;
    stages.keep(Stage::Mlir, || mlir.text.clone());
    let params = operand_params(ctx, &operands, &elems, flat, Layout::C)?;
    Ok(Lowered {
        stages,
        mlir,
        params,
        results: vec![],
        result: None,
        signature: scalar.signature,
    })
}

/// The function type a ufunc call with input element types `elems` runs: without `listed`
/// signatures, the function typed for `elems`; else the first listed loop the inputs cast to
/// safely (NumPy's rule, as Numba picks).
fn scalar_loop(
    ctx: &mut Context,
    function: &str,
    listed: &[Type],
    elems: &[Type],
) -> Result<Type, Error> {
    if listed.is_empty() {
        let object = ctx.intern_type(TypeKind::PyObject);
        return Ok(ctx.function_type(elems, &[object]));
    }
    let accepts = |t: &Type| match ctx.type_kind(*t) {
        TypeKind::Function { inputs, .. } => {
            inputs.len() == elems.len()
                && elems
                    .iter()
                    .zip(inputs)
                    .all(|(from, to)| can_cast_safely(ctx, *from, *to))
        }
        _ => false,
    };
    if let Some(t) = listed.iter().find(|t| accepts(t)) {
        return Ok(*t);
    }
    let names = |types: &[Type]| -> String {
        let texts: Vec<String> = types.iter().map(|t| display(ctx, *t)).collect();
        texts.join(", ")
    };
    Err(Error::Typing(format!(
        "ufunc `{function}` has no loop for input types ({}) (signatures: {})",
        names(elems),
        names(listed)
    )))
}

/// The rank of an array type; `None` for a scalar.
fn rank_of(ctx: &Context, t: Type) -> Option<usize> {
    match ctx.type_kind(t) {
        TypeKind::PyArray { rank, .. } => Some(*rank as usize),
        _ => None,
    }
}

/// The element type of an array type, or the scalar type itself.
fn element_of(ctx: &Context, t: Type) -> Type {
    match ctx.type_kind(t) {
        TypeKind::PyArray { elem, .. } => *elem,
        _ => t,
    }
}

fn dtype_name(ctx: &Context, t: Type) -> Result<&'static str, Error> {
    Ok(dtype_of(ctx, t)?.name())
}
