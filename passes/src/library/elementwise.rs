//! Elementwise (ufunc-like) NumPy functions: scalars give a scalar, arrays an array of the
//! broadcast shape.

use blackbird_dialects::ir::{Location, OpDef, OpId, Type, Value};
use blackbird_dialects::{arith, math};

use super::{required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{CResult, Converter, L};
use crate::transforms::infer_types::builtins::{elementwise_result, Call};
use crate::transforms::infer_types::rules::{
    array_parts, float_result, is_array, is_bool, is_complex,
};
use crate::transforms::infer_types::{error, Inference, TResult};

use super::runs as elementwise;

const X: &[Param] = &[required("x")];
const XY: &[Param] = &[required("x1"), required("x2")];

/// A vector of floats for the samples: `[0.75, 1.75, 2.75, 3.75]`.
macro_rules! v {
    () => {
        "np.arange(x, n)"
    };
}

/// A unary function whose sample sums it over `v!()` and adds it at `x`; a float function
/// unless another typing rule is given.
macro_rules! unary {
    ($name:literal, $summary:literal) => {
        unary!($name, $summary, type_float_function)
    };
    ($name:literal, $summary:literal, $typing:ident) => {
        elementwise(
            concat!("np.", $name),
            $typing,
            lower_unary,
            X,
            $summary,
            concat!("np.", $name, "(", v!(), " / 4).sum() + np.", $name, "(x)"),
        )
    };
}

pub const CALLABLES: &[Callable] = &[
    unary!("sqrt", "square root"),
    unary!("exp", "exponential"),
    unary!("log", "natural logarithm"),
    unary!("log10", "base-10 logarithm"),
    unary!("log2", "base-2 logarithm"),
    unary!("log1p", "`log(1 + x)`, accurate near 0"),
    unary!("expm1", "`exp(x) - 1`, accurate near 0"),
    unary!("sin", "sine"),
    unary!("cos", "cosine"),
    unary!("tan", "tangent"),
    unary!("arcsin", "arc sine"),
    unary!("arccos", "arc cosine"),
    unary!("arctan", "arc tangent"),
    unary!("sinh", "hyperbolic sine"),
    unary!("cosh", "hyperbolic cosine"),
    unary!("tanh", "hyperbolic tangent"),
    unary!(
        "floor",
        "largest integer not above (a float)",
        type_rounding
    ),
    unary!(
        "ceil",
        "smallest integer not below (a float)",
        type_rounding
    ),
    unary!("trunc", "integer part (a float)", type_rounding),
    unary!("fabs", "absolute value (a float)"),
    elementwise(
        "np.abs",
        type_same_kind,
        lower_unary,
        X,
        "absolute value",
        concat!(
            "np.abs(-",
            v!(),
            ").sum() + np.abs(-n) + np.abs(np.arange(-n, n)).sum()"
        ),
    ),
    elementwise(
        "np.absolute",
        type_same_kind,
        lower_unary,
        X,
        "absolute value",
        concat!("np.absolute(-", v!(), ").sum() + np.absolute(-x)"),
    ),
    elementwise(
        "np.sign",
        type_same_kind,
        lower_mapped,
        X,
        "-1, 0 or 1 by the sign",
        concat!(
            "np.sign(",
            v!(),
            " - 2).sum() + np.sign(-x) + np.sign(np.arange(-n, n)).sum()"
        ),
    ),
    elementwise(
        "np.square",
        type_same_kind,
        lower_mapped,
        X,
        "square",
        concat!("np.square(", v!(), ").sum() + np.square(n)"),
    ),
    elementwise(
        "np.negative",
        type_same_kind,
        lower_mapped,
        X,
        "negation",
        concat!("np.negative(", v!(), ").sum() + np.negative(n)"),
    ),
    elementwise(
        "np.isnan",
        type_float_class,
        lower_mapped,
        X,
        "whether a NaN",
        concat!("np.isnan(np.log(", v!(), " - 2)).sum() + np.isnan(x)"),
    ),
    elementwise(
        "np.isinf",
        type_float_class,
        lower_mapped,
        X,
        "whether infinite",
        concat!("np.isinf(", v!(), " / 0.0).sum() + np.isinf(x)"),
    ),
    elementwise(
        "np.isfinite",
        type_float_class,
        lower_mapped,
        X,
        "whether finite",
        concat!("np.isfinite(np.log(", v!(), " - 1)).sum() + np.isfinite(x)"),
    ),
    elementwise(
        "np.clip",
        type_same_kind,
        lower_mapped,
        &[required("a"), required("a_min"), required("a_max")],
        "values limited to `[a_min, a_max]`",
        concat!("np.clip(", v!(), ", 1.0, 3.0).sum() + np.clip(n, 0, 2)"),
    ),
    elementwise(
        "np.where",
        type_where,
        lower_binary,
        &[required("condition"), required("x"), required("y")],
        "`x` where `condition` holds, else `y`",
        concat!(
            "np.where(",
            v!(),
            " > 2, ",
            v!(),
            ", 0.0).sum() + np.where(x > 1, 1, 2)"
        ),
    ),
    elementwise(
        "np.minimum",
        type_binary,
        lower_binary,
        XY,
        "smaller of two (NaN propagates)",
        concat!("np.minimum(", v!(), ", 2.0).sum() + np.minimum(x, n)"),
    ),
    elementwise(
        "np.maximum",
        type_binary,
        lower_binary,
        XY,
        "larger of two (NaN propagates)",
        concat!("np.maximum(", v!(), ", 2.0).sum() + np.maximum(x, n)"),
    ),
    elementwise(
        "np.power",
        type_binary,
        lower_binary,
        XY,
        "first to the power of the second",
        concat!(
            "np.power(",
            v!(),
            ", 2).sum() + np.power(np.arange(n), 3).sum() + np.power(x, n)"
        ),
    ),
    elementwise(
        "np.fmod",
        type_binary,
        lower_binary,
        XY,
        "C's remainder, with the dividend's sign",
        concat!(
            "np.fmod(-",
            v!(),
            ", 0.5).sum() + np.fmod(np.arange(-n, n), 3).sum()"
        ),
    ),
    elementwise(
        "np.arctan2",
        type_binary_float,
        lower_binary,
        XY,
        "arc tangent of `x1 / x2` in the right quadrant",
        concat!("np.arctan2(", v!(), ", -2.0).sum() + np.arctan2(-x, n)"),
    ),
    elementwise(
        "np.hypot",
        type_binary_float,
        lower_binary,
        XY,
        "length of the vector `(x1, x2)`",
        concat!(
            "np.hypot(",
            v!(),
            ", 2.0).sum() + np.hypot(x, n) + np.hypot(np.arange(n), 3).sum()"
        ),
    ),
    Callable {
        name: "ndarray.conjugate",
        params: &[required("self")],
        summary: "complex conjugate (of a complex scalar)",
        sample: Sample::Run("complex(x, n).conjugate().imag"),
        typing: type_conjugate,
        lowering: lower_conjugate,
    },
];

// Typing rules.

/// `np.where(condition, x, y)`.
pub(crate) fn type_where(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    c.arity(inf, 3, 3)?;
    elementwise_result(inf, op, types, |_, e| e, true)
}

/// `np.isnan`, `np.isinf`, `np.isfinite`: booleans.
pub(crate) fn type_float_class(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    elementwise_result(inf, op, types, |inf, _| inf.ctx.i1(), false)
}

/// `np.abs`, `np.sign`, `np.square`, `np.clip`, `np.negative`: the dtype of the input.
pub(crate) fn type_same_kind(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    let fname = c.fname.as_str();
    // Arrays of booleans keep their dtype (NumPy), scalars widen to int64 (Numba);
    // NumPy has no boolean sign or negative.
    let arrays = types.iter().any(|t| is_array(inf.ctx, *t));
    let r = elementwise_result(
        inf,
        op,
        types,
        |inf, e| match is_bool(inf.ctx, e) && !arrays {
            true => inf.ctx.i64(),
            false => e,
        },
        false,
    )?;
    let bool_array = array_parts(inf.ctx, r).is_some_and(|(e, _, _)| is_bool(inf.ctx, e));
    if bool_array && matches!(fname, "sign" | "negative") {
        let message = match fname {
            "negative" => "The numpy boolean negative, the `-` operator, is not \
                               supported, use the `~` operator or the logical_not function \
                               instead."
                .to_string(),
            _ => format!("ufunc 'sign' has no loop for {}", inf.show(types[0])),
        };
        return Err(error(inf.ctx, op, message));
    }
    Ok(r)
}

/// `np.floor`, `np.ceil`, `np.trunc`: floats.
pub(crate) fn type_rounding(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    elementwise_result(inf, op, types, |inf, e| float_result(inf.ctx, e), false)
}

/// `np.minimum`, `np.maximum`, `np.power`, `np.fmod`: the promoted dtype.
pub(crate) fn type_binary(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    c.arity(inf, 2, 2)?;
    elementwise_result(inf, op, types, |_, e| e, false)
}

/// `np.arctan2`, `np.hypot`: floats.
pub(crate) fn type_binary_float(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    c.arity(inf, 2, 2)?;
    elementwise_result(inf, op, types, |inf, e| float_result(inf.ctx, e), false)
}

/// Elementwise float functions: `np.sqrt`, `np.exp`, `np.log`, `np.sin`, ...
pub(crate) fn type_float_function(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let op = c.op;
    let types = &c.types;
    // Elementwise float functions: sqrt, exp, log, sin, …
    c.arity(inf, 1, 1)?;
    elementwise_result(inf, op, types, |inf, e| float_result(inf.ctx, e), false)
}

/// `a.conjugate()` of a complex scalar: itself typed (complex arrays are not supported yet).
pub(crate) fn type_conjugate(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    match is_complex(inf.ctx, c.types[0]) {
        true => Ok(c.types[0]),
        false => Err(c.no_rule(inf)),
    }
}

// Lowerings.

/// Unary elementwise functions that are one `math` op (`np.sqrt`, `np.abs`, `np.floor`, ...).
pub(crate) fn lower_unary(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.rt;
    let elem = call.elem;
    let args = &call.args;
    let def: &'static OpDef = match f {
        "sqrt" => &math::SQRT,
        "exp" => &math::EXP,
        "log" => &math::LOG,
        "log10" => &math::LOG10,
        "log2" => &math::LOG2,
        "log1p" => &math::LOG1P,
        "expm1" => &math::EXPM1,
        "arcsin" => &math::ASIN,
        "arccos" => &math::ACOS,
        "sinh" => &math::SINH,
        "cosh" => &math::COSH,
        "trunc" => &math::TRUNC,
        "sin" => &math::SIN,
        "cos" => &math::COS,
        "tan" => &math::TAN,
        "tanh" => &math::TANH,
        "arctan" => &math::ATAN,
        "floor" => &math::FLOOR,
        "ceil" => &math::CEIL,
        _ if c.e.is_float(elem) => &math::ABSF,
        _ => &math::ABSI,
    };
    let mut apply = |s: &mut Converter<'_>, xs: &[Value]| -> CResult<Value> {
        let x = s.e.coerce(xs[0], elem, &loc);
        Ok(s.e.value(def, &[x], elem, &loc))
    };
    Ok(L::V(c.elementwise_call(
        op,
        &args[..1],
        elem,
        rt,
        &loc,
        &mut apply,
    )?))
}

/// `np.where` and the binary elementwise functions (`np.minimum`, `np.power`, `np.hypot`, ...).
pub(crate) fn lower_binary(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.rt;
    let elem = call.elem;
    let args = &call.args;
    let out = elem;
    let float = c.e.is_float(out);
    let mut apply = |s: &mut Converter<'_>, xs: &[Value]| -> CResult<Value> {
        Ok(match f {
            "where" => {
                let c = s.e.truth(xs[0], &loc);
                let (a, b) = (s.e.coerce(xs[1], out, &loc), s.e.coerce(xs[2], out, &loc));
                s.e.select(c, a, b, &loc)
            }
            _ => {
                let (a, b) = (s.e.coerce(xs[0], out, &loc), s.e.coerce(xs[1], out, &loc));
                match (f, float) {
                    ("minimum", true) => s.e.numpy_extremum(false, a, b, &loc),
                    ("maximum", true) => s.e.numpy_extremum(true, a, b, &loc),
                    ("minimum", false) => s.e.binary(&arith::MINSI, a, b, &loc),
                    ("maximum", false) => s.e.binary(&arith::MAXSI, a, b, &loc),
                    ("arctan2", _) => s.e.binary(&math::ATAN2, a, b, &loc),
                    ("hypot", _) => {
                        let f64t = s.e.ctx.f64();
                        let (x, y) = (s.e.coerce(a, f64t, &loc), s.e.coerce(b, f64t, &loc));
                        let h = s.hypot_of_floats(x, y, &loc);
                        s.e.coerce(h, out, &loc)
                    }
                    ("power", true) => s.e.binary(&math::POWF, a, b, &loc),
                    // C's fmod: the remainder with the dividend's sign.
                    ("fmod", true) => s.e.binary(&arith::REMF, a, b, &loc),
                    ("fmod", false) => {
                        // NumPy gives 0 for a zero divisor (with a warning).
                        let zero = s.e.zero_of(out, 0.0, &loc);
                        let one = s.e.zero_of(out, 1.0, &loc);
                        let by_zero = s.e.cmp(&arith::CMPI, "eq", b, zero, &loc);
                        let divisor = s.e.select(by_zero, one, b, &loc);
                        let r = s.e.binary(&arith::REMSI, a, divisor, &loc);
                        s.e.select(by_zero, zero, r, &loc)
                    }
                    _ => s.integer_power(a, b, &loc),
                }
            }
        })
    };
    Ok(L::V(
        c.elementwise_call(op, args, elem, rt, &loc, &mut apply)?,
    ))
}

/// `np.isnan`, `np.isinf`, `np.isfinite`, `np.square`, `np.negative`, `np.sign`, `np.clip`.
pub(crate) fn lower_mapped(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let f = call.f.as_str();
    let rt = call.rt;
    let elem = call.elem;
    let args = &call.args;
    let source = args[0].clone();
    let mut apply = |s: &mut Converter<'_>, xs: &[Value]| -> CResult<Value> {
        Ok(match f {
            "isnan" | "isinf" | "isfinite" => s.float_class(f, xs[0], &loc),
            "square" => {
                let x = s.e.coerce(xs[0], elem, &loc);
                s.e.arithmetic("mul", x, x, &loc)
            }
            "negative" => s.unary("neg", xs[0], elem, &loc),
            "sign" => sign(s, xs[0], &loc),
            "clip" => {
                // NumPy's clip: minimum(maximum(a, lo), hi), NaN propagated.
                let [x, lo, hi] = [xs[0], xs[1], xs[2]].map(|v| s.e.coerce(v, elem, &loc));
                let (max, min) = match s.e.is_float(elem) {
                    true => (&arith::MAXIMUMF, &arith::MINIMUMF),
                    false => (&arith::MAXSI, &arith::MINSI),
                };
                let above = s.e.binary(max, x, lo, &loc);
                s.e.binary(min, above, hi, &loc)
            }
            // NumPy's unsafe cast (floats truncate toward zero).
            _ => s.e.coerce(xs[0], elem, &loc),
        })
    };
    let inputs = match f {
        "clip" => args[..3].to_vec(),
        _ => vec![source],
    };
    Ok(L::V(c.elementwise_call(
        op, &inputs, elem, rt, &loc, &mut apply,
    )?))
}

/// `z.conjugate()` of a complex scalar: the imaginary part negated.
pub(crate) fn lower_conjugate(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let f64t = c.e.ctx.f64();
    let (re, im) = c.complex_parts(op, c.e.ctx.operand(op, 0), &loc)?;
    let im = c.e.value(&arith::NEGF, &[im], f64t, &loc);
    Ok(L::Tuple(vec![L::V(re), L::V(im)]))
}

/// `np.sign`: -1, 0 or 1 in `x`'s type; NaN for NaN.
fn sign(c: &mut Converter<'_>, x: Value, loc: &Location) -> Value {
    let t = c.e.ctx.value_type(x);
    let zero = c.e.zero_of(t, 0.0, loc);
    let one = c.e.zero_of(t, 1.0, loc);
    let minus_one = c.e.zero_of(t, -1.0, loc);
    let (gt, lt) = match c.e.is_float(t) {
        true => (
            c.e.cmp(&arith::CMPF, "ogt", x, zero, loc),
            c.e.cmp(&arith::CMPF, "olt", x, zero, loc),
        ),
        false => (
            c.e.cmp(&arith::CMPI, "sgt", x, zero, loc),
            c.e.cmp(&arith::CMPI, "slt", x, zero, loc),
        ),
    };
    // Zeros give 0 (NumPy's sign(-0.0) is 0.0), NaN stays NaN.
    let neither = match c.e.is_float(t) {
        true => {
            let nan = c.e.cmp(&arith::CMPF, "uno", x, x, loc);
            c.e.select(nan, x, zero, loc)
        }
        false => zero,
    };
    let negative = c.e.select(lt, minus_one, neither, loc);
    c.e.select(gt, one, negative, loc)
}
