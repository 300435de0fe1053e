//! NumPy's array creation functions, and its dtypes called as conversions.

use blackbird_dialects::ir::{ArrayLayout, Location, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, math, tensor};

use super::{keyword, optional, required, Callable, Param};
use crate::conversion::emit;
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{not_yet, CResult, Converter, L};
use crate::transforms::infer_types::builtins::{dtype_or, shape_rank, Call};
use crate::transforms::infer_types::rules::{array, array_parts, is_int, is_number};
use crate::transforms::infer_types::{Inference, TResult};

use super::runs as creation;

const SHAPE: &[Param] = &[required("shape"), keyword("dtype", "float64")];
const LIKE: &[Param] = &[required("a"), keyword("dtype", "None")];
const X: &[Param] = &[required("x")];

pub const CALLABLES: &[Callable] = &[
    creation(
        "np.zeros", type_new_array, lower_new_array,
        SHAPE,
        "new array of zeros",
        "np.zeros((n, 2)).sum() + np.zeros(n, np.int32).size + np.zeros(n, dtype=np.bool_).sum()",
    ),
    creation(
        "np.ones", type_new_array, lower_new_array,
        SHAPE,
        "new array of ones",
        "np.ones((n, 2)).sum() + np.ones(n, dtype=np.int8).sum()",
    ),
    creation(
        "np.empty", type_new_array, lower_new_array,
        SHAPE,
        "new array, uninitialized",
        "np.empty((n, 3)).size + np.empty(n, dtype=np.int64).size",
    ),
    creation(
        "np.full", type_full, lower_new_array,
        &[
            required("shape"),
            required("fill_value"),
            keyword("dtype", "None"),
        ],
        "new array of one value",
        "np.full((2, n), x).sum() + np.full(n, 3, dtype=np.float32).sum()",
    ),
    creation(
        "np.arange", type_arange, lower_arange,
        &[
            required("start"),
            optional("stop", "None"),
            optional("step", "1"),
            keyword("dtype", "None"),
        ],
        "evenly spaced values in `[start, stop)`",
        "np.arange(x, n, 0.5).sum() + np.arange(n).sum() + np.arange(n, dtype=np.float64).sum()",
    ),
    creation(
        "np.linspace", type_linspace, lower_linspace,
        &[
            required("start"),
            required("stop"),
            required("num"),
            keyword("dtype", "None"),
        ],
        "`num` evenly spaced values from `start` to `stop`",
        "np.linspace(0.0, x, n).sum() + np.linspace(1, n, 7).sum()",
    ),
    creation(
        "np.eye", type_eye, lower_eye,
        &[
            required("N"),
            keyword("M", "None"),
            keyword("k", "0"),
            keyword("dtype", "float64"),
        ],
        "matrix with ones on a diagonal",
        "np.eye(n).sum() + np.eye(n, 3).sum() + np.eye(n, k=1).sum() + np.eye(n, M=2, dtype=np.int64).sum()",
    ),
    creation(
        "np.zeros_like", type_like, lower_new_array_like,
        LIKE,
        "zeros shaped as an array",
        "np.zeros_like(np.arange(x, n)).sum() + np.zeros_like(np.arange(n), dtype=np.float64).size",
    ),
    creation(
        "np.ones_like", type_like, lower_new_array_like,
        LIKE,
        "ones shaped as an array",
        "np.ones_like(np.arange(x, n)).sum() + np.ones_like(np.arange(n), dtype=np.int8).sum()",
    ),
    creation(
        "np.empty_like", type_like, lower_new_array_like,
        LIKE,
        "uninitialized, shaped as an array",
        "np.empty_like(np.arange(x, n)).size",
    ),
    creation(
        "np.full_like", type_like, lower_new_array_like,
        &[
            required("a"),
            required("fill_value"),
            keyword("dtype", "None"),
        ],
        "one value, shaped as an array",
        "np.full_like(np.arange(n), 3).sum() + np.full_like(np.arange(n), x, dtype=np.float64).sum()",
    ),
    creation(
        "np.copy", type_like, lower_copy,
        &[required("a")],
        "copy of an array",
        "np.copy(np.arange(x, n).reshape(2, 2).T)[0, 1]",
    ),
    creation(
        "ndarray.copy", type_like, lower_c_copy,
        &[required("self")],
        "copy of the array",
        "np.arange(x, n).copy().sum()",
    ),
    creation(
        "np.asarray", type_asarray, lower_asarray,
        LIKE,
        "the array itself (a converted copy in another dtype)",
        "np.asarray(np.arange(x, n)).sum() + np.asarray(np.arange(n), dtype=np.float32).sum()",
    ),
    creation(
        "np.array", type_like, lower_copy,
        &[required("object"), keyword("dtype", "None")],
        "a copy of an array (in `dtype`)",
        "np.array(np.arange(x, n).reshape(2, 2).T)[0, 1] + np.array(np.arange(n), np.float32).sum()",
    ),
    creation(
        "np.ascontiguousarray", type_like, lower_ascontiguousarray,
        LIKE,
        "the array itself when C-contiguous, else a C-contiguous copy",
        "np.ascontiguousarray(np.arange(x, n).reshape(2, 2).T)[0, 1]",
    ),
    creation("np.float64", type_scalar_cast, lower_scalar_cast, X, "conversion to float64", "np.float64(n) + np.float64(x)"),
    creation("np.float32", type_scalar_cast, lower_scalar_cast, X, "conversion to float32", "np.float32(x) + np.float32(n)"),
    creation("np.int64", type_scalar_cast, lower_scalar_cast, X, "conversion to int64", "np.int64(x * n) + np.int64(n)"),
    creation("np.int32", type_scalar_cast, lower_scalar_cast, X, "conversion to int32", "np.int32(x * n) + np.int32(-n)"),
    creation("np.int16", type_scalar_cast, lower_scalar_cast, X, "conversion to int16", "np.int16(x * n) + np.int16(-n)"),
    creation("np.int8", type_scalar_cast, lower_scalar_cast, X, "conversion to int8", "np.int8(x * n) + np.int8(-n)"),
    creation("np.bool_", type_scalar_cast, lower_scalar_cast, X, "conversion to a boolean", "int(np.bool_(x)) + 2 * int(np.bool_(n - 4))"),
];

// Typing rules.

/// `np.zeros`, `np.ones`, `np.empty` (and CUDA's shared and local arrays): float64 unless `dtype`.
pub(crate) fn type_new_array(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    let f64t = inf.ctx.f64();
    c.arity(inf, 1, 2)?;
    let rank = shape_rank(inf, op, types[0])?;
    Ok(array(
        inf.ctx,
        dtype_or(inf, c, f64t)?,
        rank,
        ArrayLayout::C,
    ))
}

/// `np.full(shape, value, dtype=None)`.
pub(crate) fn type_full(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    c.arity(inf, 2, 3)?;
    let rank = shape_rank(inf, op, types[0])?;
    Ok(array(
        inf.ctx,
        dtype_or(inf, c, types[1])?,
        rank,
        ArrayLayout::C,
    ))
}

/// `np.eye(N, M=None, k=0, dtype=float64)`.
pub(crate) fn type_eye(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let f64t = inf.ctx.f64();
    let dims = ["N", "M", "k"].into_iter().filter_map(|p| c.arg(p));
    if !dims.into_iter().all(|v| is_int(inf.ctx, inf.ty(v))) {
        return Err(c
            .bad(inf)
            .with_note("np.eye(N, M=None, k=0) takes integers"));
    }
    Ok(array(inf.ctx, dtype_or(inf, c, f64t)?, 2, ArrayLayout::C))
}

/// `np.arange`: int64 from integers, else float64, unless `dtype`.
pub(crate) fn type_arange(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let i64t = inf.ctx.i64();
    let f64t = inf.ctx.f64();
    c.arity(inf, 1, 3)?;
    if !types.iter().all(|t| is_number(inf.ctx, *t)) {
        return Err(c.bad(inf));
    }
    let ints = types.iter().all(|t| is_int(inf.ctx, *t));
    let elem = dtype_or(inf, c, if ints { i64t } else { f64t })?;
    Ok(array(inf.ctx, elem, 1, ArrayLayout::C))
}

/// `np.linspace(start, stop, num)`.
pub(crate) fn type_linspace(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let f64t = inf.ctx.f64();
    c.arity(inf, 3, 3)?;
    if !types.iter().all(|t| is_number(inf.ctx, *t)) || !is_int(inf.ctx, types[2]) {
        return Err(c.bad(inf));
    }
    Ok(array(inf.ctx, dtype_or(inf, c, f64t)?, 1, ArrayLayout::C))
}

/// An array shaped as another (`np.zeros_like`, `np.copy`, ...), of its dtype unless `dtype`.
pub(crate) fn type_like(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let (e, r) = match (array_parts(inf.ctx, types[0]), inf.ctx.type_kind(types[0])) {
        (Some((e, r, _)), _) => (e, r),
        // A list of numbers (`np.array([1.0, x])`): a vector of its elements.
        (None, TypeKind::PyList(e)) => (*e, 1),
        _ => return Err(c.bad(inf)),
    };
    Ok(array(inf.ctx, dtype_or(inf, c, e)?, r, ArrayLayout::C))
}

/// `np.asarray(a, dtype=None)`: `a`'s own type when the dtype is its own (the result is `a`),
/// else a C-contiguous array of `dtype`.
pub(crate) fn type_asarray(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let Some((e, r, _)) = array_parts(inf.ctx, types[0]) else {
        // A list of numbers: a new vector, as `np.array`.
        return type_like(inf, c);
    };
    let dtype = dtype_or(inf, c, e)?;
    Ok(match dtype == e {
        true => types[0],
        false => array(inf.ctx, dtype, r, ArrayLayout::C),
    })
}

/// A NumPy dtype called on a number or an array.
pub(crate) fn type_scalar_cast(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let f = c.fname.as_str();
    c.arity(inf, 1, 1)?;
    let t = blackbird_dtype(inf, f).ok_or_else(|| c.bad(inf))?;
    Ok(match array_parts(inf.ctx, types[0]) {
        Some((_, r, _)) => array(inf.ctx, t, r, ArrayLayout::C),
        None if is_number(inf.ctx, types[0]) => t,
        None => return Err(c.bad(inf)),
    })
}

// Lowerings.

/// `np.zeros`, `np.ones`, `np.empty`, `np.full`: a new array of a shape.
pub(crate) fn lower_new_array(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let elem = call.elem;
    let args = &call.args;
    let shape = c.shape_arg(op, &args[0], &loc)?;
    let value = match f {
        "zeros" => Some(c.e.zero_of(elem, 0.0, &loc)),
        "ones" => Some(c.e.zero_of(elem, 1.0, &loc)),
        "full" => match &args[1] {
            L::V(v) => Some(c.e.coerce(*v, elem, &loc)),
            _ => return Err(not_yet(c.e.ctx, op, "this fill value")),
        },
        _ => None,
    };
    Ok(L::V(c.created(value, elem, &shape, &loc)))
}

/// `np.zeros_like`, `np.ones_like`, `np.empty_like`, `np.full_like`: a new array shaped as another.
pub(crate) fn lower_new_array_like(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let elem = call.elem;
    let args = &call.args;
    let src = call.array(c, 0)?;
    let shape = c.e.sizes(src, &loc);
    let value = match f {
        "zeros_like" => Some(c.e.zero_of(elem, 0.0, &loc)),
        "ones_like" => Some(c.e.zero_of(elem, 1.0, &loc)),
        "full_like" => {
            let L::V(v) = args[1] else {
                return Err(not_yet(c.e.ctx, op, "this fill value"));
            };
            Some(c.e.coerce(v, elem, &loc))
        }
        _ => None,
    };
    Ok(L::V(c.created(value, elem, &shape, &loc)))
}

/// `np.asarray(a)`: `a` itself, as NumPy returns it (writes through the result are writes to
/// `a`), or a converted copy when `dtype` is another.
pub(crate) fn lower_asarray(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let source = c.e.ctx.value_type(c.e.ctx.operand(op, 0));
    if matches!(c.e.ctx.type_kind(source), TypeKind::PyList(_)) {
        return lower_copy(c, op);
    }
    let call = NumpyCall::new(c, op)?;
    let src = call.array(c, 0)?;
    let src_elem = c.e.ctx.type_kind(c.e.ctx.value_type(src)).element_type();
    match src_elem == Some(call.elem) {
        true => Ok(call.args[0].clone()),
        false => lower_copy(c, op),
    }
}

/// `np.copy`, `a.copy()`, `np.array(a)`, `np.ascontiguousarray`, `np.asarray` in another dtype:
/// a C-contiguous copy.
pub(crate) fn lower_copy(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    // A map reading the source: a later expression on the copy fuses with it.
    let src = call.array(c, 0)?;
    Ok(L::V(c.map_arrays(
        &[L::V(src)],
        elem,
        &loc,
        &mut |s, xs| Ok(s.e.coerce(xs[0], elem, &loc)),
    )?))
}

/// `a.copy()`, `np.ascontiguousarray(a)`: a copy NumPy lays out in C order whatever `a`'s
/// layout (the other copies keep `a`'s memory order, NumPy's `order='K'`), marked so when
/// that differs (see `tensor.materialize`).
pub(crate) fn lower_c_copy(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let source = NumpyCall::new(c, op)?.operands[0];
    let keeps_order = match c.e.ctx.type_kind(c.e.ctx.value_type(source)) {
        TypeKind::PyArray { rank, layout, .. } => *rank <= 1 || *layout == ArrayLayout::C,
        _ => true,
    };
    let copy = lower_copy(c, op)?;
    if let L::V(buffer) = &copy {
        let sink = c.e.ctx.defining_op(*buffer);
        if let Some(sink) = sink.filter(|s| !keeps_order && c.e.ctx.is_op(*s, &tensor::MATERIALIZE))
        {
            tensor::materialize::C_ORDER.set(c.e.ctx, sink, true);
        }
    }
    Ok(copy)
}

/// `np.ascontiguousarray(a)`: `a` itself when it is C-contiguous (as NumPy returns it: writes
/// through the result are writes to `a`), else a copy in C order (in another dtype, always a
/// copy). Known from the type for C arrays and contiguous vectors, decided from the strides
/// at run time otherwise, as Numba does.
pub(crate) fn lower_ascontiguousarray(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let src = call.array(c, 0)?;
    let layout = match c.e.ctx.type_kind(c.e.ctx.value_type(call.operands[0])) {
        TypeKind::PyArray { rank, layout, .. } if *rank <= 1 && *layout != ArrayLayout::A => {
            ArrayLayout::C
        }
        TypeKind::PyArray { layout, .. } => *layout,
        _ => return lower_c_copy(c, op),
    };
    if c.e.element_type(src) != call.elem {
        return lower_c_copy(c, op);
    }
    if layout == ArrayLayout::C {
        return Ok(L::V(src));
    }
    let contiguous = c.e.is_c_contiguous(src, &loc);
    let t = c.e.ctx.value_type(src);
    let mut failed = None;
    let result = emit::if_else(c, contiguous, &[t], &loc, &mut |c, contiguous| {
        if contiguous {
            return vec![src];
        }
        match lower_c_copy(c, op) {
            Ok(L::V(copy)) => vec![copy],
            Ok(_) => unreachable!("a copy is an array"),
            Err(e) => {
                failed = Some(e);
                vec![src]
            }
        }
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(L::V(result[0])),
    }
}

/// `np.arange(stop)`, `(start, stop)`, `(start, stop, step)`.
pub(crate) fn lower_arange(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    let args = &call.args;
    let vals = c.scalar_values(op, args, "this argument")?;
    Ok(L::V(arange(c, op, &vals, elem, &loc)?))
}

/// `np.linspace(start, stop, num)`.
pub(crate) fn lower_linspace(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    let args = &call.args;
    let (L::V(a), L::V(b), L::V(num)) = (args[0].clone(), args[1].clone(), args[2].clone()) else {
        return Err(not_yet(c.e.ctx, op, "these np.linspace arguments"));
    };
    Ok(L::V(linspace(c, a, b, num, elem, &loc)?))
}

/// `np.eye(N, M=None, k=0)`.
pub(crate) fn lower_eye(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    // N, M, k by position or (M, k) by keyword.
    let value = |s: &Converter<'_>, name: &str| match call.argument(s, name) {
        Some(L::V(v)) => Ok(Some(v)),
        None => Ok(None),
        Some(_) => Err(not_yet(s.e.ctx, op, "this np.eye argument")),
    };
    let n = value(c, "N")?.expect("N is required");
    let m = value(c, "M")?;
    let k = value(c, "k")?;
    Ok(L::V(eye(c, n, m, k, elem, &loc)?))
}

/// `np.float64(x)` and the other dtypes called on a scalar.
pub(crate) fn lower_scalar_cast(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let rt = call.rt;
    if c.e.ctx.type_kind(rt).is_shaped() {
        return Err(not_yet(c.e.ctx, op, &format!("`{}`", call.name)));
    }
    // A scalar of that dtype, converted as NumPy converts (floats truncate).
    let L::V(x) = call.args[0] else {
        return Err(not_yet(c.e.ctx, op, "this argument"));
    };
    Ok(L::V(c.e.coerce(x, rt, &loc)))
}

/// `np.arange(stop)`, `(start, stop)` or `(start, stop, step)` as NumPy computes it: with
/// integer arguments `start + i * step`; with floats `ceil((stop - start) / step)`
/// elements `start`, `start + step`, then `start + i * delta` for `delta` the difference
/// of those two (NumPy's fill), in the element type.
fn arange(
    c: &mut Converter<'_>,
    op: OpId,
    vals: &[Value],
    elem: Type,
    loc: &Location,
) -> CResult<Value> {
    let float_args = vals.iter().any(|v| c.e.is_float(c.e.ctx.value_type(*v)));
    if float_args && !c.e.is_float(elem) {
        return Err(not_yet(
            c.e.ctx,
            op,
            "np.arange of floats into an integer dtype",
        ));
    }
    let work = if float_args {
        c.e.ctx.f64()
    } else {
        c.e.ctx.i64()
    };
    let vals: Vec<Value> = vals.iter().map(|v| c.e.coerce(*v, work, loc)).collect();
    let (zero, one) = (c.e.zero_of(work, 0.0, loc), c.e.zero_of(work, 1.0, loc));
    let (start, stop, step) = match vals.len() {
        1 => (zero, vals[0], one),
        2 => (vals[0], vals[1], one),
        _ => (vals[0], vals[1], vals[2]),
    };
    let i64t = c.e.ctx.i64();
    if !float_args {
        let step_is_zero = c.e.cmp(&arith::CMPI, "eq", step, zero, loc);
        c.e.raise_if(step_is_zero, "ZeroDivisionError", "division by zero", loc);
        let step = c.e.select(step_is_zero, one, step, loc);
        let n = c.range_length(start, stop, step, loc);
        return ramp(c, n, start, step, &[], elem, loc);
    }
    let step_is_zero = c.e.cmp(&arith::CMPF, "oeq", step, zero, loc);
    c.e.raise_if(
        step_is_zero,
        "ZeroDivisionError",
        "float division by zero",
        loc,
    );
    let span = c.e.binary(&arith::SUBF, stop, start, loc);
    let quotient = c.e.binary(&arith::DIVF, span, step, loc);
    let count = c.e.value(&math::CEIL, &[quotient], work, loc);
    let unordered = c.e.cmp(&arith::CMPF, "uno", count, count, loc);
    c.e.raise_if(
        unordered,
        "ValueError",
        "arange: cannot compute length",
        loc,
    );
    let limit = c.e.const_float(2f64.powi(62), work, loc);
    let too_big = c.e.cmp(&arith::CMPF, "ogt", count, limit, loc);
    c.e.raise_if(too_big, "ValueError", "Maximum allowed size exceeded", loc);
    let positive = c.e.cmp(&arith::CMPF, "ogt", count, zero, loc);
    let count = c.e.select(positive, count, zero, loc);
    let n = c.e.coerce(count, i64t, loc);
    let first = c.e.coerce(start, elem, loc);
    let second = c.e.binary(&arith::ADDF, start, step, loc);
    let second = c.e.coerce(second, elem, loc);
    let delta = c.e.binary(&arith::SUBF, second, first, loc);
    let (zero, one) = (c.e.const_int(0, i64t, loc), c.e.const_int(1, i64t, loc));
    ramp(
        c,
        n,
        first,
        delta,
        &[(zero, first), (one, second)],
        elem,
        loc,
    )
}

/// A new 1-D array of `n` (i64) elements `start + i * step`, computed in `start`'s type,
/// except that element `k` is `value` for each `(k, value)` of `pins` (the first pin of an
/// index wins), converted to `elem` (floats to integers by their floor, as NumPy 2 fills).
fn ramp(
    c: &mut Converter<'_>,
    n: Value,
    start: Value,
    step: Value,
    pins: &[(Value, Value)],
    elem: Type,
    loc: &Location,
) -> CResult<Value> {
    let work = c.e.ctx.value_type(start);
    let float = c.e.is_float(work);
    let i = c.iota(&[n], 0, loc);
    let t = c.elementwise(&[L::V(i)], elem, loc, &mut |s, xs| {
        let index = s.e.coerce(xs[0], work, loc);
        let (mul, add) = match float {
            true => (&arith::MULF, &arith::ADDF),
            false => (&arith::MULI, &arith::ADDI),
        };
        let off = s.e.binary(mul, index, step, loc);
        let mut x = s.e.binary(add, start, off, loc);
        for (k, value) in pins.iter().rev() {
            let pinned = s.e.cmp(&arith::CMPI, "eq", xs[0], *k, loc);
            x = s.e.select(pinned, *value, x, loc);
        }
        if float && !s.e.is_float(elem) {
            x = s.e.value(&math::FLOOR, &[x], work, loc);
        }
        Ok(s.e.coerce(x, elem, loc))
    })?;
    Ok(c.materialize(t, loc))
}

/// `np.linspace(a, b, num)`: `a + i * (b - a) / (num - 1)` in float64, the first element
/// exactly `a` and the last exactly `b`; an integer dtype takes the floor (NumPy 2).
fn linspace(
    c: &mut Converter<'_>,
    a: Value,
    b: Value,
    num: Value,
    elem: Type,
    loc: &Location,
) -> CResult<Value> {
    let f64t = c.e.ctx.f64();
    let i64t = c.e.ctx.i64();
    let (a, b) = (c.e.coerce(a, f64t, loc), c.e.coerce(b, f64t, loc));
    let n = c.count(num, "Number of samples must be non-negative", loc);
    let zero = c.e.const_int(0, i64t, loc);
    let one = c.e.const_int(1, i64t, loc);
    let n1 = c.e.binary(&arith::SUBI, n, one, loc);
    let last = n1;
    let n1 = c.e.binary(&arith::MAXSI, n1, one, loc);
    let span = c.e.binary(&arith::SUBF, b, a, loc);
    let n1f = c.e.coerce(n1, f64t, loc);
    let step = c.e.binary(&arith::DIVF, span, n1f, loc);
    ramp(c, n, a, step, &[(zero, a), (last, b)], elem, loc)
}

/// `np.eye(n, m, k)`: ones where `column - row == k` (`m` defaults to `n`, `k` to 0).
fn eye(
    c: &mut Converter<'_>,
    n: Value,
    m: Option<Value>,
    k: Option<Value>,
    elem: Type,
    loc: &Location,
) -> CResult<Value> {
    let i64t = c.e.ctx.i64();
    let n = c.array_size(n, loc);
    let m = m.map_or(n, |m| c.array_size(m, loc));
    let k = match k {
        Some(k) => c.e.coerce(k, i64t, loc),
        None => c.e.const_int(0, i64t, loc),
    };
    let rows = c.iota(&[n, m], 0, loc);
    let columns = c.iota(&[n, m], 1, loc);
    let t = c.elementwise(&[L::V(rows), L::V(columns)], elem, loc, &mut |s, xs| {
        let offset = s.e.binary(&arith::SUBI, xs[1], xs[0], loc);
        let diagonal = s.e.cmp(&arith::CMPI, "eq", offset, k, loc);
        let (zero, one) = (s.e.zero_of(elem, 0.0, loc), s.e.zero_of(elem, 1.0, loc));
        Ok(s.e.select(diagonal, one, zero, loc))
    })?;
    Ok(c.materialize(t, loc))
}

/// The element type of the NumPy dtype `name` (`float64`, `int8`, `bool_`), if supported.
fn blackbird_dtype(inf: &mut Inference, name: &str) -> Option<Type> {
    match name {
        "float64" => Some(inf.ctx.f64()),
        "float32" => Some(inf.ctx.f32()),
        "int64" => Some(inf.ctx.i64()),
        "int32" => Some(inf.ctx.int_type(32)),
        "int16" => Some(inf.ctx.int_type(16)),
        "int8" => Some(inf.ctx.int_type(8)),
        "bool_" => Some(inf.ctx.i1()),
        _ => None,
    }
}
