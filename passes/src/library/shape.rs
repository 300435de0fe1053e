//! Shape and manipulation: views and copies in another shape or dtype, joins, triangles.

use blackbird_dialects::arith;
use blackbird_dialects::ir::{ArrayLayout, OpId, Type, TypeKind, Value};

use super::{keyword, named, required, variadic, Callable, Lowering, Param, Sample, Typing};
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{not_yet, CResult, Converter, L};
use crate::transforms::infer_types::builtins::{dtype_of, shape_rank, Call};
use crate::transforms::infer_types::rules::{self, array, array_parts, is_int};
use crate::transforms::infer_types::{Inference, TResult};

const fn shape(
    name: &'static str,
    typing: Typing,
    lowering: Lowering,
    params: &'static [Param],
    summary: &'static str,
    sample: &'static str,
) -> Callable {
    Callable {
        name,
        params,
        summary,
        sample: Sample::Run(sample),
        typing,
        lowering,
    }
}

const SELF: &[Param] = &[required("self")];

/// A 2×3 matrix of floats, for the samples: `[[0.75, 1.75, 2.75], [3.75, 4.75, 5.75]]`.
macro_rules! m {
    () => {
        "np.arange(x, n + 2).reshape(2, 3)"
    };
}

pub const CALLABLES: &[Callable] = &[
    shape(
        "np.transpose",
        type_transpose,
        lower_transpose,
        &[required("a")],
        "axes reversed (a view)",
        concat!(
            "np.transpose(",
            m!(),
            ")[2, 1] + np.transpose(",
            m!(),
            ").shape[0]"
        ),
    ),
    shape(
        "ndarray.transpose",
        type_transpose,
        lower_transpose,
        SELF,
        "axes reversed (a view)",
        concat!(m!(), ".transpose()[1, 0]"),
    ),
    shape(
        "ndarray.reshape",
        type_reshape,
        lower_reshape,
        &[required("self"), variadic("shape")],
        "a view with a new shape (of a C-contiguous array)",
        concat!(
            "np.arange(x, n + 2).reshape((3, 2))[2, 1] + ",
            m!(),
            ".reshape(6)[4]"
        ),
    ),
    shape(
        "ndarray.ravel",
        type_flat,
        lower_reshape,
        SELF,
        "a flat view (of a C-contiguous array)",
        concat!(m!(), ".ravel()[4]"),
    ),
    shape(
        "ndarray.flatten",
        type_flat,
        lower_flatten,
        SELF,
        "a flat copy in C order",
        concat!(m!(), ".T.flatten()[1]"),
    ),
    shape(
        "ndarray.astype",
        type_astype,
        lower_astype,
        &[required("self"), named("dtype")],
        "a copy converted to a dtype",
        concat!(
            m!(),
            ".astype(np.int64).sum() + ",
            m!(),
            ".astype(dtype=np.float32)[1, 1]"
        ),
    ),
    shape(
        "ndarray.fill",
        type_fill,
        lower_fill,
        &[required("self"), required("value")],
        "sets every element to a value",
        "a = np.zeros(n)\na.fill(x)\na.sum()",
    ),
    shape(
        "np.concatenate",
        type_concatenate,
        lower_concatenate,
        &[required("arrays")],
        "a tuple of arrays joined along the first axis",
        concat!(
            "np.concatenate((np.arange(n), np.arange(x, n))).sum() + np.concatenate((",
            m!(),
            ", ",
            m!(),
            "))[3, 1]"
        ),
    ),
    shape(
        "np.triu",
        type_triangle,
        lower_triangle,
        &[required("m"), keyword("k", "0")],
        "upper triangle of a matrix from diagonal `k`",
        concat!(
            "np.triu(",
            m!(),
            ").sum() + np.triu(np.ones((n, n)), 1).sum() + np.triu(",
            m!(),
            ", k=-1)[1, 0]"
        ),
    ),
    shape(
        "np.tril",
        type_triangle,
        lower_triangle,
        &[required("m"), keyword("k", "0")],
        "lower triangle of a matrix from diagonal `k`",
        concat!(
            "np.tril(",
            m!(),
            ").sum() + np.tril(np.ones((n, n)), -1).sum() + np.tril(",
            m!(),
            ", k=1)[0, 1]"
        ),
    ),
];

// Typing rules.

/// `np.transpose`: the layout flips between C and F.
pub(crate) fn type_transpose(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    Ok({
        let Some((e, r, l)) = array_parts(inf.ctx, types[0]) else {
            return Err(c.bad(inf));
        };
        let l = match l {
            ArrayLayout::C if r > 1 => ArrayLayout::F,
            ArrayLayout::F if r > 1 => ArrayLayout::C,
            l => l,
        };
        array(inf.ctx, e, r, l)
    })
}

/// `a.ravel()`, `a.flatten()`: a vector.
pub(crate) fn type_flat(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    Ok({
        let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
            return Err(c.bad(inf));
        };
        array(inf.ctx, e, 1, ArrayLayout::C)
    })
}

/// `a.astype(dtype)`.
pub(crate) fn type_astype(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    Ok({
        let Some((_, r, _)) = array_parts(inf.ctx, types[0]) else {
            return Err(c.bad(inf));
        };
        let d = c.arg("dtype").ok_or_else(|| c.bad(inf))?;
        let e = dtype_of(inf, op, d)?;
        array(inf.ctx, e, r, ArrayLayout::C)
    })
}

/// `a.reshape(shape)`.
pub(crate) fn type_reshape(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    Ok({
        let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
            return Err(c.bad(inf));
        };
        let rank = if types.len() == 2 {
            shape_rank(inf, op, types[1])?
        } else {
            (types.len() - 1) as u32
        };
        array(inf.ctx, e, rank, ArrayLayout::C)
    })
}

/// `np.triu`, `np.tril`: the upper (lower) triangle of a matrix from diagonal `k`, zeros elsewhere.
pub(crate) fn type_triangle(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    Ok({
        // The upper (lower) triangle of a matrix from diagonal `k`, zeros elsewhere.
        c.arity(inf, 1, 2)?;
        if c.arg("k").is_some_and(|k| !is_int(inf.ctx, inf.ty(k))) {
            return Err(c.bad(inf).with_note("k is an integer"));
        }
        match array_parts(inf.ctx, types[0]) {
            Some((e, 2, _)) => array(inf.ctx, e, 2, ArrayLayout::C),
            _ => return Err(c.bad(inf).with_note("np.triu/np.tril take a 2-D array")),
        }
    })
}

/// `np.concatenate(arrays)`: a tuple of arrays of one rank, joined along the first axis.
pub(crate) fn type_concatenate(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    Ok({
        // A tuple of arrays of one rank, joined along the first axis (the dtypes promote).
        c.arity(inf, 1, 1)?;
        let tuple_note = "give a tuple of arrays: np.concatenate((a, b))";
        let items = match inf.ctx.type_kind(types[0]) {
            TypeKind::Tuple(items) => items.clone(),
            _ => return Err(c.bad(inf).with_note(tuple_note)),
        };
        let parts: Vec<_> = items.iter().map(|t| array_parts(inf.ctx, *t)).collect();
        let Some(Some((first, rank, _))) = parts.first().copied() else {
            return Err(c.bad(inf).with_note(tuple_note));
        };
        let mut e = first;
        for part in &parts {
            match part {
                Some((pe, r, _)) if *r == rank => e = rules::promote_dtypes(inf.ctx, e, *pe),
                _ => {
                    return Err(c
                        .bad(inf)
                        .with_note("the arrays must have the same number of dimensions"))
                }
            }
        }
        array(inf.ctx, e, rank, ArrayLayout::C)
    })
}

/// `a.fill(value)`: nothing.
pub(crate) fn type_fill(inf: &mut Inference<'_>, _: &Call) -> TResult<Type> {
    Ok(inf.ctx.intern_type(TypeKind::None))
}

// Lowerings.

/// `np.concatenate(arrays)`.
pub(crate) fn lower_concatenate(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    let args = &call.args;
    Ok(L::V({
        let L::Tuple(items) = args[0].clone() else {
            return Err(not_yet(c.e.ctx, op, "np.concatenate of this value"));
        };
        let arrays = items
            .iter()
            .map(|item| match item {
                L::V(v) if c.e.ctx.type_kind(c.e.ctx.value_type(*v)).is_shaped() => Ok(*v),
                _ => Err(not_yet(c.e.ctx, op, "np.concatenate of these items")),
            })
            .collect::<CResult<Vec<Value>>>()?;
        c.concatenated(&arrays, elem, &loc)?
    }))
}

/// `a.reshape(shape)` and `a.ravel()`.
pub(crate) fn lower_reshape(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let args = &call.args;
    let operands = &call.operands;
    Ok(L::V({
        // A view of a C-contiguous array with new sizes and C strides, as NumPy's
        // (Numba too refuses other layouts: a copy would not alias as NumPy's view does).
        let src = call.array(c, 0)?;
        let layout = match c.e.ctx.type_kind(c.e.ctx.value_type(operands[0])) {
            TypeKind::PyArray { layout, .. } => *layout,
            _ => ArrayLayout::A,
        };
        if layout != ArrayLayout::C {
            return Err(not_yet(
                        c.e.ctx,
                        op,
                        &format!("`.{f}()` of an array not known to be C-contiguous (copy it first, or use .flatten())"),
                    ));
        }
        let sizes = match f {
            "ravel" => vec![c.element_count(src, &loc)],
            _ => {
                let items: Vec<L> = match &args[1..] {
                    [L::Tuple(items)] => items.clone(),
                    items => items.to_vec(),
                };
                let sizes = c.scalar_values(op, &items, "this shape")?;
                let n = c.element_count(src, &loc);
                c.reshaped_sizes(&sizes, n, &loc)
            }
        };
        c.c_order_view(src, &sizes, &loc)
    }))
}

/// `a.flatten()`.
pub(crate) fn lower_flatten(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    Ok(L::V({
        // A copy in C order, whatever the layout.
        let src = call.array(c, 0)?;
        let copy = c.map_arrays(&[L::V(src)], elem, &loc, &mut |_, xs| Ok(xs[0]))?;
        let n = c.element_count(copy, &loc);
        c.c_order_view(copy, &[n], &loc)
    }))
}

/// `np.triu` and `np.tril`.
pub(crate) fn lower_triangle(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let elem = call.elem;
    Ok(L::V({
        // Elements with `column - row >= k` (triu) or `<= k` (tril) kept, others 0.
        let src = call.array(c, 0)?;
        let i64t = c.e.ctx.i64();
        let k = match call.argument(c, "k") {
            Some(L::V(k)) => c.e.coerce(k, i64t, &loc),
            Some(_) => return Err(not_yet(c.e.ctx, op, "this k")),
            None => c.e.const_int(0, i64t, &loc),
        };
        let sizes = c.e.sizes(src, &loc);
        let rows = c.iota(&sizes, 0, &loc);
        let columns = c.iota(&sizes, 1, &loc);
        let keep = if f == "triu" { "sge" } else { "sle" };
        let inputs = [L::V(src), L::V(rows), L::V(columns)];
        c.map_arrays(&inputs, elem, &loc, &mut |s, xs| {
            let offset = s.e.binary(&arith::SUBI, xs[2], xs[1], &loc);
            let kept = s.e.cmp(&arith::CMPI, keep, offset, k, &loc);
            let x = s.e.coerce(xs[0], elem, &loc);
            let zero = s.e.zero_of(elem, 0.0, &loc);
            Ok(s.e.select(kept, x, zero, &loc))
        })?
    }))
}

/// `np.transpose(a)`, `a.transpose()`.
pub(crate) fn lower_transpose(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    Ok(L::V(c.transposed(call.array(c, 0)?, &loc)))
}

/// `a.fill(value)`.
pub(crate) fn lower_fill(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let _elem = call.elem;
    let args = &call.args;
    let dst = call.array(c, 0)?;
    let L::V(v) = args[1] else {
        return Err(not_yet(c.e.ctx, op, "this fill value"));
    };
    let elem = c.e.element_type(dst);
    let v = c.e.coerce(v, elem, &loc);
    let shape = c.e.sizes(dst, &loc);
    c.loop_nest(&shape, &loc, &mut |s, ivs| {
        s.e.store_at(v, dst, ivs, &loc);
        Ok(())
    })?;
    return Ok(L::None);
}

/// `a.astype(dtype)`: NumPy's unsafe cast of each element (floats truncate toward zero).
pub(crate) fn lower_astype(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let (loc, elem) = (call.loc.clone(), call.elem);
    let mut apply = |s: &mut Converter<'_>, xs: &[Value]| -> CResult<Value> {
        Ok(s.e.coerce(xs[0], elem, &loc))
    };
    let inputs = [call.args[0].clone()];
    Ok(L::V(c.elementwise_call(
        op, &inputs, elem, call.rt, &loc, &mut apply,
    )?))
}
