//! The `math` module's functions: numbers in (converted to float64), as CPython computes them.

use blackbird_dialects::ir::{Location, OpDef, OpId, Type, Value};
use blackbird_dialects::{arith, math};

use super::{required, Callable, Param};
use crate::conversion::py_to_tensor::{not_yet, CResult, Converter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::is_number;
use crate::transforms::infer_types::{Inference, TResult};

const X: &[Param] = &[required("x")];
const XY: &[Param] = &[required("x"), required("y")];

const fn math(
    name: &'static str,
    params: &'static [Param],
    summary: &'static str,
    sample: &'static str,
) -> Callable {
    super::runs(name, type_math, lower_math, params, summary, sample)
}

pub const CALLABLES: &[Callable] = &[
    math("math.sqrt", X, "square root", "math.sqrt(x) + math.sqrt(n)"),
    math("math.exp", X, "exponential", "math.exp(x) + math.exp(-n)"),
    math(
        "math.log",
        X,
        "natural logarithm",
        "math.log(x) + math.log(n)",
    ),
    math(
        "math.log10",
        X,
        "base-10 logarithm",
        "math.log10(x) + math.log10(n)",
    ),
    math(
        "math.log2",
        X,
        "base-2 logarithm",
        "math.log2(x) + math.log2(n)",
    ),
    math(
        "math.log1p",
        X,
        "`log(1 + x)`, accurate near 0",
        "math.log1p(x) + math.log1p(1e-10) * 1e10 + math.log1p(-x)",
    ),
    math(
        "math.expm1",
        X,
        "`exp(x) - 1`, accurate near 0",
        "math.expm1(x) + math.expm1(1e-10) * 1e10 + math.expm1(-n)",
    ),
    math(
        "math.erf",
        X,
        "error function",
        "math.erf(x) + math.erf(-n / 3) + math.erf(1e-5) * 1e5",
    ),
    math(
        "math.erfc",
        X,
        "complementary error function `1 - erf(x)`",
        "math.erfc(x) + math.erfc(n * 2) * 1e30 + math.erfc(-x)",
    ),
    math(
        "math.gamma",
        X,
        "the gamma function (CPU only)",
        "math.gamma(x) + math.gamma(n) + math.gamma(-x) + math.gamma(30.5) / 1e30",
    ),
    math(
        "math.lgamma",
        X,
        "`log(|gamma(x)|)` (CPU only)",
        "math.lgamma(x) + math.lgamma(n) + math.lgamma(-x) + math.lgamma(1e10) / 1e10",
    ),
    math("math.sin", X, "sine", "math.sin(x) + math.sin(n)"),
    math("math.cos", X, "cosine", "math.cos(x) + math.cos(n)"),
    math("math.tan", X, "tangent", "math.tan(x) + math.tan(n)"),
    math("math.asin", X, "arc sine", "math.asin(x) + math.asin(-x)"),
    math("math.acos", X, "arc cosine", "math.acos(x) + math.acos(-x)"),
    math("math.atan", X, "arc tangent", "math.atan(x) + math.atan(n)"),
    math(
        "math.atan2",
        XY,
        "arc tangent of `y / x` in the right quadrant",
        "math.atan2(x, -n) + math.atan2(-n, x)",
    ),
    math(
        "math.sinh",
        X,
        "hyperbolic sine",
        "math.sinh(x) + math.sinh(-n)",
    ),
    math(
        "math.cosh",
        X,
        "hyperbolic cosine",
        "math.cosh(x) + math.cosh(-n)",
    ),
    math(
        "math.tanh",
        X,
        "hyperbolic tangent",
        "math.tanh(x) + math.tanh(-n)",
    ),
    math(
        "math.floor",
        X,
        "largest integer not above (an int64)",
        "math.floor(x * n) + math.floor(-x)",
    ),
    math(
        "math.ceil",
        X,
        "smallest integer not below (an int64)",
        "math.ceil(x * n) + math.ceil(-x)",
    ),
    math(
        "math.trunc",
        X,
        "integer part (an int64)",
        "math.trunc(x * n) + math.trunc(-x * n)",
    ),
    math(
        "math.fabs",
        X,
        "absolute value (a float)",
        "math.fabs(-x) + math.fabs(n)",
    ),
    math(
        "math.pow",
        XY,
        "`x` to the power `y`",
        "math.pow(x, n) + math.pow(n, -x)",
    ),
    math(
        "math.hypot",
        XY,
        "length of the vector `(x, y)`, without overflow",
        "math.hypot(x, n) + math.hypot(3e200, 4e200) / 1e200 + math.hypot(-math.inf, math.nan)",
    ),
    math(
        "math.copysign",
        XY,
        "`x`'s magnitude with `y`'s sign",
        "math.copysign(x, -n) + math.copysign(n, -0.0) + math.copysign(-x, 0.0)",
    ),
    math(
        "math.fmod",
        XY,
        "C's remainder, with the dividend's sign",
        "math.fmod(n, x) + math.fmod(-n * 1.25, 1.5) + math.fmod(x, math.inf)",
    ),
    math(
        "math.isnan",
        X,
        "whether a NaN",
        "math.isnan(x) + math.isnan(math.nan)",
    ),
    math(
        "math.isinf",
        X,
        "whether infinite",
        "math.isinf(x) + math.isinf(-math.inf)",
    ),
    math(
        "math.isfinite",
        X,
        "whether finite",
        "math.isfinite(x) + math.isfinite(math.inf)",
    ),
];

/// `math` functions: numbers in, float64 out (int64 for `floor`/`ceil`/`trunc`, bool for
/// the tests).
pub(crate) fn type_math(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    if !c.types.iter().all(|t| is_number(inf.ctx, *t)) {
        return Err(c
            .bad(inf)
            .with_note("math functions take numbers; use NumPy functions on arrays"));
    }
    let two = matches!(
        c.fname.as_str(),
        "atan2" | "pow" | "hypot" | "copysign" | "fmod"
    );
    c.arity(inf, if two { 2 } else { 1 }, if two { 2 } else { 1 })?;
    Ok(match c.fname.as_str() {
        "floor" | "ceil" | "trunc" => inf.ctx.i64(),
        "isnan" | "isinf" | "isfinite" => inf.ctx.i1(),
        _ => inf.ctx.f64(),
    })
}

/// `math` functions of numbers (converted to float64 first), as CPython computes them.
pub(crate) fn lower_math(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let name = c.e.ctx.attr_str(op, "name").to_string();
    let f = name.strip_prefix("math.").unwrap_or(&name);
    let (i64t, f64t) = (c.e.ctx.i64(), c.e.ctx.f64());
    let operands = c.e.ctx.operands(op).to_vec();
    let a = operands
        .iter()
        .map(|v| c.scalar(op, *v).map(|x| c.e.coerce(x, f64t, &loc)))
        .collect::<CResult<Vec<Value>>>()?;
    let unary = |c: &mut Converter<'_>, def: &'static OpDef| c.e.value(def, &[a[0]], f64t, &loc);
    Ok(L::V(match f {
        "sqrt" => unary(c, &math::SQRT),
        "exp" => unary(c, &math::EXP),
        "log" => unary(c, &math::LOG),
        "log10" => unary(c, &math::LOG10),
        "log2" => unary(c, &math::LOG2),
        "log1p" => unary(c, &math::LOG1P),
        "expm1" => unary(c, &math::EXPM1),
        "erf" => unary(c, &math::ERF),
        "erfc" => unary(c, &math::ERFC),
        "gamma" | "lgamma" => {
            if c.gpu {
                return Err(not_yet(c.e.ctx, op, &format!("math.{f} in GPU kernels")));
            }
            gamma(c, f == "lgamma", a[0], &loc)
        }
        "sin" => unary(c, &math::SIN),
        "cos" => unary(c, &math::COS),
        "tan" => unary(c, &math::TAN),
        "asin" => unary(c, &math::ASIN),
        "acos" => unary(c, &math::ACOS),
        "atan" => unary(c, &math::ATAN),
        "sinh" => unary(c, &math::SINH),
        "cosh" => unary(c, &math::COSH),
        "tanh" => unary(c, &math::TANH),
        "fabs" => unary(c, &math::ABSF),
        "atan2" => c.e.value(&math::ATAN2, &[a[0], a[1]], f64t, &loc),
        "pow" => c.e.value(&math::POWF, &[a[0], a[1]], f64t, &loc),
        "hypot" => c.hypot_of_floats(a[0], a[1], &loc),
        "copysign" => {
            // The magnitude's bits without their sign, with the sign bit of the other.
            let bits =
                |c: &mut Converter<'_>, x: Value| c.e.value(&arith::BITCAST, &[x], i64t, &loc);
            let (x, y) = (bits(c, a[0]), bits(c, a[1]));
            let magnitude = c.e.const_int(i64::MAX, i64t, &loc);
            let sign = c.e.const_int(i64::MIN, i64t, &loc);
            let x = c.e.binary(&arith::ANDI, x, magnitude, &loc);
            let y = c.e.binary(&arith::ANDI, y, sign, &loc);
            let r = c.e.binary(&arith::ORI, x, y, &loc);
            c.e.value(&arith::BITCAST, &[r], f64t, &loc)
        }
        "fmod" => {
            // C's fmod; CPython raises ValueError where it gives NaN from numbers
            // (an infinite dividend, a zero divisor).
            let r = c.e.binary(&arith::REMF, a[0], a[1], &loc);
            let nan_result = c.e.cmp(&arith::CMPF, "uno", r, r, &loc);
            let nan_input = c.e.cmp(&arith::CMPF, "uno", a[0], a[1], &loc);
            let i1 = c.e.ctx.i1();
            let numbers = c.e.const_int(1, i1, &loc);
            let numbers = c.e.binary(&arith::XORI, nan_input, numbers, &loc);
            let domain = c.e.binary(&arith::ANDI, nan_result, numbers, &loc);
            c.e.raise_if(domain, "ValueError", "math domain error", &loc);
            r
        }
        "floor" | "ceil" | "trunc" => {
            let r = match f {
                "floor" => unary(c, &math::FLOOR),
                "ceil" => unary(c, &math::CEIL),
                _ => a[0],
            };
            c.e.value(&arith::FPTOSI, &[r], i64t, &loc)
        }
        "isnan" | "isinf" | "isfinite" => c.float_class(f, a[0], &loc),
        other => return Err(not_yet(c.e.ctx, op, &format!("math.{other}"))),
    }))
}

/// CPython's `math.gamma(x)` (`lgamma`: `log(|gamma(x)|)`) through the C library's
/// `tgamma`/`lgamma`, with CPython's errors: ValueError at the poles (zero and the
/// negative integers; `gamma(-inf)` too), OverflowError for a finite `x` whose result
/// is infinite.
fn gamma(c: &mut Converter<'_>, log: bool, x: Value, loc: &Location) -> Value {
    let f64t = c.e.ctx.f64();
    let def = if log { &math::LGAMMA } else { &math::TGAMMA };
    let r = c.e.value(def, &[x], f64t, loc);
    let zero = c.e.const_float(0.0, f64t, loc);
    let inf = c.e.const_float(f64::INFINITY, f64t, loc);
    let whole = c.e.value(&math::FLOOR, &[x], f64t, loc);
    let integer = c.e.cmp(&arith::CMPF, "oeq", whole, x, loc);
    let not_positive = c.e.cmp(&arith::CMPF, "ole", x, zero, loc);
    let pole = c.e.binary(&arith::ANDI, integer, not_positive, loc);
    let pole = match log {
        true => pole,
        false => {
            let minus_inf = c.e.const_float(f64::NEG_INFINITY, f64t, loc);
            let at_minus_inf = c.e.cmp(&arith::CMPF, "oeq", x, minus_inf, loc);
            c.e.binary(&arith::ORI, pole, at_minus_inf, loc)
        }
    };
    c.e.raise_if(pole, "ValueError", "math domain error", loc);
    let magnitude = c.e.value(&math::ABSF, &[r], f64t, loc);
    let huge = c.e.cmp(&arith::CMPF, "oeq", magnitude, inf, loc);
    let ax = c.e.value(&math::ABSF, &[x], f64t, loc);
    let finite = c.e.cmp(&arith::CMPF, "olt", ax, inf, loc);
    let overflow = c.e.binary(&arith::ANDI, huge, finite, loc);
    // At a pole the ValueError, raised first, is the one reported.
    c.e.raise_if(overflow, "OverflowError", "math range error", loc);
    r
}
