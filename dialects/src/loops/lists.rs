//! Python lists at the loop level. A list (`!py.list<T>`) is a reference to a heap header
//! (length, capacity, data pointer) whose element buffer grows geometrically; every alias of a
//! list holds the same header, so an append through one is seen through the others. Elements
//! are read and written through `loop.list_data`, a `memref<?xT>` over the current elements,
//! which is valid only until the next `loop.list_resize` (that may move the buffer).

use crate::ir::Arity::Exactly;
use crate::ir::{
    check_value_type, Context, MemLayout, OpDef, OpId, Trait, TypeKind, VerifyErrorKind,
};

/// A new list of `n` elements (not yet written); the runtime frees it when the call into
/// compiled code that made it ends.
pub const LIST_NEW: OpDef = OpDef {
    name: "loop.list_new",
    summary: "new list of n (unwritten) elements",
    example: "%n = arith.constant {value = 2 : index} : index\n%0 = loop.list_new %n : (index) -> !py.list<f64>",
    operands: Exactly(1),
    results: Exactly(1),
    verify: Some(verify_new),
    ..OpDef::DEFAULT
};

/// The number of elements of a list.
pub const LIST_LEN: OpDef = OpDef {
    name: "loop.list_len",
    summary: "length of a list",
    example: "%n = arith.constant {value = 2 : index} : index\n%0 = loop.list_new %n : (index) -> !py.list<f64>\n%1 = loop.list_len %0 : (!py.list<f64>) -> index",
    operands: Exactly(1),
    results: Exactly(1),
    traits: &[Trait::ReadOnly],
    verify: Some(verify_len),
    ..OpDef::DEFAULT
};

/// A buffer over a list's elements as they are now (valid until the next resize).
pub const LIST_DATA: OpDef = OpDef {
    name: "loop.list_data",
    summary: "buffer of a list's current elements",
    example: "%n = arith.constant {value = 2 : index} : index\n%0 = loop.list_new %n : (index) -> !py.list<f64>\n%1 = loop.list_data %0 : (!py.list<f64>) -> memref<?xf64>",
    operands: Exactly(1),
    results: Exactly(1),
    traits: &[Trait::ReadOnly],
    verify: Some(verify_data),
    ..OpDef::DEFAULT
};

/// Set a list's length to `n`, growing its capacity geometrically when `n` exceeds it
/// (elements past the old length are unwritten).
pub const LIST_RESIZE: OpDef = OpDef {
    name: "loop.list_resize",
    summary: "set the length of a list",
    example: "%n = arith.constant {value = 2 : index} : index\n%0 = loop.list_new %n : (index) -> !py.list<f64>\nloop.list_resize %0, %n : (!py.list<f64>, index) -> ()",
    operands: Exactly(2),
    results: Exactly(0),
    verify: Some(verify_resize),
    ..OpDef::DEFAULT
};

fn is_list(k: &TypeKind) -> bool {
    matches!(k, TypeKind::PyList(_))
}

fn is_index(k: &TypeKind) -> bool {
    k.is_index()
}

fn verify_new(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.operand(op, 0), "size", "index", is_index)?;
    check_value_type(ctx, ctx.result(op, 0), "result", "a list", is_list)
}

fn verify_len(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.operand(op, 0), "operand", "a list", is_list)?;
    check_value_type(ctx, ctx.result(op, 0), "result", "index", is_index)
}

fn verify_data(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.operand(op, 0), "operand", "a list", is_list)?;
    let elem = ctx
        .type_kind(ctx.value_type(ctx.operand(op, 0)))
        .element_type();
    check_value_type(
        ctx,
        ctx.result(op, 0),
        "result",
        "memref<?xT> of the elements",
        |k| {
            matches!(k, TypeKind::MemRef { shape, elem: e, layout: MemLayout::Identity }
            if shape.len() == 1 && shape[0].is_none() && Some(*e) == elem)
        },
    )
}

fn verify_resize(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.operand(op, 0), "operand", "a list", is_list)?;
    check_value_type(ctx, ctx.operand(op, 1), "size", "index", is_index)
}
