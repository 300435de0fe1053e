//! Reductions: of a whole array to a scalar, or along an axis; running sums and products.

use blackbird_dialects::ir::{ArrayLayout, Location, MemLayout, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, math, py};

use super::{keyword, required, Callable, Lowering, Param, Sample, Typing};
use crate::conversion::emit;
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{not_yet, CResult, Converter, L};
use crate::transforms::infer_types::builtins::{sum_type, Call};
use crate::transforms::infer_types::rules::{array, array_parts, float_result, is_number};
use crate::transforms::infer_types::{error, Inference, TResult};

const fn reduction(
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

/// `np.f(a, axis=None)`.
const AXIS: &[Param] = &[required("a"), keyword("axis", "None")];
/// `a.f(axis=None)`.
const METHOD_AXIS: &[Param] = &[required("self"), keyword("axis", "None")];
const A: &[Param] = &[required("a")];
const SELF: &[Param] = &[required("self")];

/// A 2×3 matrix of floats, for the samples: `[[0.75, 1.75, 2.75], [3.75, 4.75, 5.75]]`.
macro_rules! m {
    () => {
        "np.arange(x, n + 2).reshape(2, 3)"
    };
}

pub const CALLABLES: &[Callable] = &[
    reduction(
        "np.sum",
        type_reduction,
        lower_sum,
        AXIS,
        "sum of the elements (along `axis`)",
        concat!(
            "np.sum(",
            m!(),
            ") + np.sum(",
            m!(),
            ", axis=1)[1] + np.sum(",
            m!(),
            ", 0)[2]"
        ),
    ),
    reduction(
        "ndarray.sum",
        type_reduction,
        lower_sum,
        METHOD_AXIS,
        "sum of the elements (along `axis`)",
        concat!(
            m!(),
            ".sum() + ",
            m!(),
            ".sum(axis=0)[1] + (",
            m!(),
            " > 2).sum()"
        ),
    ),
    reduction(
        "np.prod",
        type_reduction,
        lower_sum,
        AXIS,
        "product of the elements (along `axis`)",
        concat!("np.prod(", m!(), ") + np.prod(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "ndarray.prod",
        type_reduction,
        lower_sum,
        METHOD_AXIS,
        "product of the elements (along `axis`)",
        concat!(m!(), ".prod() + ", m!(), ".prod(axis=1)[0]"),
    ),
    reduction(
        "np.min",
        type_reduction,
        lower_extreme,
        AXIS,
        "smallest element (along `axis`)",
        concat!("np.min(", m!(), ") + np.min(", m!(), ", axis=1)[1]"),
    ),
    reduction(
        "ndarray.min",
        type_reduction,
        lower_extreme,
        METHOD_AXIS,
        "smallest element (along `axis`)",
        concat!(m!(), ".min() + ", m!(), ".min(axis=0)[2]"),
    ),
    reduction(
        "np.max",
        type_reduction,
        lower_extreme,
        AXIS,
        "largest element (along `axis`)",
        concat!("np.max(", m!(), ") + np.max(", m!(), ", axis=1)[0]"),
    ),
    reduction(
        "ndarray.max",
        type_reduction,
        lower_extreme,
        METHOD_AXIS,
        "largest element (along `axis`)",
        concat!(m!(), ".max() + ", m!(), ".max(axis=0)[1]"),
    ),
    reduction(
        "np.amin",
        type_reduction,
        lower_extreme,
        AXIS,
        "smallest element (along `axis`)",
        concat!("np.amin(", m!(), ") + np.amin(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "np.amax",
        type_reduction,
        lower_extreme,
        AXIS,
        "largest element (along `axis`)",
        concat!("np.amax(", m!(), ") + np.amax(", m!(), ", axis=1)[1]"),
    ),
    reduction(
        "np.mean",
        type_reduction,
        lower_sum,
        AXIS,
        "mean of the elements (along `axis`)",
        concat!("np.mean(", m!(), ") + np.mean(", m!(), ", axis=1)[1]"),
    ),
    reduction(
        "ndarray.mean",
        type_reduction,
        lower_sum,
        METHOD_AXIS,
        "mean of the elements (along `axis`)",
        concat!(m!(), ".mean() + ", m!(), ".mean(axis=0)[2]"),
    ),
    reduction(
        "np.var",
        type_reduction,
        lower_variance,
        AXIS,
        "variance of the elements (along `axis`)",
        concat!("np.var(", m!(), ") + np.var(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "ndarray.var",
        type_reduction,
        lower_variance,
        METHOD_AXIS,
        "variance of the elements (along `axis`)",
        concat!(m!(), ".var() + ", m!(), ".var(axis=1)[0]"),
    ),
    reduction(
        "np.std",
        type_reduction,
        lower_variance,
        AXIS,
        "standard deviation of the elements (along `axis`)",
        concat!("np.std(", m!(), ") + np.std(", m!(), ", axis=1)[1]"),
    ),
    reduction(
        "ndarray.std",
        type_reduction,
        lower_variance,
        METHOD_AXIS,
        "standard deviation of the elements (along `axis`)",
        concat!(m!(), ".std() + ", m!(), ".std(axis=0)[0]"),
    ),
    reduction(
        "np.argmin",
        type_reduction,
        lower_arg_extreme,
        AXIS,
        "position of the smallest element (in C order, or along `axis`)",
        concat!("np.argmin(-", m!(), ") + np.argmin(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "ndarray.argmin",
        type_reduction,
        lower_arg_extreme,
        METHOD_AXIS,
        "position of the smallest element (in C order, or along `axis`)",
        concat!("(-", m!(), ").argmin() + ", m!(), ".argmin(axis=1)[1]"),
    ),
    reduction(
        "np.argmax",
        type_reduction,
        lower_arg_extreme,
        AXIS,
        "position of the largest element (in C order, or along `axis`)",
        concat!("np.argmax(", m!(), ") + np.argmax(-", m!(), ", axis=1)[0]"),
    ),
    reduction(
        "ndarray.argmax",
        type_reduction,
        lower_arg_extreme,
        METHOD_AXIS,
        "position of the largest element (in C order, or along `axis`)",
        concat!(m!(), ".argmax() + (-", m!(), ").argmax(axis=0)[2]"),
    ),
    reduction(
        "np.any",
        type_truth,
        lower_truth,
        A,
        "whether any element is true",
        concat!(
            "int(np.any(",
            m!(),
            " > 5)) + 2 * int(np.any(",
            m!(),
            " > 6)) + 4 * int(np.any(x))"
        ),
    ),
    reduction(
        "ndarray.any",
        type_truth,
        lower_truth,
        SELF,
        "whether any element is true",
        concat!(
            "int((",
            m!(),
            " > 5).any()) + 2 * int((",
            m!(),
            " < 0).any())"
        ),
    ),
    reduction(
        "np.all",
        type_truth,
        lower_truth,
        A,
        "whether every element is true",
        concat!(
            "int(np.all(",
            m!(),
            " > 0)) + 2 * int(np.all(",
            m!(),
            " > 1)) + 4 * int(np.all(x))"
        ),
    ),
    reduction(
        "ndarray.all",
        type_truth,
        lower_truth,
        SELF,
        "whether every element is true",
        concat!(
            "int((",
            m!(),
            " > 0).all()) + 2 * int((",
            m!(),
            " > 1).all())"
        ),
    ),
    reduction(
        "np.count_nonzero",
        type_truth,
        lower_truth,
        A,
        "number of true (nonzero) elements",
        concat!(
            "np.count_nonzero(",
            m!(),
            " > 2) + np.count_nonzero(np.arange(n))"
        ),
    ),
    reduction(
        "np.cumsum",
        type_accumulation,
        lower_accumulation,
        A,
        "running sums, flattened in C order",
        concat!("np.cumsum(", m!(), ")[4] + np.cumsum(np.arange(n))[2]"),
    ),
    reduction(
        "ndarray.cumsum",
        type_accumulation,
        lower_accumulation,
        SELF,
        "running sums, flattened in C order",
        concat!(m!(), ".cumsum()[3]"),
    ),
    reduction(
        "np.cumprod",
        type_accumulation,
        lower_accumulation,
        A,
        "running products, flattened in C order",
        concat!("np.cumprod(", m!(), ")[3] + np.cumprod(np.arange(1, n))[2]"),
    ),
];

// Typing rules.

/// A reduction of every element to a scalar, or along `axis` to an array of one rank less.
pub(crate) fn type_reduction(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    let i64t = inf.ctx.i64();
    let fname = c.fname.as_str();
    let Some((e, r, _)) = array_parts(inf.ctx, types[0]) else {
        if is_number(inf.ctx, types[0]) {
            return Ok(types[0]);
        }
        return Err(c.bad(inf));
    };
    let scalar = match fname {
        "sum" | "prod" => sum_type(inf, e),
        "mean" | "var" | "std" => float_result(inf.ctx, e),
        "argmin" | "argmax" => i64t,
        _ => e,
    };
    Ok(match c.arg("axis") {
        None => scalar,
        Some(axis) => {
            let Some(a) = py::int_constant(inf.ctx, axis) else {
                return Err(error(inf.ctx, op, "axis must be an integer constant"));
            };
            if a < -(r as i64) || a >= r as i64 {
                return Err(error(
                    inf.ctx,
                    op,
                    format!("axis {a} is out of bounds for an array of dimension {r}"),
                ));
            }
            array(inf.ctx, scalar, r - 1, ArrayLayout::C)
        }
    })
}

/// `any`, `all` (bool) and `count_nonzero` (int64).
pub(crate) fn type_truth(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let i64t = inf.ctx.i64();
    let fname = c.fname.as_str();
    c.arity(inf, 1, 1)?;
    if array_parts(inf.ctx, types[0]).is_none() {
        return match (fname, is_number(inf.ctx, types[0])) {
            ("any" | "all", true) => Ok(inf.ctx.i1()),
            _ => Err(c.bad(inf)),
        };
    }
    Ok(match fname {
        "count_nonzero" => i64t,
        _ => inf.ctx.i1(),
    })
}

/// `cumsum` and `cumprod`: a vector of the sum's dtype.
pub(crate) fn type_accumulation(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
        return Err(c.bad(inf));
    };
    let e = sum_type(inf, e);
    Ok(array(inf.ctx, e, 1, ArrayLayout::C))
}

// Lowerings.

/// `sum`, `prod`, `mean` of the elements (or along `axis`).
pub(crate) fn lower_sum(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    if let Some(l) = along_axis(c, &call)? {
        return Ok(l);
    }
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.rt;
    let src = call.array(c, 0)?;
    let acc_t = if f == "mean" {
        c.e.ctx
            .type_kind(c.e.ctx.value_type(src))
            .element_type()
            .map(|e| if c.e.is_float(e) { e } else { c.e.ctx.f64() })
            .unwrap()
    } else {
        rt
    };
    let kind = if f == "prod" { "prod" } else { "sum" };
    let total = c.reduce_to_scalar(src, kind, acc_t, &loc)?;
    Ok(L::V(if f == "mean" {
        let n = c.element_count(src, &loc);
        let n = c.e.coerce(n, acc_t, &loc);
        let m = c.e.binary(&arith::DIVF, total, n, &loc);
        c.e.coerce(m, rt, &loc)
    } else {
        total
    }))
}

/// `var` and `std` of the elements (or along `axis`).
pub(crate) fn lower_variance(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    if let Some(l) = along_axis(c, &call)? {
        return Ok(l);
    }
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.rt;
    // Two passes, as NumPy: the mean, then the mean squared deviation, each a
    // `tensor.reduce` sum (added in NumPy's order).
    let src = call.array(c, 0)?;
    let ft = if c.e.is_float(rt) { rt } else { c.e.ctx.f64() };
    let total = c.reduce_to_scalar(src, "sum", ft, &loc)?;
    let n = c.element_count(src, &loc);
    let n = c.e.coerce(n, ft, &loc);
    let mean = c.e.binary(&arith::DIVF, total, n, &loc);
    let deviations = c.elementwise(&[L::V(src), L::V(mean)], ft, &loc, &mut |s, xs| {
        let x = s.e.coerce(xs[0], ft, &loc);
        let d = s.e.binary(&arith::SUBF, x, xs[1], &loc);
        Ok(s.e.binary(&arith::MULF, d, d, &loc))
    })?;
    let squares = c.sum_of_tensor(deviations, &loc);
    let var = c.e.binary(&arith::DIVF, squares, n, &loc);
    Ok(L::V(if f == "std" {
        c.e.value(&math::SQRT, &[var], ft, &loc)
    } else {
        var
    }))
}

/// `min`, `max`, `amin`, `amax` of the elements (or along `axis`).
pub(crate) fn lower_extreme(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    if let Some(l) = along_axis(c, &call)? {
        return Ok(l);
    }
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.rt;
    let src = call.array(c, 0)?;
    let n = c.element_count(src, &loc);
    let empty = c.check_extreme_nonempty(f, n, &loc);
    let init = c.first_element(src, empty, &loc);
    let float = c.e.is_float(rt);
    let max = f.ends_with("max");
    Ok(L::V(c.reduce_all(src, init, &loc, &mut |s, a, x| {
        let def = match (max, float) {
            (true, true) => &arith::MAXIMUMF,
            (false, true) => &arith::MINIMUMF,
            (true, false) => &arith::MAXSI,
            (false, false) => &arith::MINSI,
        };
        s.e.binary(def, a, x, &loc)
    })?))
}

/// `argmin` and `argmax` (or along `axis`).
pub(crate) fn lower_arg_extreme(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    if let Some(l) = along_axis(c, &call)? {
        return Ok(l);
    }
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let _elem = call.elem;
    // The first position (in C order) of the extreme value; NaN wins, as in NumPy.
    let src = call.array(c, 0)?;
    let n = c.element_count(src, &loc);
    let i64t = c.e.ctx.i64();
    let zero = c.e.const_int(0, i64t, &loc);
    let empty = c.e.cmp(&arith::CMPI, "eq", n, zero, &loc);
    c.e.raise_if(
        empty,
        "ValueError",
        &format!("attempt to get {f} of an empty sequence"),
        &loc,
    );
    let e = c.e.element_type(src);
    let best_ty = c.e.ctx.intern_type(TypeKind::MemRef {
        shape: vec![Some(1)],
        elem: e,
        layout: MemLayout::Identity,
    });
    let pos_ty = c.e.ctx.intern_type(TypeKind::MemRef {
        shape: vec![Some(2)],
        elem: i64t,
        layout: MemLayout::Identity,
    });
    let best = c.e.value(&loops::ALLOCA, &[], best_ty, &loc);
    let pos = c.e.value(&loops::ALLOCA, &[], pos_ty, &loc);
    let index = c.e.ctx.index();
    let (c0, c1) = (c.e.const_int(0, index, &loc), c.e.const_int(1, index, &loc));
    let minus_one = c.e.const_int(-1, i64t, &loc);
    c.e.emit(&loops::STORE, &[minus_one, pos, c0], &[], &[], vec![], &loc);
    c.e.emit(&loops::STORE, &[zero, pos, c1], &[], &[], vec![], &loc);
    let shape = c.e.sizes(src, &loc);
    let want_max = f == "argmax";
    c.loop_nest(&shape, &loc, &mut |s, ivs| {
        let x = s.e.load_at(src, ivs, &loc);
        let k = s.e.value(&loops::LOAD, &[pos, c1], i64t, &loc);
        let found = s.e.value(&loops::LOAD, &[pos, c0], i64t, &loc);
        let b = s.e.value(&loops::LOAD, &[best, c0], e, &loc);
        let first = s.e.cmp(&arith::CMPI, "slt", found, zero, &loc);
        let better = s.is_better(want_max, x, b, &loc);
        let take = s.e.binary(&arith::ORI, first, better, &loc);
        let nb = s.e.select(take, x, b, &loc);
        let nf = s.e.select(take, k, found, &loc);
        s.e.emit(&loops::STORE, &[nb, best, c0], &[], &[], vec![], &loc);
        s.e.emit(&loops::STORE, &[nf, pos, c0], &[], &[], vec![], &loc);
        let one = s.e.const_int(1, i64t, &loc);
        let k1 = s.e.binary(&arith::ADDI, k, one, &loc);
        s.e.emit(&loops::STORE, &[k1, pos, c1], &[], &[], vec![], &loc);
        Ok(())
    })?;
    Ok(L::V(c.e.value(&loops::LOAD, &[pos, c0], i64t, &loc)))
}

/// `cumsum` and `cumprod`.
pub(crate) fn lower_accumulation(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let elem = call.elem;
    Ok(L::V(accumulated(c, call.array(c, 0)?, f, elem, &loc)?))
}

/// `any`, `all`, `count_nonzero`.
pub(crate) fn lower_truth(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.rt;
    let args = &call.args;
    // Elements that are true (nonzero; NaN counts), folded with or / and / +; a
    // scalar is its own truth.
    if let L::V(x) = args[0] {
        if !c.e.ctx.type_kind(c.e.ctx.value_type(x)).is_shaped() {
            return Ok(L::V(c.e.truth(x, &loc)));
        }
    }
    let src = call.array(c, 0)?;
    let i1 = c.e.ctx.i1();
    let start = match f {
        "all" => c.e.const_int(1, i1, &loc),
        "any" => c.e.const_int(0, i1, &loc),
        _ => c.e.zero_of(rt, 0.0, &loc),
    };
    let shape = c.e.sizes(src, &loc);
    Ok(L::V(emit::fold_nest(
        c,
        &shape,
        start,
        &loc,
        &mut |s, acc, ivs| {
            let x = s.e.load_at(src, ivs, &loc);
            let t = s.e.truth(x, &loc);
            match f {
                "all" => s.e.binary(&arith::ANDI, acc, t, &loc),
                "any" => s.e.binary(&arith::ORI, acc, t, &loc),
                _ => {
                    let one = s.e.value(&arith::EXTUI, &[t], rt, &loc);
                    s.e.binary(&arith::ADDI, acc, one, &loc)
                }
            }
        },
    )?))
}

/// A reduction with `axis=`: lowered along that axis (see [`Converter::axis_reduce`]).
fn along_axis(c: &mut Converter<'_>, call: &NumpyCall) -> CResult<Option<L>> {
    let Some(axis) = call.bound.get("axis") else {
        return Ok(None);
    };
    let Some(axis) = py::int_constant(c.e.ctx, axis) else {
        return Err(error(c.e.ctx, call.op, "axis must be an integer constant"));
    };
    let L::V(src) = c.get(call.operands[0]) else {
        return Err(not_yet(c.e.ctx, call.op, "this argument"));
    };
    Ok(Some(L::V(
        c.axis_reduce(call.op, &call.f, src, axis, &call.loc)?,
    )))
}

/// `np.cumsum`/`np.cumprod` of `src`: its elements in C order, each the sum (product) of
/// those up to it, added in order (as NumPy's `add.accumulate`), into a new vector.
fn accumulated(
    c: &mut Converter<'_>,
    src: Value,
    f: &str,
    elem: Type,
    loc: &Location,
) -> CResult<Value> {
    let shape = c.e.sizes(src, loc);
    let n = c.element_count(src, loc);
    let out = c.created(None, elem, &[n], loc);
    // A sum starts from -0.0, the float identity of addition (-0.0 + x is x for every x,
    // -0.0 included), so that the first element is copied as NumPy's accumulate does.
    let start =
        c.e.zero_of(elem, if f == "cumsum" { -0.0 } else { 1.0 }, loc);
    let i64t = c.e.ctx.i64();
    emit::fold_nest(c, &shape, start, loc, &mut |s, acc, ivs| {
        let x = s.e.load_at(src, ivs, loc);
        let x = s.e.coerce(x, elem, loc);
        let next = match f {
            "cumsum" => s.e.arithmetic("add", acc, x, loc),
            _ => s.e.arithmetic("mul", acc, x, loc),
        };
        // The position in C order.
        let mut k = s.e.const_int(0, i64t, loc);
        for (iv, size) in ivs.iter().zip(&shape) {
            let scaled = s.e.binary(&arith::MULI, k, *size, loc);
            k = s.e.binary(&arith::ADDI, scaled, *iv, loc);
        }
        s.e.store_at(next, out, &[k], loc);
        next
    })?;
    Ok(out)
}
