//! The choice of signed or unsigned `arith` ops by the operands' types (see [`for_operands`]).

use blackbird_dialects::arith;
use blackbird_dialects::ir::{AttrKind, Context, OpDef, Type, TypeKind, Value};

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
    if def.name == arith::FPTOSI.name {
        return match results.first().is_some_and(|t| unsigned(*t)) {
            true => (&arith::FPTOUI, None),
            false => (def, None),
        };
    }
    if !unsigned_operand {
        return (def, None);
    }
    let twin: &'static OpDef = match def.name {
        "arith.divsi" | "arith.floordivsi" => &arith::DIVUI,
        "arith.remsi" => &arith::REMUI,
        "arith.minsi" => &arith::MINUI,
        "arith.maxsi" => &arith::MAXUI,
        "arith.shrsi" => &arith::SHRUI,
        "arith.extsi" => &arith::EXTUI,
        "arith.sitofp" => &arith::UITOFP,
        "arith.index_cast" => &arith::INDEX_CASTUI,
        "arith.cmpi" => {
            let predicate = attrs
                .iter()
                .find(|(name, _)| *name == "predicate")
                .and_then(|(_, a)| match ctx.attr_kind(*a) {
                    AttrKind::Str(p) => Some(p.as_str()),
                    _ => None,
                });
            let unsigned_predicate = match predicate {
                Some("slt") => Some("ult"),
                Some("sle") => Some("ule"),
                Some("sgt") => Some("ugt"),
                Some("sge") => Some("uge"),
                _ => None,
            };
            return (def, unsigned_predicate);
        }
        _ => def,
    };
    (twin, None)
}

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
