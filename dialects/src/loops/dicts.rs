//! Python dicts and sets at the loop level. A dict (`!py.dict<K, V>`) or set (`!py.set<K>`)
//! is a reference to a runtime hash table (CPython's compact layout: entries in insertion
//! order, an open-addressing index over them); every alias holds the same table. Each
//! operation is one call into the runtime (`loop.dict_make`, `loop.dict_call`), except the
//! length, which is read inline. Keys and values travel as 64-bit words (a tuple as one word
//! per item).

use crate::ir::Arity::{AtLeast, Exactly};
use crate::ir::{check_value_type, Context, OpDef, OpId, TypeKind, VerifyErrorKind};

/// A new dict or set: `new` (empty), `copy` of the operand, or `union`, `intersection`,
/// `difference`, `symmetric_difference` of two sets. The runtime frees it when the call into
/// compiled code that made it ends.
pub const DICT_MAKE: OpDef = OpDef {
    name: "loop.dict_make",
    summary: "new dict or set (empty, a copy, or a set operation's result)",
    example: "%0 = loop.dict_make {method = \"new\"} : () -> !py.dict<i64, f64>",
    operands: AtLeast(0),
    results: Exactly(1),
    attrs: &[dict::METHOD.required()],
    verify: Some(verify_make),
    ..OpDef::DEFAULT
};

/// One operation on a dict or set (operand 0), its `method` naming it: `len` (read inline),
/// `get`, `set`, `pop`, `popitem`, `clear`, `iter`, `entry`, `update`, `equal`, `issubset`,
/// `isdisjoint`, `intersection_update`, `difference_update`, `symmetric_difference_update`.
/// Operand 1 is an `index` argument (the entry number of `entry`), the others the input
/// words (a key, a key and a value, or another dict); result 0 is the runtime's answer (found,
/// length, equal) as an `index`, the others the output words (a value, a key and a value).
pub const DICT_CALL: OpDef = OpDef {
    name: "loop.dict_call",
    summary: "operation on a dict or set",
    example: "%0 = loop.dict_make {method = \"new\"} : () -> !py.dict<i64, f64>\n%i = arith.constant {value = 0 : index} : index\n%k = arith.constant {value = 3 : i64} : i64\n%1:2 = loop.dict_call %0, %i, %k {method = \"get\"} : (!py.dict<i64, f64>, index, i64) -> (index, f64)",
    operands: AtLeast(2),
    results: AtLeast(1),
    attrs: &[dict::METHOD.required()],
    verify: Some(verify_call),
    ..OpDef::DEFAULT
};

/// The attributes of the dict ops.
pub mod dict {
    use crate::ir::AttrKey;

    /// The runtime operation (see [`DICT_MAKE`](super::DICT_MAKE), [`DICT_CALL`](super::DICT_CALL)).
    pub const METHOD: AttrKey<String> = AttrKey::new("method");
}

fn is_dict(k: &TypeKind) -> bool {
    matches!(k, TypeKind::PyDict(..) | TypeKind::PySet(_))
}

fn verify_make(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    for v in ctx.operands(op) {
        check_value_type(ctx, *v, "operand", "a dict or set", is_dict)?;
    }
    check_value_type(ctx, ctx.result(op, 0), "result", "a dict or set", is_dict)
}

fn verify_call(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.operand(op, 0), "operand", "a dict or set", is_dict)?;
    check_value_type(ctx, ctx.operand(op, 1), "argument", "index", |k| {
        k.is_index()
    })?;
    check_value_type(ctx, ctx.result(op, 0), "result", "index", |k| k.is_index())
}
