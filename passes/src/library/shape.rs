//! Shape and manipulation: views and copies in another shape or dtype, joins, triangles.

use blackbird_dialects::arith;
use blackbird_dialects::ir::{ArrayLayout, Location, OpId, Type, TypeKind, Value};

use super::{keyword, named, required, variadic, Callable, Param};
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{not_yet, CResult, Converter, L};
use crate::transforms::infer_types::builtins::{dtype_of, shape_rank, Call};
use crate::transforms::infer_types::rules::{self, array, array_parts, is_int};
use crate::transforms::infer_types::{Inference, TResult};

use super::runs as shape;

const SELF: &[Param] = &[required("self")];

/// A 2×3 matrix of floats, for the samples: `[[0.75, 1.75, 2.75], [3.75, 4.75, 5.75]]`.
macro_rules! m {
    () => {
        "np.arange(x, n + 2).reshape(2, 3)"
    };
}

pub const CALLABLES: &[Callable] = &[
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

/// `a.ravel()`, `a.flatten()`: a vector.
pub(crate) fn type_flat(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
        return Err(c.bad(inf));
    };
    Ok(array(inf.ctx, e, 1, ArrayLayout::C))
}

/// `a.astype(dtype)`.
pub(crate) fn type_astype(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    let Some((_, r, _)) = array_parts(inf.ctx, types[0]) else {
        return Err(c.bad(inf));
    };
    let d = c.arg("dtype").ok_or_else(|| c.bad(inf))?;
    let e = dtype_of(inf, op, d)?;
    Ok(array(inf.ctx, e, r, ArrayLayout::C))
}

/// `a.reshape(shape)`.
pub(crate) fn type_reshape(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
        return Err(c.bad(inf));
    };
    let rank = if types.len() == 2 {
        shape_rank(inf, op, types[1])?
    } else {
        (types.len() - 1) as u32
    };
    Ok(array(inf.ctx, e, rank, ArrayLayout::C))
}

/// `np.triu`, `np.tril`: the upper (lower) triangle of a matrix from diagonal `k`, zeros elsewhere.
pub(crate) fn type_triangle(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    // The upper (lower) triangle of a matrix from diagonal `k`, zeros elsewhere.
    c.arity(inf, 1, 2)?;
    if c.arg("k").is_some_and(|k| !is_int(inf.ctx, inf.ty(k))) {
        return Err(c.bad(inf).with_note("k is an integer"));
    }
    Ok(match array_parts(inf.ctx, types[0]) {
        Some((e, 2, _)) => array(inf.ctx, e, 2, ArrayLayout::C),
        _ => return Err(c.bad(inf).with_note("np.triu/np.tril take a 2-D array")),
    })
}

/// `np.concatenate(arrays)`: a tuple of arrays of one rank, joined along the first axis.
pub(crate) fn type_concatenate(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
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
    Ok(array(inf.ctx, e, rank, ArrayLayout::C))
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
    Ok(L::V(concatenated(c, &arrays, elem, &loc)?))
}

/// `a.reshape(shape)` and `a.ravel()`.
pub(crate) fn lower_reshape(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let args = &call.args;
    let operands = &call.operands;
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
            reshaped_sizes(c, &sizes, n, &loc)
        }
    };
    Ok(L::V(c_order_view(c, src, &sizes, &loc)))
}

/// `a.flatten()`.
pub(crate) fn lower_flatten(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    // A copy in C order, whatever the layout.
    let src = call.array(c, 0)?;
    let copy = c.map_arrays(&[L::V(src)], elem, &loc, &mut |_, xs| Ok(xs[0]))?;
    let n = c.element_count(copy, &loc);
    Ok(L::V(c_order_view(c, copy, &[n], &loc)))
}

/// `np.triu` and `np.tril`.
pub(crate) fn lower_triangle(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let elem = call.elem;
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
    Ok(L::V(c.map_arrays(&inputs, elem, &loc, &mut |s, xs| {
        let offset = s.e.binary(&arith::SUBI, xs[2], xs[1], &loc);
        let kept = s.e.cmp(&arith::CMPI, keep, offset, k, &loc);
        let x = s.e.coerce(xs[0], elem, &loc);
        let zero = s.e.zero_of(elem, 0.0, &loc);
        Ok(s.e.select(kept, x, zero, &loc))
    })?))
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
    Ok(L::None)
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

/// `np.concatenate(arrays)` along the first axis into a new array of `elem`: each array
/// copied in turn below the previous ones. ValueError when the other sizes differ.
fn concatenated(
    c: &mut Converter<'_>,
    arrays: &[Value],
    elem: Type,
    loc: &Location,
) -> CResult<Value> {
    let i64t = c.e.ctx.i64();
    let shapes: Vec<Vec<Value>> = arrays.iter().map(|a| c.e.sizes(*a, loc)).collect();
    let mut rows = c.e.const_int(0, i64t, loc);
    for shape in &shapes {
        rows = c.e.binary(&arith::ADDI, rows, shape[0], loc);
        for (d, (n, first)) in shape.iter().zip(&shapes[0]).enumerate().skip(1) {
            let differ = c.e.cmp(&arith::CMPI, "ne", *n, *first, loc);
            let message = format!(
                "all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d} they differ"
            );
            c.e.raise_if(differ, "ValueError", &message, loc);
        }
    }
    let mut sizes = shapes[0].clone();
    sizes[0] = rows;
    let out = c.created(None, elem, &sizes, loc);
    let mut start = c.e.const_int(0, i64t, loc);
    for (array, shape) in arrays.iter().zip(&shapes) {
        // Compiled code runs on after a raise: copy only the rows the output has.
        let mut shape = shape.clone();
        let room = c.e.binary(&arith::SUBI, rows, start, loc);
        shape[0] = c.e.binary(&arith::MINSI, shape[0], room, loc);
        for (d, size) in shape.iter_mut().enumerate().skip(1) {
            *size = c.e.binary(&arith::MINSI, *size, sizes[d], loc);
        }
        let offset = start;
        c.loop_nest(&shape, loc, &mut |s, ivs| {
            let x = s.e.load_at(*array, ivs, loc);
            let x = s.e.coerce(x, elem, loc);
            let mut at = ivs.to_vec();
            at[0] = s.e.binary(&arith::ADDI, ivs[0], offset, loc);
            s.e.store_at(x, out, &at, loc);
            Ok(())
        })?;
        start = c.e.binary(&arith::ADDI, start, shape[0], loc);
    }
    Ok(out)
}

/// The sizes `a.reshape(sizes)` asks of an array of `n` elements: one `-1` stands for the
/// rest. ValueError when they hold another number of elements (then the view is empty).
fn reshaped_sizes(c: &mut Converter<'_>, sizes: &[Value], n: Value, loc: &Location) -> Vec<Value> {
    let i64t = c.e.ctx.i64();
    let (zero, one) = (c.e.const_int(0, i64t, loc), c.e.const_int(1, i64t, loc));
    let minus_one = c.e.const_int(-1, i64t, loc);
    let sizes: Vec<Value> = sizes.iter().map(|v| c.e.coerce(*v, i64t, loc)).collect();
    // The product of the given sizes, a -1 counted as 1.
    let mut known = one;
    for size in &sizes {
        let wildcard = c.e.cmp(&arith::CMPI, "eq", *size, minus_one, loc);
        let factor = c.e.select(wildcard, one, *size, loc);
        known = c.e.binary(&arith::MULI, known, factor, loc);
    }
    let nonzero = c.e.cmp(&arith::CMPI, "ne", known, zero, loc);
    let divisor = c.e.select(nonzero, known, one, loc);
    let rest = c.e.binary(&arith::DIVSI, n, divisor, loc);
    let sizes: Vec<Value> = sizes
        .iter()
        .map(|size| {
            let wildcard = c.e.cmp(&arith::CMPI, "eq", *size, minus_one, loc);
            c.e.select(wildcard, rest, *size, loc)
        })
        .collect();
    let mut total = one;
    let i1 = c.e.ctx.i1();
    let mut negative = c.e.const_int(0, i1, loc);
    for size in &sizes {
        total = c.e.binary(&arith::MULI, total, *size, loc);
        let below = c.e.cmp(&arith::CMPI, "slt", *size, zero, loc);
        negative = c.e.binary(&arith::ORI, negative, below, loc);
    }
    let differs = c.e.cmp(&arith::CMPI, "ne", total, n, loc);
    let bad = c.e.binary(&arith::ORI, differs, negative, loc);
    let message = "cannot reshape the array into the requested shape (another number of elements, or more than one -1)";
    c.e.raise_if(bad, "ValueError", message, loc);
    // Compiled code runs on after a raise: an empty view then.
    sizes
        .iter()
        .map(|size| c.e.select(bad, zero, *size, loc))
        .collect()
}

/// A view of the C-contiguous array `src` (its elements from its offset on) with `sizes`
/// (i64) and C strides.
fn c_order_view(c: &mut Converter<'_>, src: Value, sizes: &[Value], loc: &Location) -> Value {
    let index = c.e.ctx.index();
    let (offset, _, _) = c.e.metadata(src, loc);
    let sizes: Vec<Value> = sizes
        .iter()
        .map(|v| c.e.value(&arith::INDEX_CAST, &[*v], index, loc))
        .collect();
    let mut strides = vec![c.e.const_int(1, index, loc); sizes.len()];
    for d in (0..sizes.len().saturating_sub(1)).rev() {
        strides[d] = c.e.binary(&arith::MULI, strides[d + 1], sizes[d + 1], loc);
    }
    c.make_view(src, offset, &sizes, &strides, loc)
}
