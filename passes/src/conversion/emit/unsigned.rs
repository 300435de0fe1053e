//! The choice of signed or unsigned `arith` ops by the operands' types (see [`for_operands`]).

use blackbird_dialects::arith::{self, CmpIPredicate};
use blackbird_dialects::ir::{Context, OpDef, Type, TypeKind, Value};

/// `def` as it applies to `operands` (and `results`): the `arith` integer ops are signless
/// and say how they read their bits, so on unsigned integers (`ui8`, NumPy's `uint8`…) a
/// signed op is replaced by its unsigned twin (`divsi`/`floordivsi` → `divui`, `remsi` →
/// `remui`, `minsi`/`maxsi` → `minui`/`maxui`, `shrsi` → `shrui`, `extsi` → `extui`,
/// `sitofp` → `uitofp`, `index_cast` → `index_castui`; `fptosi` → `fptoui` for an unsigned
/// result), and a signed `cmpi` predicate by the unsigned one (also returned). Booleans (`i1`)
/// count as unsigned. Every converter emits through here, so the choice is made once.
pub fn for_operands(
    ctx: &Context,
    def: &'static OpDef,
    operands: &[Value],
    results: &[Type],
    attrs: &[(&str, blackbird_dialects::ir::Attr)],
) -> (&'static OpDef, Option<&'static str>) {
    // A bool (`i1`) is 0 or 1: ordered and widened as unsigned (signed, true would be -1).
    let unsigned =
        |t: Type| is_unsigned(ctx, t) || matches!(ctx.type_kind(t), TypeKind::Int { width: 1, .. });
    let unsigned_operand = operands
        .first()
        .is_some_and(|v| unsigned(ctx.value_type(*v)));
    if def.same_as(&arith::FPTOSI) {
        return match results.first().is_some_and(|t| unsigned(*t)) {
            true => (&arith::FPTOUI, None),
            false => (def, None),
        };
    }
    if !unsigned_operand {
        return (def, None);
    }
    if def.same_as(&arith::CMPI) {
        let predicate = attrs
            .iter()
            .find(|(name, _)| *name == arith::cmpi::PREDICATE.name)
            .and_then(|(_, a)| ctx.attr_kind(*a).as_str())
            .and_then(CmpIPredicate::parse);
        let unsigned_predicate = match predicate {
            Some(CmpIPredicate::Slt) => Some(CmpIPredicate::Ult),
            Some(CmpIPredicate::Sle) => Some(CmpIPredicate::Ule),
            Some(CmpIPredicate::Sgt) => Some(CmpIPredicate::Ugt),
            Some(CmpIPredicate::Sge) => Some(CmpIPredicate::Uge),
            _ => None,
        };
        return (def, unsigned_predicate.map(CmpIPredicate::as_str));
    }
    let twin = UNSIGNED_TWINS
        .iter()
        .find(|(signed, _)| def.same_as(signed))
        .map_or(def, |(_, twin)| *twin);
    (twin, None)
}

/// Each signed integer op and its unsigned twin.
const UNSIGNED_TWINS: &[(&OpDef, &OpDef)] = &[
    (&arith::DIVSI, &arith::DIVUI),
    (&arith::FLOORDIVSI, &arith::DIVUI),
    (&arith::REMSI, &arith::REMUI),
    (&arith::MINSI, &arith::MINUI),
    (&arith::MAXSI, &arith::MAXUI),
    (&arith::SHRSI, &arith::SHRUI),
    (&arith::EXTSI, &arith::EXTUI),
    (&arith::SITOFP, &arith::UITOFP),
    (&arith::INDEX_CAST, &arith::INDEX_CASTUI),
];

/// Whether `t` is an unsigned integer type (`ui8`…).
pub fn is_unsigned(ctx: &Context, t: Type) -> bool {
    matches!(
        ctx.type_kind(t),
        TypeKind::Int {
            signedness: blackbird_dialects::ir::Signedness::Unsigned,
            ..
        }
    )
}
