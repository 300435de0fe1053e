//! The `math` dialect: elementary functions on floats, a mirror of MLIR's upstream `math` ops.
//! Only the correctly rounded functions fold (`sqrt`, `absf`, `floor`, `ceil`, `trunc`): folding `exp`
//! or `sin` with Rust's libm could disagree with the run-time library in the last bit.

use crate::ir::Arity::Exactly;
use crate::ir::{
    check_float, check_integer_like, Builder, Context, Folded, OpDef, OpId, Trait, Value,
};

const PURE_SAME: &[Trait] = &[Trait::Pure, Trait::SameOperandsAndResultType];

macro_rules! float_fn {
    ($(#[$doc:meta])* $id:ident, $name:literal, $arity:literal, $operands:literal, $fold:expr) => {
        $(#[$doc])*
        pub const $id: OpDef = OpDef {
            name: $name,
            summary: stringify!($($doc)*),
            example: concat!(
                "%a = arith.constant {value = 0.5 : f64} : f64\n%0 = ", $name,
                $operands, " : f64"
            ),
            operands: Exactly($arity),
            results: Exactly(1),
            traits: PURE_SAME,
            verify: Some(check_float),
            fold: $fold,
            ..OpDef::DEFAULT
        };
    };
}

float_fn!(/// Square root (correctly rounded).
    SQRT, "math.sqrt", 1, " %a", Some(fold_sqrt));
float_fn!(/// Natural exponential.
    EXP, "math.exp", 1, " %a", None);
float_fn!(/// Natural logarithm.
    LOG, "math.log", 1, " %a", None);
float_fn!(/// Base-10 logarithm.
    LOG10, "math.log10", 1, " %a", None);
float_fn!(/// Base-2 logarithm.
    LOG2, "math.log2", 1, " %a", None);
float_fn!(/// Arc sine.
    ASIN, "math.asin", 1, " %a", None);
float_fn!(/// Arc cosine.
    ACOS, "math.acos", 1, " %a", None);
float_fn!(/// Hyperbolic sine.
    SINH, "math.sinh", 1, " %a", None);
float_fn!(/// Hyperbolic cosine.
    COSH, "math.cosh", 1, " %a", None);
float_fn!(/// Round toward zero.
    TRUNC, "math.trunc", 1, " %a", Some(fold_trunc));
float_fn!(/// `log(1 + x)`, accurate near 0 (C's `log1p`).
    LOG1P, "math.log1p", 1, " %a", None);
float_fn!(/// `exp(x) - 1`, accurate near 0 (C's `expm1`).
    EXPM1, "math.expm1", 1, " %a", None);
float_fn!(/// The error function (C's `erf`).
    ERF, "math.erf", 1, " %a", None);
float_fn!(/// The complementary error function `1 - erf(x)` (C's `erfc`).
    ERFC, "math.erfc", 1, " %a", None);
float_fn!(/// The gamma function (C's `tgamma`; no upstream op: CPU code calls the C library).
    TGAMMA, "math.tgamma", 1, " %a", None);
float_fn!(/// `log(|gamma(x)|)` (C's `lgamma`; no upstream op: CPU code calls the C library).
    LGAMMA, "math.lgamma", 1, " %a", None);
float_fn!(/// Sine.
    SIN, "math.sin", 1, " %a", None);
float_fn!(/// Cosine.
    COS, "math.cos", 1, " %a", None);
float_fn!(/// Tangent.
    TAN, "math.tan", 1, " %a", None);
float_fn!(/// Hyperbolic tangent.
    TANH, "math.tanh", 1, " %a", None);
float_fn!(/// Arc tangent.
    ATAN, "math.atan", 1, " %a", None);
float_fn!(/// Absolute value of a float.
    ABSF, "math.absf", 1, " %a", Some(fold_absf));
float_fn!(/// Round toward negative infinity.
    FLOOR, "math.floor", 1, " %a", Some(fold_floor));
float_fn!(/// Round toward positive infinity.
    CEIL, "math.ceil", 1, " %a", Some(fold_ceil));
float_fn!(/// Two-argument arc tangent `atan2(y, x)`.
    ATAN2, "math.atan2", 2, " %a, %a", None);
float_fn!(/// `sqrt(x*x + y*y)` without undue overflow, correctly rounded (C's `hypot`; no upstream
    /// op: CPU code calls the C library, as NumPy's and CPython's `hypot` do).
    HYPOT, "math.hypot", 2, " %a, %a", None);
float_fn!(/// Power `x ** y` for floats.
    POWF, "math.powf", 2, " %a, %a", None);
float_fn!(/// Fused multiply-add `a * b + c` with one rounding.
    FMA, "math.fma", 3, " %a, %a, %a", None);

/// Absolute value of an integer (wrapping for the minimum value, as NumPy does).
pub const ABSI: OpDef = OpDef {
    name: "math.absi",
    summary: "absolute value of an integer",
    example: "%a = arith.constant {value = -3 : i64} : i64\n%0 = math.absi %a : i64",
    operands: Exactly(1),
    results: Exactly(1),
    traits: PURE_SAME,
    verify: Some(check_integer_like),
    ..OpDef::DEFAULT
};

pub const OPS: &[&OpDef] = &[
    &SQRT, &EXP, &LOG, &LOG10, &LOG2, &LOG1P, &EXPM1, &ERF, &ERFC, &TGAMMA, &LGAMMA, &ASIN, &ACOS,
    &SINH, &COSH, &TRUNC, &SIN, &COS, &TAN, &TANH, &ATAN, &ABSF, &FLOOR, &CEIL, &ATAN2, &POWF,
    &HYPOT, &FMA, &ABSI,
];

fn fold_unary(ctx: &mut Context, op: OpId, f: fn(f64) -> f64) -> Option<Vec<Folded>> {
    let a = crate::arith::float_constant(ctx, ctx.operand(op, 0))?;
    let ty = ctx.value_type(ctx.result(op, 0));
    let v = match ctx.type_kind(ty) {
        crate::ir::TypeKind::Float(crate::ir::FloatKind::F32) => f(a) as f32 as f64,
        _ => f(a),
    };
    Some(vec![Folded::Const(ctx.float_attr(v, ty))])
}

fn fold_sqrt(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_unary(ctx, op, f64::sqrt)
}
fn fold_absf(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_unary(ctx, op, f64::abs)
}
fn fold_floor(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_unary(ctx, op, f64::floor)
}
fn fold_ceil(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_unary(ctx, op, f64::ceil)
}
fn fold_trunc(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_unary(ctx, op, f64::trunc)
}

/// A unary function whose result has the operand's type.
pub fn unary(b: &mut Builder, def: &'static OpDef, x: Value) -> Value {
    let ty = b.ctx.value_type(x);
    b.build_value(def, &[x], ty, &[])
}
