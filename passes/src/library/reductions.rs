//! Reductions: of a whole array to a scalar, or along an axis; running sums and products.

use blackbird_dialects::ir::{ArrayLayout, Location, MemLayout, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, math};

use super::reduce_axes::{check_ddof, keep_dims, merged_axes, variance_divisor, ReduceAxes};
use super::{keyword, keyword_only, required, Callable, Param};
use crate::conversion::emit;
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{CResult, Converter, L};
use crate::transforms::infer_types::builtins::{sum_type, Call};
use crate::transforms::infer_types::rules::{array, array_parts, float_result, is_number};
use crate::transforms::infer_types::{Inference, TResult};

use super::runs as reduction;

/// `np.f(a, axis=None, keepdims=False)`.
const AXIS: &[Param] = &[
    required("a"),
    keyword("axis", "None"),
    keyword_only("keepdims", "False"),
];
/// `a.f(axis=None, keepdims=False)`.
const METHOD_AXIS: &[Param] = &[
    required("self"),
    keyword("axis", "None"),
    keyword_only("keepdims", "False"),
];
/// `np.var(a, axis=None, ddof=0, keepdims=False)`.
const VAR: &[Param] = &[
    required("a"),
    keyword("axis", "None"),
    keyword_only("ddof", "0"),
    keyword_only("keepdims", "False"),
];
/// `a.var(axis=None, ddof=0, keepdims=False)`.
const METHOD_VAR: &[Param] = &[
    required("self"),
    keyword("axis", "None"),
    keyword_only("ddof", "0"),
    keyword_only("keepdims", "False"),
];
/// `np.cumsum(a, axis=None)`.
const SCAN: &[Param] = &[required("a"), keyword("axis", "None")];
/// `a.cumsum(axis=None)`.
const METHOD_SCAN: &[Param] = &[required("self"), keyword("axis", "None")];

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
            " > 2).sum() + ",
            m!(),
            ".sum(axis=(0, 1), keepdims=True)[0, 0]"
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
        VAR,
        "variance of the elements (along `axis`)",
        concat!("np.var(", m!(), ") + np.var(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "ndarray.var",
        type_reduction,
        lower_variance,
        METHOD_VAR,
        "variance of the elements (along `axis`)",
        concat!(
            m!(),
            ".var() + ",
            m!(),
            ".var(axis=1)[0] + ",
            m!(),
            ".var(ddof=1, keepdims=True)[0, 0]"
        ),
    ),
    reduction(
        "np.std",
        type_reduction,
        lower_variance,
        VAR,
        "standard deviation of the elements (along `axis`)",
        concat!(
            "np.std(",
            m!(),
            ") + np.std(",
            m!(),
            ", axis=1)[1] + np.std(",
            m!(),
            ", axis=(0, 1), ddof=1)"
        ),
    ),
    reduction(
        "ndarray.std",
        type_reduction,
        lower_variance,
        METHOD_VAR,
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
        AXIS,
        "whether any element is true (along `axis`)",
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
        METHOD_AXIS,
        "whether any element is true (along `axis`)",
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
        AXIS,
        "whether every element is true (along `axis`)",
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
        METHOD_AXIS,
        "whether every element is true (along `axis`)",
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
        AXIS,
        "number of true (nonzero) elements (along `axis`)",
        concat!(
            "np.count_nonzero(",
            m!(),
            " > 2) + np.count_nonzero(np.arange(n)) + np.count_nonzero(",
            m!(),
            " > 2, axis=0)[1]"
        ),
    ),
    reduction(
        "np.cumsum",
        type_accumulation,
        lower_accumulation,
        SCAN,
        "running sums, flattened in C order (or along `axis`)",
        concat!("np.cumsum(", m!(), ")[4] + np.cumsum(np.arange(n))[2]"),
    ),
    reduction(
        "ndarray.cumsum",
        type_accumulation,
        lower_accumulation,
        METHOD_SCAN,
        "running sums, flattened in C order (or along `axis`)",
        concat!(m!(), ".cumsum()[3] + ", m!(), ".cumsum(axis=-1)[1, 1]"),
    ),
    reduction(
        "np.cumprod",
        type_accumulation,
        lower_accumulation,
        SCAN,
        "running products, flattened in C order (or along `axis`)",
        concat!(
            "np.cumprod(",
            m!(),
            ")[3] + np.cumprod(np.arange(1, n))[2] + np.cumprod(",
            m!(),
            ", axis=0)[1, 2]"
        ),
    ),
    reduction(
        "ndarray.cumprod",
        type_accumulation,
        lower_accumulation,
        METHOD_SCAN,
        "running products, flattened in C order (or along `axis`)",
        concat!(m!(), ".cumprod()[3] + ", m!(), ".cumprod(axis=1)[1, 2]"),
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
    let tuple_axes = !matches!(fname, "argmin" | "argmax");
    let spec = ReduceAxes::of(inf.ctx, op, &c.bound, &c.name, r, tuple_axes)?;
    if matches!(fname, "var" | "std") {
        check_ddof(inf.ctx, op, &c.bound)?;
    }
    Ok(array(inf.ctx, scalar, spec.result_rank(r), ArrayLayout::C))
}

/// `any`, `all` (bool) and `count_nonzero` (int64), of every element or along `axis`.
pub(crate) fn type_truth(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let i64t = inf.ctx.i64();
    let fname = c.fname.as_str();
    let Some((_, r, _)) = array_parts(inf.ctx, types[0]) else {
        return match (fname, is_number(inf.ctx, types[0]), c.types.len()) {
            ("any" | "all", true, 1) if c.bound.keywords.is_empty() => Ok(inf.ctx.i1()),
            _ => Err(c.bad(inf)),
        };
    };
    let spec = ReduceAxes::of(inf.ctx, c.op, &c.bound, &c.name, r, true)?;
    let elem = match fname {
        "count_nonzero" => i64t,
        _ => inf.ctx.i1(),
    };
    Ok(array(inf.ctx, elem, spec.result_rank(r), ArrayLayout::C))
}

/// `cumsum` and `cumprod`: of the dtype of the sum, flattened (a vector) or along `axis`
/// (the array's shape).
pub(crate) fn type_accumulation(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let Some((e, r, _)) = array_parts(inf.ctx, types[0]) else {
        return Err(c.bad(inf));
    };
    let e = sum_type(inf, e);
    let spec = ReduceAxes::of(inf.ctx, c.op, &c.bound, &c.name, r, false)?;
    let rank = if spec.axes.is_some() { r } else { 1 };
    Ok(array(inf.ctx, e, rank, ArrayLayout::C))
}

// Lowerings.

/// What a reduction computes over every element of `src`: a scalar of `call.elem` (`ddof`
/// is var/std's).
type Whole = fn(&mut Converter<'_>, &NumpyCall, Value, Option<Value>) -> CResult<Value>;

/// A reduction with its `axis=` and `keepdims=`: `whole` over every element; along one axis
/// (see [`Converter::axis_reduce`]); along several, merged into one (see [`merged_axes`]);
/// then the folded axes kept at length 1 when asked.
fn reduction_of(c: &mut Converter<'_>, op: OpId, whole: Whole) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let src = call.array(c, 0)?;
    let rank = c.e.rank(src);
    let tuple_axes = !matches!(call.f.as_str(), "argmin" | "argmax");
    let spec = ReduceAxes::of(
        c.e.ctx,
        op,
        &call.bound,
        &call.name,
        rank as u32,
        tuple_axes,
    )?;
    let ddof = match call.bound.get("ddof") {
        Some(d) => Some(c.scalar(op, d)?),
        None => None,
    };
    let v = match &spec.axes {
        _ if spec.is_all(rank) => whole(c, &call, src, ddof)?,
        Some(axes) if axes.len() == 1 => {
            c.axis_reduce(op, &call.f, src, axes[0] as i64, ddof, &loc)?
        }
        Some(axes) => {
            let merged = merged_axes(c, src, axes, &loc)?;
            c.axis_reduce(op, &call.f, merged, -1, ddof, &loc)?
        }
        None => unreachable!("no axis is every axis"),
    };
    Ok(L::V(match spec.keepdims {
        true => keep_dims(c, v, rank, &spec.axes, &loc),
        false => v,
    }))
}

/// `sum`, `prod`, `mean` of the elements (or along `axis`).
pub(crate) fn lower_sum(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    reduction_of(c, op, sum_of_all)
}

fn sum_of_all(
    c: &mut Converter<'_>,
    call: &NumpyCall,
    src: Value,
    _: Option<Value>,
) -> CResult<Value> {
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.elem;
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
    Ok(if f == "mean" {
        let n = c.element_count(src, &loc);
        let n = c.e.coerce(n, acc_t, &loc);
        let m = c.e.binary(&arith::DIVF, total, n, &loc);
        c.e.coerce(m, rt, &loc)
    } else {
        total
    })
}

/// `var` and `std` of the elements (or along `axis`), with `ddof`.
pub(crate) fn lower_variance(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    reduction_of(c, op, variance_of_all)
}

fn variance_of_all(
    c: &mut Converter<'_>,
    call: &NumpyCall,
    src: Value,
    ddof: Option<Value>,
) -> CResult<Value> {
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.elem;
    // Two passes, as NumPy: the mean, then the mean squared deviation, each a
    // `tensor.reduce` sum (added in NumPy's order).
    let ft = if c.e.is_float(rt) { rt } else { c.e.ctx.f64() };
    let total = c.reduce_to_scalar(src, "sum", ft, &loc)?;
    let count = c.element_count(src, &loc);
    let n = c.e.coerce(count, ft, &loc);
    let mean = c.e.binary(&arith::DIVF, total, n, &loc);
    let deviations = c.elementwise(&[L::V(src), L::V(mean)], ft, &loc, &mut |s, xs| {
        let x = s.e.coerce(xs[0], ft, &loc);
        let d = s.e.binary(&arith::SUBF, x, xs[1], &loc);
        Ok(s.e.binary(&arith::MULF, d, d, &loc))
    })?;
    let squares = c.sum_of_tensor(deviations, &loc);
    let divisor = match ddof {
        None => n,
        Some(_) => variance_divisor(c, count, ddof, ft, &loc),
    };
    let var = c.e.binary(&arith::DIVF, squares, divisor, &loc);
    Ok(if f == "std" {
        c.e.value(&math::SQRT, &[var], ft, &loc)
    } else {
        var
    })
}

/// `min`, `max`, `amin`, `amax` of the elements (or along `axis`).
pub(crate) fn lower_extreme(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    reduction_of(c, op, extreme_of_all)
}

fn extreme_of_all(
    c: &mut Converter<'_>,
    call: &NumpyCall,
    src: Value,
    _: Option<Value>,
) -> CResult<Value> {
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.elem;
    let n = c.element_count(src, &loc);
    let empty = c.check_extreme_nonempty(f, n, &loc);
    let init = c.first_element(src, empty, &loc);
    let float = c.e.is_float(rt);
    let max = f.ends_with("max");
    c.reduce_all(src, init, &loc, &mut |s, a, x| {
        let def = match (max, float) {
            (true, true) => &arith::MAXIMUMF,
            (false, true) => &arith::MINIMUMF,
            (true, false) => &arith::MAXSI,
            (false, false) => &arith::MINSI,
        };
        s.e.binary(def, a, x, &loc)
    })
}

/// `argmin` and `argmax` (or along `axis`).
pub(crate) fn lower_arg_extreme(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    reduction_of(c, op, arg_extreme_of_all)
}

fn arg_extreme_of_all(
    c: &mut Converter<'_>,
    call: &NumpyCall,
    src: Value,
    _: Option<Value>,
) -> CResult<Value> {
    let loc = call.loc.clone();
    let f = call.f.as_str();
    // The first position (in C order) of the extreme value; NaN wins, as in NumPy.
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
    Ok(c.e.value(&loops::LOAD, &[pos, c0], i64t, &loc))
}

/// `cumsum` and `cumprod`, flattened or along `axis`.
pub(crate) fn lower_accumulation(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let elem = call.elem;
    let src = call.array(c, 0)?;
    let rank = c.e.rank(src) as u32;
    let spec = ReduceAxes::of(c.e.ctx, op, &call.bound, &call.name, rank, false)?;
    Ok(L::V(match spec.axes {
        Some(axes) => accumulated_along(c, src, axes[0], f, elem, &loc)?,
        None => accumulated(c, src, f, elem, &loc)?,
    }))
}

/// `any`, `all`, `count_nonzero` (of every element, or along `axis`).
pub(crate) fn lower_truth(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.elem;
    let args = &call.args;
    // Elements that are true (nonzero; NaN counts), folded with or / and / +; a
    // scalar is its own truth.
    if let L::V(x) = args[0] {
        if !c.e.ctx.type_kind(c.e.ctx.value_type(x)).is_shaped() {
            return Ok(L::V(c.e.truth(x, &loc)));
        }
    }
    let src = call.array(c, 0)?;
    let rank = c.e.rank(src);
    let spec = ReduceAxes::of(c.e.ctx, op, &call.bound, &call.name, rank as u32, true)?;
    let v = match &spec.axes {
        Some(axes) if !spec.is_all(rank) => truth_along(c, src, axes, f, &loc)?,
        _ => truth_of_all(c, src, f, rt, &loc)?,
    };
    Ok(L::V(match spec.keepdims {
        true => keep_dims(c, v, rank, &spec.axes, &loc),
        false => v,
    }))
}

fn truth_of_all(
    c: &mut Converter<'_>,
    src: Value,
    f: &str,
    rt: Type,
    loc: &Location,
) -> CResult<Value> {
    let i1 = c.e.ctx.i1();
    let start = match f {
        "all" => c.e.const_int(1, i1, loc),
        "any" => c.e.const_int(0, i1, loc),
        _ => c.e.zero_of(rt, 0.0, loc),
    };
    let shape = c.e.sizes(src, loc);
    emit::fold_nest(c, &shape, start, loc, &mut |s, acc, ivs| {
        let x = s.e.load_at(src, ivs, loc);
        let t = s.e.truth(x, loc);
        match f {
            "all" => s.e.binary(&arith::ANDI, acc, t, loc),
            "any" => s.e.binary(&arith::ORI, acc, t, loc),
            _ => {
                let one = s.e.value(&arith::EXTUI, &[t], rt, loc);
                s.e.binary(&arith::ADDI, acc, one, loc)
            }
        }
    })
}

/// `any`/`all`/`count_nonzero` along `axes` (some of `src`'s): the true elements counted
/// along them (a `tensor.reduce` sum), then compared with none (`any`) or all of them.
fn truth_along(
    c: &mut Converter<'_>,
    src: Value,
    axes: &[usize],
    f: &str,
    loc: &Location,
) -> CResult<Value> {
    let i64t = c.e.ctx.i64();
    let counted = c.elementwise(&[L::V(src)], i64t, loc, &mut |s, xs| {
        let t = s.e.truth(xs[0], loc);
        Ok(s.e.value(&arith::EXTUI, &[t], i64t, loc))
    })?;
    let axes: Vec<i64> = axes.iter().map(|a| *a as i64).collect();
    let sizes = c.e.sizes(src, loc);
    let mut n = c.e.const_int(1, i64t, loc);
    for a in &axes {
        n = c.e.binary(&arith::MULI, n, sizes[*a as usize], loc);
    }
    let counts = c.reduce_tensor(counted, axes, "sum", loc);
    let t = match f {
        "count_nonzero" => counts,
        _ => {
            let i1 = c.e.ctx.i1();
            c.elementwise(&[L::V(counts), L::V(n)], i1, loc, &mut |s, xs| {
                let zero = s.e.const_int(0, i64t, loc);
                Ok(match f {
                    "any" => s.e.cmp(&arith::CMPI, "ne", xs[0], zero, loc),
                    _ => s.e.cmp(&arith::CMPI, "eq", xs[0], xs[1], loc),
                })
            })?
        }
    };
    Ok(c.materialize(t, loc))
}

/// `np.cumsum`/`np.cumprod` of `src` along `axis`: a new array of its shape whose element at
/// position `p` along the axis is the sum (product) of those up to it, in order (NumPy's
/// `add.accumulate` along the axis).
fn accumulated_along(
    c: &mut Converter<'_>,
    src: Value,
    axis: usize,
    f: &str,
    elem: Type,
    loc: &Location,
) -> CResult<Value> {
    let sizes = c.e.sizes(src, loc);
    let out = c.map_arrays(&[L::V(src)], elem, loc, &mut |s, xs| {
        Ok(s.e.coerce(xs[0], elem, loc))
    })?;
    // Positions 1.. along the axis, each combined with the one before it.
    let i64t = c.e.ctx.i64();
    let (zero, one) = (c.e.const_int(0, i64t, loc), c.e.const_int(1, i64t, loc));
    let mut steps = sizes.clone();
    let rest = c.e.binary(&arith::SUBI, sizes[axis], one, loc);
    steps[axis] = c.e.binary(&arith::MAXSI, rest, zero, loc);
    c.loop_nest(&steps, loc, &mut |s, ivs| {
        let mut before = ivs.to_vec();
        let mut at = ivs.to_vec();
        at[axis] = s.e.binary(&arith::ADDI, ivs[axis], one, loc);
        before[axis] = ivs[axis];
        let x = s.e.load_at(out, &at, loc);
        let acc = s.e.load_at(out, &before, loc);
        let next = match f {
            "cumsum" => s.e.arithmetic("add", acc, x, loc),
            _ => s.e.arithmetic("mul", acc, x, loc),
        };
        s.e.store_at(next, out, &at, loc);
        Ok(())
    })?;
    Ok(out)
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
