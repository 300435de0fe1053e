//! The `arith` dialect: scalar integer and float arithmetic, comparisons, select and casts.
//! A mirror of MLIR's upstream `arith` (same op names and semantics: integers are signless and
//! wrap; the op says signed/unsigned), so lowering to MLIR is one to one. Predicates are
//! strings (`{predicate = "slt"}`). Constants of type `i1` hold `true`/`false`.
//!
//! Folds here are exact: integer folds wrap to the type's width, float folds compute in `f64`
//! and round to the result type (correctly rounded for `+ - * /`), and identities are only
//! those that hold for every input including NaN and signed zeros (`x + -0.0 → x`, `x * 1.0 → x`;
//! not `x + 0.0` or `x * 0.0`).

use crate::ir::Arity::Exactly;
use crate::ir::AttrKey;
use crate::ir::{
    check_float, check_integer_like, check_value_type, AttrKind, Builder, Context, Folded, OpDef,
    OpId, Trait, Type, TypeKind, Value, VerifyErrorKind,
};

const PURE_SAME: &[Trait] = &[Trait::Pure, Trait::SameOperandsAndResultType];
const PURE_SAME_COMM: &[Trait] = &[
    Trait::Pure,
    Trait::Commutative,
    Trait::SameOperandsAndResultType,
];

macro_rules! int_binop {
    ($(#[$doc:meta])* $id:ident, $name:literal, $traits:expr, $fold:expr) => {
        $(#[$doc])*
        pub const $id: OpDef = OpDef {
            name: $name,
            summary: stringify!($($doc)*),
            example: concat!("%a = arith.constant {value = 7 : i64} : i64\n%0 = ", $name, " %a, %a : i64"),
            operands: Exactly(2),
            results: Exactly(1),
            traits: $traits,
            verify: Some(check_integer_like),
            fold: $fold,
            ..OpDef::DEFAULT
        };
    };
}

crate::attr_enum! {
    /// A float op's optional `fastmath` flag, one of MLIR's `arith` fast-math flags (printed
    /// `fastmath<flag>` upstream). `contract` lets a multiplication and the addition of its
    /// result fuse into one fused multiply-add where the target has one (C's `-ffp-contract=on`;
    /// BLAS kernels multiply-add fused): each fused step rounds once instead of twice.
    pub enum FastmathFlag {
        Reassoc = "reassoc",
        Nnan = "nnan",
        Ninf = "ninf",
        Nsz = "nsz",
        Arcp = "arcp",
        Contract = "contract",
        Afn = "afn",
        Fast = "fast",
    }
}

/// The `fastmath` flag of the float ops.
pub const FASTMATH: AttrKey<FastmathFlag> = AttrKey::new("fastmath");

macro_rules! float_binop {
    ($(#[$doc:meta])* $id:ident, $name:literal, $traits:expr, $fold:expr) => {
        $(#[$doc])*
        pub const $id: OpDef = OpDef {
            name: $name,
            summary: stringify!($($doc)*),
            example: concat!("%a = arith.constant {value = 1.5 : f64} : f64\n%0 = ", $name, " %a, %a : f64\n%1 = ", $name, " %a, %0 {fastmath = \"contract\"} : f64"),
            operands: Exactly(2),
            results: Exactly(1),
            attrs: &[FASTMATH.optional()],
            traits: $traits,
            verify: Some(check_float),
            fold: $fold,
            ..OpDef::DEFAULT
        };
    };
}

/// A constant scalar: the `value` attribute's type is the result type.
pub const CONSTANT: OpDef = OpDef {
    name: "arith.constant",
    summary: "a scalar constant",
    example: "%0 = arith.constant {value = 42 : i64} : i64\n%1 = arith.constant {value = 2.5 : f32} : f32\n%2 = arith.constant {value = true} : i1",
    results: Exactly(1),
    attrs: &[constant::VALUE.required()],
    traits: &[Trait::Pure, Trait::ConstantLike],
    verify: Some(verify_constant),
    ..OpDef::DEFAULT
};

/// The attributes of `arith.constant`.
pub mod constant {
    use crate::ir::{AttrKey, AttrKind};

    /// The constant: an integer, float or bool.
    pub const VALUE: AttrKey<AttrKind> = AttrKey::new("value");
}

int_binop!(/// Integer addition, wrapping.
    ADDI, "arith.addi", PURE_SAME_COMM, Some(fold_addi));
int_binop!(/// Integer subtraction, wrapping.
    SUBI, "arith.subi", PURE_SAME, Some(fold_subi));
int_binop!(/// Integer multiplication, wrapping.
    MULI, "arith.muli", PURE_SAME_COMM, Some(fold_muli));
int_binop!(/// Signed integer division rounding toward zero; undefined for a zero divisor (guard it).
    DIVSI, "arith.divsi", PURE_SAME, Some(fold_divsi));
int_binop!(/// Signed remainder with the sign of the dividend (C semantics).
    REMSI, "arith.remsi", PURE_SAME, Some(fold_remsi));
int_binop!(/// Signed integer division rounding toward negative infinity (Python's `//`).
    FLOORDIVSI, "arith.floordivsi", PURE_SAME, Some(fold_floordivsi));
int_binop!(/// Signed maximum.
    MAXSI, "arith.maxsi", PURE_SAME_COMM, Some(fold_maxsi));
int_binop!(/// Signed minimum.
    MINSI, "arith.minsi", PURE_SAME_COMM, Some(fold_minsi));
int_binop!(/// Bitwise and.
    ANDI, "arith.andi", PURE_SAME_COMM, Some(fold_andi));
int_binop!(/// Bitwise or.
    ORI, "arith.ori", PURE_SAME_COMM, Some(fold_ori));
int_binop!(/// Bitwise exclusive or.
    XORI, "arith.xori", PURE_SAME_COMM, Some(fold_xori));
int_binop!(/// Shift left.
    SHLI, "arith.shli", PURE_SAME, None);
int_binop!(/// Arithmetic (sign-propagating) shift right.
    SHRSI, "arith.shrsi", PURE_SAME, None);
// The unsigned twins of the signed ops: integers are signless in `arith`, the op says how its
// bits are read. Converters pick them for unsigned types (`ui8`…), see
// `conversion::emit::for_operands`.
int_binop!(/// Unsigned integer division (rounding down); undefined for a zero divisor (guard it).
    DIVUI, "arith.divui", PURE_SAME, Some(fold_divui));
int_binop!(/// Unsigned remainder.
    REMUI, "arith.remui", PURE_SAME, None);
int_binop!(/// Unsigned maximum.
    MAXUI, "arith.maxui", PURE_SAME_COMM, None);
int_binop!(/// Unsigned minimum.
    MINUI, "arith.minui", PURE_SAME_COMM, None);
int_binop!(/// Logical (zero-filling) shift right.
    SHRUI, "arith.shrui", PURE_SAME, None);

float_binop!(/// Float addition.
    ADDF, "arith.addf", PURE_SAME_COMM, Some(fold_addf));
float_binop!(/// Float subtraction.
    SUBF, "arith.subf", PURE_SAME, Some(fold_subf));
float_binop!(/// Float multiplication.
    MULF, "arith.mulf", PURE_SAME_COMM, Some(fold_mulf));
float_binop!(/// Float division.
    DIVF, "arith.divf", PURE_SAME, Some(fold_divf));
float_binop!(/// Float remainder with the sign of the dividend (C `fmod`).
    REMF, "arith.remf", PURE_SAME, None);
float_binop!(/// Float maximum propagating NaN (`np.maximum`).
    MAXIMUMF, "arith.maximumf", PURE_SAME_COMM, None);
float_binop!(/// Float minimum propagating NaN (`np.minimum`).
    MINIMUMF, "arith.minimumf", PURE_SAME_COMM, None);

/// Float negation (flips the sign bit, also of zeros and NaN).
pub const NEGF: OpDef = OpDef {
    name: "arith.negf",
    summary: "float negation",
    example: "%a = arith.constant {value = 1.5 : f64} : f64\n%0 = arith.negf %a : f64",
    operands: Exactly(1),
    results: Exactly(1),
    traits: PURE_SAME,
    verify: Some(check_float),
    fold: Some(fold_negf),
    ..OpDef::DEFAULT
};

crate::attr_enum! {
    /// `arith.cmpi` predicates: `s*` signed, `u*` unsigned.
    pub enum CmpIPredicate {
        Eq = "eq",
        Ne = "ne",
        Slt = "slt",
        Sle = "sle",
        Sgt = "sgt",
        Sge = "sge",
        Ult = "ult",
        Ule = "ule",
        Ugt = "ugt",
        Uge = "uge",
    }
}
crate::attr_enum! {
    /// `arith.cmpf` predicates: `o*` false and `u*` true when an operand is NaN.
    pub enum CmpFPredicate {
        False = "false",
        Oeq = "oeq",
        Ogt = "ogt",
        Oge = "oge",
        Olt = "olt",
        Ole = "ole",
        One = "one",
        Ord = "ord",
        Ueq = "ueq",
        Ugt = "ugt",
        Uge = "uge",
        Ult = "ult",
        Ule = "ule",
        Une = "une",
        Uno = "uno",
        True = "true",
    }
}

/// Integer comparison producing `i1`.
pub const CMPI: OpDef = OpDef {
    name: "arith.cmpi",
    summary: "integer comparison",
    example: "%a = arith.constant {value = 7 : i64} : i64\n%0 = arith.cmpi %a, %a {predicate = \"slt\"} : (i64, i64) -> i1",
    operands: Exactly(2),
    results: Exactly(1),
    attrs: &[cmpi::PREDICATE.required()],
    traits: &[Trait::Pure, Trait::SameOperandsType],
    verify: Some(verify_cmpi),
    fold: Some(fold_cmpi),
    ..OpDef::DEFAULT
};

/// The attributes of `arith.cmpi`.
pub mod cmpi {
    use super::CmpIPredicate;
    use crate::ir::AttrKey;

    pub const PREDICATE: AttrKey<CmpIPredicate> = AttrKey::new("predicate");
}

/// Float comparison producing `i1`; `o*` predicates are false and `u*` true when a NaN is involved.
pub const CMPF: OpDef = OpDef {
    name: "arith.cmpf",
    summary: "float comparison",
    example: "%a = arith.constant {value = 1.5 : f64} : f64\n%0 = arith.cmpf %a, %a {predicate = \"olt\"} : (f64, f64) -> i1",
    operands: Exactly(2),
    results: Exactly(1),
    attrs: &[cmpf::PREDICATE.required()],
    traits: &[Trait::Pure, Trait::SameOperandsType],
    verify: Some(verify_cmpf),
    fold: Some(fold_cmpf),
    ..OpDef::DEFAULT
};

/// The attributes of `arith.cmpf`.
pub mod cmpf {
    use super::CmpFPredicate;
    use crate::ir::AttrKey;

    pub const PREDICATE: AttrKey<CmpFPredicate> = AttrKey::new("predicate");
}

/// `cond ? a : b` for scalars.
pub const SELECT: OpDef = OpDef {
    name: "arith.select",
    summary: "choose between two values",
    example: "%c = arith.constant {value = true} : i1\n%a = arith.constant {value = 1.5 : f64} : f64\n%0 = arith.select %c, %a, %a : (i1, f64, f64) -> f64",
    operands: Exactly(3),
    results: Exactly(1),
    traits: &[Trait::Pure],
    verify: Some(verify_select),
    fold: Some(fold_select),
    ..OpDef::DEFAULT
};

macro_rules! cast_op {
    ($(#[$doc:meta])* $id:ident, $name:literal, $example:literal, $verify:expr) => {
        $(#[$doc])*
        pub const $id: OpDef = OpDef {
            name: $name,
            summary: stringify!($($doc)*),
            example: $example,
            operands: Exactly(1),
            results: Exactly(1),
            traits: &[Trait::Pure],
            verify: Some($verify),
            fold: Some(fold_cast),
            ..OpDef::DEFAULT
        };
    };
}

cast_op!(/// Sign-extend an integer to a wider one.
    EXTSI, "arith.extsi", "%a = arith.constant {value = 7 : i32} : i32\n%0 = arith.extsi %a : (i32) -> i64",
    |c, o| verify_int_width_change(c, o, true));
cast_op!(/// Zero-extend an integer to a wider one (booleans to integers).
    EXTUI, "arith.extui", "%a = arith.constant {value = true} : i1\n%0 = arith.extui %a : (i1) -> i64",
    |c, o| verify_int_width_change(c, o, true));
cast_op!(/// Truncate an integer to a narrower one.
    TRUNCI, "arith.trunci", "%a = arith.constant {value = 7 : i64} : i64\n%0 = arith.trunci %a : (i64) -> i32",
    |c, o| verify_int_width_change(c, o, false));
cast_op!(/// Signed integer to float.
    SITOFP, "arith.sitofp", "%a = arith.constant {value = 7 : i64} : i64\n%0 = arith.sitofp %a : (i64) -> f64",
    |c, o| verify_cast_kinds(c, o, TypeKind::is_integer, TypeKind::is_float));
cast_op!(/// Float to signed integer, rounding toward zero.
    FPTOSI, "arith.fptosi", "%a = arith.constant {value = 1.5 : f64} : f64\n%0 = arith.fptosi %a : (f64) -> i64",
    |c, o| verify_cast_kinds(c, o, TypeKind::is_float, TypeKind::is_integer));
cast_op!(/// Unsigned integer to float.
    UITOFP, "arith.uitofp", "%a = arith.constant {value = 7 : ui8} : ui8\n%0 = arith.uitofp %a : (ui8) -> f64",
    |c, o| verify_cast_kinds(c, o, TypeKind::is_integer, TypeKind::is_float));
cast_op!(/// Float to unsigned integer, rounding toward zero.
    FPTOUI, "arith.fptoui", "%a = arith.constant {value = 1.5 : f64} : f64\n%0 = arith.fptoui %a : (f64) -> ui8",
    |c, o| verify_cast_kinds(c, o, TypeKind::is_float, TypeKind::is_integer));
cast_op!(/// Widen a float.
    EXTF, "arith.extf", "%a = arith.constant {value = 1.5 : f32} : f32\n%0 = arith.extf %a : (f32) -> f64",
    |c, o| verify_float_width_change(c, o, true));
cast_op!(/// Narrow a float, rounding to nearest.
    TRUNCF, "arith.truncf", "%a = arith.constant {value = 1.5 : f64} : f64\n%0 = arith.truncf %a : (f64) -> f32",
    |c, o| verify_float_width_change(c, o, false));
cast_op!(/// Convert between an integer and `index` (sign-extending a narrower integer).
    INDEX_CAST, "arith.index_cast", "%a = arith.constant {value = 7 : i64} : i64\n%0 = arith.index_cast %a : (i64) -> index",
    verify_index_cast);
cast_op!(/// Convert between an unsigned integer and `index` (zero-extending a narrower integer).
    INDEX_CASTUI, "arith.index_castui", "%a = arith.constant {value = 7 : ui8} : ui8\n%0 = arith.index_castui %a : (ui8) -> index",
    verify_index_cast);

/// Reinterpret the bits of an integer as a float of the same width, or the reverse.
pub const BITCAST: OpDef = OpDef {
    name: "arith.bitcast",
    summary: "reinterpret bits between an integer and a float of the same width",
    example: "%a = arith.constant {value = 1.5 : f64} : f64\n%0 = arith.bitcast %a : (f64) -> i64",
    operands: Exactly(1),
    results: Exactly(1),
    traits: &[Trait::Pure],
    verify: Some(verify_bitcast),
    ..OpDef::DEFAULT
};

pub const OPS: &[&OpDef] = &[
    &CONSTANT,
    &BITCAST,
    &ADDI,
    &SUBI,
    &MULI,
    &DIVSI,
    &REMSI,
    &FLOORDIVSI,
    &MAXSI,
    &MINSI,
    &ANDI,
    &ORI,
    &XORI,
    &SHLI,
    &SHRSI,
    &DIVUI,
    &REMUI,
    &MAXUI,
    &MINUI,
    &SHRUI,
    &ADDF,
    &SUBF,
    &MULF,
    &DIVF,
    &REMF,
    &MAXIMUMF,
    &MINIMUMF,
    &NEGF,
    &CMPI,
    &CMPF,
    &SELECT,
    &EXTSI,
    &EXTUI,
    &TRUNCI,
    &SITOFP,
    &FPTOSI,
    &UITOFP,
    &FPTOUI,
    &EXTF,
    &TRUNCF,
    &INDEX_CAST,
    &INDEX_CASTUI,
];

// ----- verifiers -----

fn verify_constant(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let ty = ctx.value_type(ctx.result(op, 0));
    let value = ctx
        .attr_data(op, "value")
        .expect("checked by the generic verifier");
    let ok = match (value, ctx.type_kind(ty)) {
        (AttrKind::Bool(_), TypeKind::Int { width: 1, .. }) => true,
        (AttrKind::Int(v, t), kind) if *t == ty && !kind.holds_int(*v) => {
            return Err(VerifyErrorKind::ConstantDoesNotFit {
                value: v.to_string(),
                ty: crate::ir::type_to_string(ctx, ty),
            })
        }
        (AttrKind::Int(_, t), _) | (AttrKind::Float(_, t), _) => {
            *t == ty && !matches!(ctx.type_kind(ty), TypeKind::Int { width: 1, .. })
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(VerifyErrorKind::ConstantType {
            value: crate::ir::attr_to_string(ctx, ctx.attr(op, "value").unwrap()),
            ty: crate::ir::type_to_string(ctx, ty),
        })
    }
}

fn is_i1(k: &TypeKind) -> bool {
    matches!(k, TypeKind::Int { width: 1, .. })
}

fn verify_cmpi(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(
        ctx,
        ctx.operand(op, 0),
        "operand",
        "an integer or index",
        TypeKind::is_integer_like,
    )?;
    check_value_type(ctx, ctx.result(op, 0), "result", "i1", is_i1)
}

fn verify_cmpf(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(
        ctx,
        ctx.operand(op, 0),
        "operand",
        "a float",
        TypeKind::is_float,
    )?;
    check_value_type(ctx, ctx.result(op, 0), "result", "i1", is_i1)
}

fn verify_select(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.operand(op, 0), "condition", "i1", is_i1)?;
    let t = ctx.value_type(ctx.result(op, 0));
    if ctx.value_type(ctx.operand(op, 1)) != t || ctx.value_type(ctx.operand(op, 2)) != t {
        return Err(VerifyErrorKind::OperandTypes(
            "both choices must have the result type",
        ));
    }
    Ok(())
}

fn int_width(k: &TypeKind) -> Option<u32> {
    match k {
        TypeKind::Int { width, .. } => Some(*width),
        _ => None,
    }
}

fn verify_int_width_change(ctx: &Context, op: OpId, widen: bool) -> Result<(), VerifyErrorKind> {
    let from = int_width(ctx.type_kind(ctx.value_type(ctx.operand(op, 0))));
    let to = int_width(ctx.type_kind(ctx.value_type(ctx.result(op, 0))));
    match (from, to) {
        (Some(f), Some(t)) if (widen && t > f) || (!widen && t < f) => Ok(()),
        (Some(_), Some(_)) => Err(VerifyErrorKind::OperandTypes(if widen {
            "result must be wider than the operand"
        } else {
            "result must be narrower than the operand"
        })),
        _ => Err(VerifyErrorKind::OperandTypes(
            "operand and result must be integers",
        )),
    }
}

fn float_width(k: &TypeKind) -> Option<u32> {
    match k {
        TypeKind::Float(f) => Some(f.width()),
        _ => None,
    }
}

fn verify_float_width_change(ctx: &Context, op: OpId, widen: bool) -> Result<(), VerifyErrorKind> {
    let from = float_width(ctx.type_kind(ctx.value_type(ctx.operand(op, 0))));
    let to = float_width(ctx.type_kind(ctx.value_type(ctx.result(op, 0))));
    match (from, to) {
        (Some(f), Some(t)) if (widen && t > f) || (!widen && t < f) => Ok(()),
        (Some(_), Some(_)) => Err(VerifyErrorKind::OperandTypes(if widen {
            "result must be wider than the operand"
        } else {
            "result must be narrower than the operand"
        })),
        _ => Err(VerifyErrorKind::OperandTypes(
            "operand and result must be floats",
        )),
    }
}

fn verify_cast_kinds(
    ctx: &Context,
    op: OpId,
    from: fn(&TypeKind) -> bool,
    to: fn(&TypeKind) -> bool,
) -> Result<(), VerifyErrorKind> {
    let ok = from(ctx.type_kind(ctx.value_type(ctx.operand(op, 0))))
        && to(ctx.type_kind(ctx.value_type(ctx.result(op, 0))));
    if ok {
        Ok(())
    } else {
        Err(VerifyErrorKind::OperandTypes(
            "operand or result has the wrong kind of type for this cast",
        ))
    }
}

fn verify_bitcast(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (from, to) = (
        ctx.type_kind(ctx.value_type(ctx.operand(op, 0))),
        ctx.type_kind(ctx.value_type(ctx.result(op, 0))),
    );
    let width = |k: &TypeKind| match k {
        TypeKind::Int { width, .. } => Some(*width),
        TypeKind::Float(f) => Some(f.width()),
        _ => None,
    };
    // Between an integer and a float, or integers read with different signedness (`ui64`
    // and `i64` are one MLIR type, `i64`).
    let kinds_differ = from.is_float() != to.is_float() || (from != to && !from.is_float());
    match (width(from), width(to)) {
        (Some(a), Some(b)) if a == b && kinds_differ => Ok(()),
        _ => Err(VerifyErrorKind::OperandTypes("converts between an integer and a float, or a signed and an unsigned integer, of the same width")),
    }
}

fn verify_index_cast(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let a = ctx.type_kind(ctx.value_type(ctx.operand(op, 0)));
    let b = ctx.type_kind(ctx.value_type(ctx.result(op, 0)));
    if (a.is_integer() && b.is_index()) || (a.is_index() && b.is_integer()) {
        Ok(())
    } else {
        Err(VerifyErrorKind::OperandTypes(
            "converts between an integer and index",
        ))
    }
}

// ----- folding -----

/// Width of an integer-like type (`index` is 64 bits).
fn width_of(ctx: &Context, ty: Type) -> u32 {
    match ctx.type_kind(ty) {
        TypeKind::Int { width, .. } => *width,
        _ => 64,
    }
}

/// Sign-extend the low `width` bits of `v` (the value an `iN` holds), except `i1` which is 0/1.
fn wrap(v: i64, width: u32) -> i64 {
    match width {
        1 => v & 1,
        64 => v,
        w => (v << (64 - w)) >> (64 - w),
    }
}

/// The integer a constant operand holds (booleans as 0/1).
pub fn int_constant(ctx: &Context, v: Value) -> Option<i64> {
    match ctx.attr_kind(ctx.constant_value(v)?) {
        AttrKind::Int(x, _) => Some(*x),
        AttrKind::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// The float a constant operand holds.
pub fn float_constant(ctx: &Context, v: Value) -> Option<f64> {
    ctx.attr_kind(ctx.constant_value(v)?).as_float()
}

/// An integer constant of type `ty` (a boolean for `i1`), wrapped to the width.
fn int_attr(ctx: &mut Context, v: i64, ty: Type) -> Folded {
    let attr = match width_of(ctx, ty) {
        1 => ctx.intern_attr(AttrKind::Bool(v & 1 == 1)),
        w => ctx.int_attr(wrap(v, w), ty),
    };
    Folded::Const(attr)
}

/// A float constant of type `ty`, rounded to its precision.
fn float_attr(ctx: &mut Context, v: f64, ty: Type) -> Folded {
    let rounded = match ctx.type_kind(ty) {
        TypeKind::Float(crate::ir::FloatKind::F32) => v as f32 as f64,
        _ => v,
    };
    Folded::Const(ctx.float_attr(rounded, ty))
}

fn result_type(ctx: &Context, op: OpId) -> Type {
    ctx.value_type(ctx.result(op, 0))
}

fn fold_int(
    ctx: &mut Context,
    op: OpId,
    f: impl Fn(i64, i64, u32) -> Option<i64>,
) -> Option<Vec<Folded>> {
    let a = int_constant(ctx, ctx.operand(op, 0))?;
    let b = int_constant(ctx, ctx.operand(op, 1))?;
    let ty = result_type(ctx, op);
    let v = f(a, b, width_of(ctx, ty))?;
    Some(vec![int_attr(ctx, v, ty)])
}

fn operand_is_int(ctx: &Context, op: OpId, index: usize, value: i64) -> bool {
    int_constant(ctx, ctx.operand(op, index)) == Some(value)
}

fn fold_addi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_int(ctx, op, 1, 0) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    fold_int(ctx, op, |a, b, _| Some(a.wrapping_add(b)))
}

fn fold_subi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_int(ctx, op, 1, 0) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    // (x + y) - y = x, exact in wrapping arithmetic.
    let (sum, y) = (ctx.operand(op, 0), ctx.operand(op, 1));
    if let Some(add) = ctx.defining_op(sum).filter(|d| ctx.is_op(*d, &ADDI)) {
        let (a, b) = (ctx.operand(add, 0), ctx.operand(add, 1));
        if b == y || a == y {
            return Some(vec![Folded::Value(if b == y { a } else { b })]);
        }
    }
    if ctx.operand(op, 0) == ctx.operand(op, 1) {
        let ty = result_type(ctx, op);
        return Some(vec![int_attr(ctx, 0, ty)]);
    }
    fold_int(ctx, op, |a, b, _| Some(a.wrapping_sub(b)))
}

fn fold_muli(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_int(ctx, op, 1, 1) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    if operand_is_int(ctx, op, 1, 0) {
        return Some(vec![Folded::Value(ctx.operand(op, 1))]);
    }
    fold_int(ctx, op, |a, b, _| Some(a.wrapping_mul(b)))
}

/// `None` for a zero divisor or `MIN / -1` (both undefined behaviour in MLIR): left unfolded.
fn checked_div(a: i64, b: i64, width: u32) -> Option<i64> {
    let min = if width == 64 {
        i64::MIN
    } else {
        -(1i64 << (width - 1))
    };
    (b != 0 && !(a == min && b == -1)).then(|| a / b)
}

fn fold_divsi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_int(ctx, op, 1, 1) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    fold_int(ctx, op, checked_div)
}

fn fold_divui(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_int(ctx, op, 1, 1) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    fold_int(ctx, op, |a, b, w| {
        let bits = |v: i64| match w {
            64 => v as u64,
            w => v as u64 & ((1u64 << w) - 1),
        };
        let (a, b) = (bits(a), bits(b));
        (b != 0).then(|| (a / b) as i64)
    })
}

fn fold_remsi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_int(ctx, op, |a, b, w| checked_div(a, b, w).map(|_| a % b))
}

fn fold_floordivsi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_int(ctx, op, 1, 1) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    fold_int(ctx, op, |a, b, w| {
        checked_div(a, b, w).map(|_| a.div_euclid(b) - i64::from(b < 0 && a.rem_euclid(b) != 0))
    })
}

fn fold_maxsi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_int(ctx, op, |a, b, _| Some(a.max(b)))
}

fn fold_minsi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_int(ctx, op, |a, b, _| Some(a.min(b)))
}

fn fold_same_operands(ctx: &Context, op: OpId) -> Option<Vec<Folded>> {
    (ctx.operand(op, 0) == ctx.operand(op, 1)).then(|| vec![Folded::Value(ctx.operand(op, 0))])
}

/// For a bitwise op with one constant operand that decides the result: `absorbing` gives the
/// constant (`x & 0`, `x | ~0`), `identity` the other operand (`x & ~0`, `x | 0`, `x ^ 0`).
fn fold_bitwise_constant(
    ctx: &mut Context,
    op: OpId,
    absorbing: Option<i64>,
    identity: i64,
) -> Option<Vec<Folded>> {
    let ty = result_type(ctx, op);
    let width = width_of(ctx, ty);
    for (c, other) in [(1, 0), (0, 1)] {
        let Some(k) = int_constant(ctx, ctx.operand(op, c)) else {
            continue;
        };
        let k = wrap(k, width);
        if Some(k) == absorbing.map(|a| wrap(a, width)) {
            return Some(vec![int_attr(ctx, k, ty)]);
        }
        if k == wrap(identity, width) {
            return Some(vec![Folded::Value(ctx.operand(op, other))]);
        }
    }
    None
}

fn fold_andi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_same_operands(ctx, op)
        .or_else(|| fold_int(ctx, op, |a, b, _| Some(a & b)))
        .or_else(|| fold_bitwise_constant(ctx, op, Some(0), -1))
}

fn fold_ori(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    fold_same_operands(ctx, op)
        .or_else(|| fold_int(ctx, op, |a, b, _| Some(a | b)))
        .or_else(|| fold_bitwise_constant(ctx, op, Some(-1), 0))
}

fn fold_xori(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if ctx.operand(op, 0) == ctx.operand(op, 1) {
        let ty = result_type(ctx, op);
        return Some(vec![int_attr(ctx, 0, ty)]);
    }
    fold_int(ctx, op, |a, b, _| Some(a ^ b)).or_else(|| fold_bitwise_constant(ctx, op, None, 0))
}

fn fold_float(ctx: &mut Context, op: OpId, f: impl Fn(f64, f64) -> f64) -> Option<Vec<Folded>> {
    let a = float_constant(ctx, ctx.operand(op, 0))?;
    let b = float_constant(ctx, ctx.operand(op, 1))?;
    let ty = result_type(ctx, op);
    Some(vec![float_attr(ctx, f(a, b), ty)])
}

/// Is operand `index` the float constant `value`, bit for bit (so `-0.0` differs from `0.0`)?
fn operand_is_float(ctx: &Context, op: OpId, index: usize, value: f64) -> bool {
    float_constant(ctx, ctx.operand(op, index)).is_some_and(|c| c.to_bits() == value.to_bits())
}

fn fold_addf(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_float(ctx, op, 1, -0.0) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    fold_float(ctx, op, |a, b| a + b)
}

fn fold_subf(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_float(ctx, op, 1, 0.0) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    fold_float(ctx, op, |a, b| a - b)
}

fn fold_mulf(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_float(ctx, op, 1, 1.0) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    fold_float(ctx, op, |a, b| a * b)
}

fn fold_divf(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    if operand_is_float(ctx, op, 1, 1.0) {
        return Some(vec![Folded::Value(ctx.operand(op, 0))]);
    }
    fold_float(ctx, op, |a, b| a / b)
}

fn fold_negf(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    let a = float_constant(ctx, ctx.operand(op, 0))?;
    let ty = result_type(ctx, op);
    Some(vec![float_attr(ctx, -a, ty)])
}

fn bool_attr(ctx: &mut Context, b: bool) -> Folded {
    Folded::Const(ctx.intern_attr(AttrKind::Bool(b)))
}

fn fold_cmpi(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    use CmpIPredicate as P;
    let pred = cmpi::PREDICATE.get(ctx, op)?;
    if ctx.operand(op, 0) == ctx.operand(op, 1) {
        let r = matches!(pred, P::Eq | P::Sle | P::Sge | P::Ule | P::Uge);
        return Some(vec![bool_attr(ctx, r)]);
    }
    let a = int_constant(ctx, ctx.operand(op, 0))?;
    let b = int_constant(ctx, ctx.operand(op, 1))?;
    let width = width_of(ctx, ctx.value_type(ctx.operand(op, 0)));
    let mask = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    let (ua, ub) = (a as u64 & mask, b as u64 & mask);
    let r = match pred {
        P::Eq => a == b,
        P::Ne => a != b,
        P::Slt => a < b,
        P::Sle => a <= b,
        P::Sgt => a > b,
        P::Sge => a >= b,
        P::Ult => ua < ub,
        P::Ule => ua <= ub,
        P::Ugt => ua > ub,
        P::Uge => ua >= ub,
    };
    Some(vec![bool_attr(ctx, r)])
}

fn fold_cmpf(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    let a = float_constant(ctx, ctx.operand(op, 0))?;
    let b = float_constant(ctx, ctx.operand(op, 1))?;
    let pred = cmpf::PREDICATE.get(ctx, op)?;
    let unordered = a.is_nan() || b.is_nan();
    let (ordered_result, base) = match pred {
        CmpFPredicate::False => return Some(vec![bool_attr(ctx, false)]),
        CmpFPredicate::True => return Some(vec![bool_attr(ctx, true)]),
        CmpFPredicate::Ord => return Some(vec![bool_attr(ctx, !unordered)]),
        CmpFPredicate::Uno => return Some(vec![bool_attr(ctx, unordered)]),
        // `o`/`u` and the comparison (`olt`: ordered, `lt`).
        p => (p.as_str().starts_with('o'), &p.as_str()[1..]),
    };
    let r = if unordered {
        !ordered_result
    } else {
        match base {
            "eq" => a == b,
            "ne" => a != b,
            "lt" => a < b,
            "le" => a <= b,
            "gt" => a > b,
            "ge" => a >= b,
            _ => return None,
        }
    };
    Some(vec![bool_attr(ctx, r)])
}

fn fold_select(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    let (a, b) = (ctx.operand(op, 1), ctx.operand(op, 2));
    if a == b {
        return Some(vec![Folded::Value(a)]);
    }
    let c = int_constant(ctx, ctx.operand(op, 0))?;
    Some(vec![Folded::Value(if c != 0 { a } else { b })])
}

fn fold_cast(ctx: &mut Context, op: OpId) -> Option<Vec<Folded>> {
    let ty = result_type(ctx, op);
    let input = ctx.operand(op, 0);
    // index_cast(index_cast(x)) back to x's type is x: index and i64 convert losslessly.
    if let Some(inner) = ctx
        .defining_op(input)
        .filter(|d| ctx.is_op(*d, &INDEX_CAST))
    {
        let x = ctx.operand(inner, 0);
        let lossless =
            |t: Type| matches!(ctx.type_kind(t), TypeKind::Index) || width_of(ctx, t) == 64;
        let middle = ctx.value_type(input);
        if ctx.is_op(op, &INDEX_CAST) && ctx.value_type(x) == ty && lossless(ty) && lossless(middle)
        {
            return Some(vec![Folded::Value(x)]);
        }
    }
    let from_width = width_of(ctx, ctx.value_type(input));
    let name = ctx.op_name(op);
    if let Some(i) = int_constant(ctx, input) {
        // `i` holds the sign-extended value; the unsigned casts must see it unsigned.
        let unsigned = || {
            let mask = if from_width == 64 {
                u64::MAX
            } else {
                (1u64 << from_width) - 1
            };
            i as u64 & mask
        };
        return match name {
            "arith.sitofp" => Some(vec![float_attr(ctx, i as f64, ty)]),
            "arith.uitofp" => Some(vec![float_attr(ctx, unsigned() as f64, ty)]),
            "arith.extui" | "arith.index_castui" => {
                Some(vec![int_attr(ctx, unsigned() as i64, ty)])
            }
            _ => Some(vec![int_attr(ctx, i, ty)]),
        };
    }
    let f = float_constant(ctx, input)?;
    match name {
        "arith.fptosi" => {
            let w = width_of(ctx, ty);
            let (lo, hi) = if w == 64 {
                (i64::MIN as f64, i64::MAX as f64)
            } else {
                (-(2f64.powi(w as i32 - 1)), 2f64.powi(w as i32 - 1) - 1.0)
            };
            (f.is_finite() && f.trunc() >= lo && f.trunc() <= hi)
                .then(|| vec![int_attr(ctx, f.trunc() as i64, ty)])
        }
        "arith.fptoui" => None,
        _ => Some(vec![float_attr(ctx, f, ty)]),
    }
}

// ----- builders -----

/// An integer (or `index`) constant.
pub fn const_int(b: &mut Builder, value: i64, ty: Type) -> Value {
    let attr = if width_of(b.ctx, ty) == 1 {
        b.ctx.intern_attr(AttrKind::Bool(value != 0))
    } else {
        b.ctx.int_attr(value, ty)
    };
    b.build_value(&CONSTANT, &[], ty, &[("value", attr)])
}

/// A float constant.
pub fn const_float(b: &mut Builder, value: f64, ty: Type) -> Value {
    let attr = b.ctx.float_attr(value, ty);
    b.build_value(&CONSTANT, &[], ty, &[("value", attr)])
}

/// A constant holding `attr` (as produced by a folder).
pub fn const_attr(b: &mut Builder, attr: crate::ir::Attr, ty: Type) -> Value {
    b.build_value(&CONSTANT, &[], ty, &[("value", attr)])
}

/// A binary op whose result has the operands' type (`arith.addi`, `arith.mulf`, …).
pub fn binary(b: &mut Builder, def: &'static OpDef, lhs: Value, rhs: Value) -> Value {
    let ty = b.ctx.value_type(lhs);
    b.build_value(def, &[lhs, rhs], ty, &[])
}

/// A comparison (`arith.cmpi` or `arith.cmpf`) with the given predicate.
pub fn compare(
    b: &mut Builder,
    def: &'static OpDef,
    predicate: &str,
    lhs: Value,
    rhs: Value,
) -> Value {
    let i1 = b.ctx.i1();
    let p = b.ctx.str_attr(predicate);
    b.build_value(def, &[lhs, rhs], i1, &[("predicate", p)])
}

/// A cast op to `ty`.
pub fn cast(b: &mut Builder, def: &'static OpDef, value: Value, ty: Type) -> Value {
    b.build_value(def, &[value], ty, &[])
}
