//! The calling ABI: how Python types of a signature meet the runtime's calling convention.
//!
//! A Python argument becomes the IR type a specialisation is compiled for ([`arg_type`]); a
//! typed signature becomes the kinds of the compiled entry's parameters and results
//! ([`param_kind`], [`result_kinds`]); the values the entry returns become a Python value
//! again ([`rebuild`]). A ufunc call's operands are split into inputs and an output array
//! ([`split_operands`]) the same way for a call and for a signature.

use crate::dialects::ir::{ArrayLayout, Context, FloatKind, Signedness, Type, TypeKind};
use crate::passes::transforms::infer_types::rules::display;
use crate::runtime::{Arg, DType, Layout, ParamKind, ResultKind, Returned, Scalar, ScalarKind};
use crate::values::PyValue;
use crate::Error;

/// A ufunc call's operands split into inputs and the output array, if given: `f(x, y)` or
/// `f(x, y, out)`. `is_array` and `describe` look at one operand.
pub(crate) fn split_operands<'a, T>(
    name: &str,
    nin: usize,
    operands: &'a [T],
    is_array: impl Fn(&T) -> bool,
    describe: impl Fn(&T) -> String,
) -> Result<(&'a [T], Option<&'a T>), Error> {
    match operands.len() {
        n if n == nin => Ok((operands, None)),
        n if n == nin + 1 && is_array(&operands[nin]) => {
            Ok((&operands[..nin], Some(&operands[nin])))
        }
        n if n == nin + 1 => Err(Error::Typing(format!(
            "the output argument of ufunc `{name}` must be an array, got {}",
            describe(&operands[nin])
        ))),
        n => Err(Error::Typing(format!(
            "ufunc `{name}` takes {nin} input(s) and an optional output array, got {n} \
             argument(s)"
        ))),
    }
}

fn unsupported(what: String) -> Error {
    Error::NotAvailable(format!("{what} is not supported yet by the code generator"))
}

/// Whether the function type `sig` takes an array.
pub(crate) fn has_array_input(ctx: &Context, sig: Type) -> bool {
    let TypeKind::Function { inputs, .. } = ctx.type_kind(sig) else {
        unreachable!("signatures are function types")
    };
    inputs.iter().any(|t| ctx.type_kind(*t).is_shaped())
}

/// The input types of a call of ufunc `name` (taking `nin` inputs) with arguments of the
/// function type `sig`, and its output array's type when one is given last.
pub(crate) fn ufunc_operands(
    ctx: &Context,
    name: &str,
    nin: usize,
    sig: Type,
) -> Result<(Vec<Type>, Option<Type>), Error> {
    let TypeKind::Function { inputs, .. } = ctx.type_kind(sig) else {
        unreachable!("signatures are function types")
    };
    let is_array = |t: &Type| ctx.type_kind(*t).is_shaped();
    let (ins, out) = split_operands(name, nin, inputs, is_array, |t| display(ctx, *t))?;
    Ok((ins.to_vec(), out.copied()))
}

/// The runtime kind of a scalar of Python type `t`.
pub(crate) fn scalar_kind(ctx: &Context, t: Type) -> Result<ScalarKind, Error> {
    Ok(match ctx.type_kind(t) {
        TypeKind::Int { width: 1, .. } => ScalarKind::Bool,
        TypeKind::Int {
            width: width @ (8 | 16 | 32 | 64),
            signedness: Signedness::Unsigned,
        } => match width {
            8 => ScalarKind::U8,
            16 => ScalarKind::U16,
            32 => ScalarKind::U32,
            _ => ScalarKind::U64,
        },
        TypeKind::Int { width: 8, .. } => ScalarKind::I8,
        TypeKind::Int { width: 16, .. } => ScalarKind::I16,
        TypeKind::Int { width: 32, .. } => ScalarKind::I32,
        TypeKind::Int { width: 64, .. } => ScalarKind::I64,
        TypeKind::Float(FloatKind::F32) => ScalarKind::F32,
        TypeKind::Float(FloatKind::F64) => ScalarKind::F64,
        _ => return Err(unsupported(format!("a value of type {}", display(ctx, t)))),
    })
}

/// The NumPy dtype of elements of Python type `t`.
pub(crate) fn dtype_of(ctx: &Context, t: Type) -> Result<DType, Error> {
    Ok(match scalar_kind(ctx, t)? {
        ScalarKind::F64 => DType::F64,
        ScalarKind::F32 => DType::F32,
        ScalarKind::I64 => DType::I64,
        ScalarKind::I32 => DType::I32,
        ScalarKind::I16 => DType::I16,
        ScalarKind::I8 => DType::I8,
        ScalarKind::U8 => DType::U8,
        ScalarKind::U16 => DType::U16,
        ScalarKind::U32 => DType::U32,
        ScalarKind::U64 => DType::U64,
        ScalarKind::Bool => DType::Bool,
    })
}

/// The runtime kind of a parameter of Python type `t`.
pub(crate) fn param_kind(ctx: &Context, t: Type) -> Result<ParamKind, Error> {
    match ctx.type_kind(t) {
        TypeKind::PyArray {
            elem, rank, layout, ..
        } => Ok(ParamKind::Array {
            dtype: dtype_of(ctx, *elem)?,
            rank: *rank as usize,
            layout: match layout {
                ArrayLayout::C => Layout::C,
                ArrayLayout::F => Layout::F,
                ArrayLayout::A => Layout::A,
            },
        }),
        // `None` passes nothing, as an empty tuple.
        TypeKind::None => Ok(ParamKind::Tuple(vec![])),
        TypeKind::Tuple(items) => Ok(ParamKind::Tuple(
            items
                .iter()
                .map(|item| param_kind(ctx, *item))
                .collect::<Result<_, _>>()?,
        )),
        _ => Ok(ParamKind::Scalar(scalar_kind(ctx, t)?)),
    }
}

/// The values the compiled entry returns for a result of Python type `result`, flattened (a
/// tuple as its items, a complex number as two floats, None as nothing).
pub(crate) fn result_kinds(ctx: &Context, result: Option<Type>) -> Result<Vec<ResultKind>, Error> {
    let mut flat = vec![];
    if let Some(t) = result {
        flatten_result(ctx, t, &mut flat)?;
    }
    Ok(flat)
}

fn flatten_result(ctx: &Context, t: Type, out: &mut Vec<ResultKind>) -> Result<(), Error> {
    match ctx.type_kind(t) {
        TypeKind::PyArray { elem, rank, .. } => {
            out.push(ResultKind::Array {
                dtype: dtype_of(ctx, *elem)?,
                rank: *rank as usize,
            });
            Ok(())
        }
        TypeKind::Tuple(elems) => {
            for e in elems.clone() {
                flatten_result(ctx, e, out)?;
            }
            Ok(())
        }
        TypeKind::None => Ok(()),
        TypeKind::Complex(part) => {
            let part = ResultKind::Scalar(scalar_kind(ctx, *part)?);
            out.extend([part.clone(), part]);
            Ok(())
        }
        _ => {
            out.push(ResultKind::Scalar(scalar_kind(ctx, t)?));
            Ok(())
        }
    }
}

/// The Python value of Python type `t` from the values the compiled entry returned.
pub(crate) fn rebuild(
    ctx: &Context,
    t: Option<Type>,
    values: &mut impl Iterator<Item = Returned>,
) -> PyValue {
    let Some(t) = t else { return PyValue::None };
    match ctx.type_kind(t) {
        TypeKind::Tuple(elems) => PyValue::Tuple(
            elems
                .clone()
                .into_iter()
                .map(|e| rebuild(ctx, Some(e), values))
                .collect(),
        ),
        TypeKind::None => PyValue::None,
        TypeKind::Complex(_) => {
            let mut part = || match values.next() {
                Some(Returned::Scalar(Scalar::Float(x))) => x,
                other => unreachable!("a complex part, got {other:?}"),
            };
            let re = part();
            PyValue::Complex(re, part())
        }
        _ => match values.next().expect("one value per result") {
            Returned::Scalar(Scalar::Int(i)) => PyValue::Int(i),
            Returned::Scalar(Scalar::UInt(i)) => PyValue::UInt(i),
            Returned::Scalar(Scalar::Float(f)) => PyValue::Float(f),
            Returned::Scalar(Scalar::Bool(b)) => PyValue::Bool(b),
            Returned::Array(a) => PyValue::Array(a),
            Returned::Lent(a) => PyValue::Lent(a),
        },
    }
}

/// The Python type of an argument, as a signature names it.
pub(crate) fn arg_type(ctx: &mut Context, a: &Arg) -> Type {
    match a {
        Arg::Tuple(items) => {
            let items = items.iter().map(|item| arg_type(ctx, item)).collect();
            ctx.intern_type(TypeKind::Tuple(items))
        }
        Arg::Int(_) => ctx.i64(),
        Arg::Float(_) => ctx.f64(),
        Arg::Bool(_) => ctx.i1(),
        Arg::None => ctx.intern_type(TypeKind::None),
        Arg::NumPyScalar(kind, _) => scalar_type(ctx, *kind),
        Arg::Array(arr) => {
            let elem = match arr.dtype {
                DType::F64 => ctx.f64(),
                DType::F32 => ctx.f32(),
                DType::I64 => ctx.i64(),
                DType::I32 => ctx.int_type(32),
                DType::I16 => ctx.int_type(16),
                DType::I8 => ctx.int_type(8),
                DType::U8 | DType::U16 | DType::U32 | DType::U64 => {
                    ctx.intern_type(TypeKind::Int {
                        width: 8 * arr.dtype.size() as u32,
                        signedness: Signedness::Unsigned,
                    })
                }
                DType::Bool => ctx.i1(),
            };
            let layout = match arr.layout() {
                Layout::C => ArrayLayout::C,
                Layout::F => ArrayLayout::F,
                Layout::A => ArrayLayout::A,
            };
            ctx.intern_type(TypeKind::PyArray {
                elem,
                rank: arr.rank() as u32,
                layout,
                readonly: arr.readonly,
            })
        }
    }
}

/// The Python type of scalars of runtime kind `kind`.
fn scalar_type(ctx: &mut Context, kind: ScalarKind) -> Type {
    let int = |ctx: &mut Context, width: u32, signedness: Signedness| {
        ctx.intern_type(TypeKind::Int { width, signedness })
    };
    match kind {
        ScalarKind::F64 => ctx.f64(),
        ScalarKind::F32 => ctx.f32(),
        ScalarKind::Bool => ctx.i1(),
        ScalarKind::I64 => ctx.i64(),
        ScalarKind::I32 => ctx.int_type(32),
        ScalarKind::I16 => ctx.int_type(16),
        ScalarKind::I8 => ctx.int_type(8),
        ScalarKind::U64 => int(ctx, 64, Signedness::Unsigned),
        ScalarKind::U32 => int(ctx, 32, Signedness::Unsigned),
        ScalarKind::U16 => int(ctx, 16, Signedness::Unsigned),
        ScalarKind::U8 => int(ctx, 8, Signedness::Unsigned),
    }
}

/// A type of one context re-interned in another.
pub(crate) fn copy_type(from: &Context, to: &mut Context, t: Type) -> Type {
    let kind = match from.type_kind(t).clone() {
        TypeKind::Tuple(elems) => {
            TypeKind::Tuple(elems.into_iter().map(|e| copy_type(from, to, e)).collect())
        }
        TypeKind::Complex(e) => TypeKind::Complex(copy_type(from, to, e)),
        TypeKind::PyArray {
            elem,
            rank,
            layout,
            readonly,
        } => TypeKind::PyArray {
            elem: copy_type(from, to, elem),
            rank,
            layout,
            readonly,
        },
        k @ (TypeKind::Int { .. } | TypeKind::Float(_) | TypeKind::None | TypeKind::Index) => k,
        other => other,
    };
    to.intern_type(kind)
}
