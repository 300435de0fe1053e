//! The `tensor` dialect: whole-array operations with NumPy semantics on immutable values of type
//! `tensor<…>`: creation (`empty`, `splat`, `iota`), elementwise code as one `tensor.map` whose
//! operands broadcast to its result, reductions over named axes, matrix products, element
//! reads, and the bridge to buffers (`read`, `materialize`, `store`). Only ops a pass produces
//! are declared: add one with the pass that emits it.

use crate::ir::Arity::{AtLeast, Exactly};
use crate::ir::{
    check_value_type, Context, Dim, OpDef, OpId, Trait, Type, TypeKind, Value, VerifyErrorKind,
};

crate::attr_enum! {
    /// What `tensor.reduce` computes over its axes.
    pub enum ReduceKind {
        Sum = "sum",
        Prod = "prod",
        Min = "min",
        Max = "max",
    }
}

const PURE: &[Trait] = &[Trait::Pure];

/// An uninitialized tensor; one `index` operand per dynamic dimension.
pub const EMPTY: OpDef = OpDef {
    name: "tensor.empty",
    summary: "a tensor of the given shape with unspecified contents",
    example: "%n = arith.constant {value = 4 : index} : index\n%0 = tensor.empty %n : (index) -> tensor<?x3xf64>",
    operands: AtLeast(0),
    results: Exactly(1),
    traits: PURE,
    verify: Some(verify_sized),
    ..OpDef::DEFAULT
};

/// A tensor filled with one scalar (`np.full`); then one `index` per dynamic dimension.
pub const SPLAT: OpDef = OpDef {
    name: "tensor.splat",
    summary: "a tensor filled with a scalar",
    example: "%x = arith.constant {value = 1.0 : f64} : f64\n%n = arith.constant {value = 4 : index} : index\n%0 = tensor.splat %x, %n : (f64, index) -> tensor<?xf64>",
    operands: AtLeast(1),
    results: Exactly(1),
    traits: PURE,
    verify: Some(verify_splat),
    ..OpDef::DEFAULT
};

/// The position along dimension `dim` at each element, as i64 (`np.arange(n)` along one axis;
/// MLIR's `linalg.index` as a value); one `index` operand per dynamic dimension.
pub const IOTA: OpDef = OpDef {
    name: "tensor.iota",
    summary: "each element's index along one dimension",
    example: "%n = arith.constant {value = 4 : index} : index\n%0 = tensor.iota %n {dim = 0 : i64} : (index) -> tensor<?xi64>",
    operands: AtLeast(0),
    results: Exactly(1),
    attrs: &[iota::DIM.required()],
    traits: PURE,
    verify: Some(verify_iota),
    ..OpDef::DEFAULT
};

/// The attributes of `tensor.iota`.
pub mod iota {
    use crate::ir::AttrKey;

    pub const DIM: AttrKey<i64> = AttrKey::new("dim");
}

/// Reduce over `axes` with `kind`; the result drops the reduced axes (rank 0 for a full reduction).
pub const REDUCE: OpDef = OpDef {
    name: "tensor.reduce",
    summary: "reduction over axes",
    example: "%n = arith.constant {value = 4 : index} : index\n%a = tensor.empty %n : (index) -> tensor<?x3xf64>\n%0 = tensor.reduce %a {axes = array<i64: 0>, kind = \"sum\"} : (tensor<?x3xf64>) -> tensor<3xf64>",
    operands: Exactly(1),
    results: Exactly(1),
    attrs: &[reduce::KIND.required(), reduce::AXES.required()],
    traits: PURE,
    verify: Some(verify_reduce),
    ..OpDef::DEFAULT
};

/// The attributes of `tensor.reduce`.
pub mod reduce {
    use super::ReduceKind;
    use crate::ir::AttrKey;

    pub const KIND: AttrKey<ReduceKind> = AttrKey::new("kind");
    pub const AXES: AttrKey<Vec<i64>> = AttrKey::new("axes");
}

/// Matrix product with NumPy `@` rules for 1-D and 2-D operands.
pub const MATMUL: OpDef = OpDef {
    name: "tensor.matmul",
    summary: "matrix product",
    example: "%n = arith.constant {value = 4 : index} : index\n%a = tensor.empty %n, %n : (index, index) -> tensor<?x?xf64>\n%0 = tensor.matmul %a, %a : tensor<?x?xf64>",
    operands: Exactly(2),
    results: Exactly(1),
    traits: PURE,
    verify: Some(verify_matmul),
    ..OpDef::DEFAULT
};

/// Read one element.
pub const EXTRACT: OpDef = OpDef {
    name: "tensor.extract",
    summary: "read one element",
    example: "%n = arith.constant {value = 4 : index} : index\n%a = tensor.empty %n : (index) -> tensor<?xf64>\n%z = arith.constant {value = 0 : index} : index\n%0 = tensor.extract %a, %z : (tensor<?xf64>, index) -> f64",
    operands: AtLeast(1),
    results: Exactly(1),
    traits: PURE,
    verify: Some(verify_extract),
    ..OpDef::DEFAULT
};

// ----- the bridge between buffers and tensors, and the generic elementwise op -----

/// The contents of a buffer as a tensor value. The buffer is read where the tensor is
/// consumed (by the `tensor.materialize` or `tensor.store` that computes it), so a producer
/// may only move a read across ops that do not write memory.
pub const READ: OpDef = OpDef {
    name: "tensor.read",
    summary: "a buffer's contents as a tensor",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%1 = tensor.read %0 : (memref<4xf64>) -> tensor<?xf64>",
    operands: Exactly(1),
    results: Exactly(1),
    // Not pure: two reads of one buffer may see different contents (cse must not merge them).
    traits: &[Trait::ReadOnly],
    verify: Some(verify_read),
    ..OpDef::DEFAULT
};

/// Elementwise computation with NumPy broadcasting: tensor operands broadcast together
/// (scalar operands are rank 0; with no operands the result is one value broadcast where it is
/// stored); the body gets one element of each operand and yields the result's element. It may raise (integer division by zero), so it is as pure as its body.
pub const MAP: OpDef = OpDef {
    name: "tensor.map",
    summary: "elementwise computation with broadcasting",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%1 = tensor.read %0 : (memref<4xf64>) -> tensor<?xf64>\n%x = arith.constant {value = 2.0 : f64} : f64\n%2 = tensor.map %1, %x : (tensor<?xf64>, f64) -> tensor<?xf64> {\n^bb0(%a: f64, %b: f64):\n  %3 = arith.mulf %a, %b : f64\n  tensor.yield %3 : f64\n}",
    operands: AtLeast(0),
    results: Exactly(1),
    regions: 1,
    traits: &[
        Trait::SingleBlockRegions,
        Trait::RegionTerminator(&["tensor.yield"]),
        Trait::RecursiveEffects,
    ],
    verify: Some(verify_map),
    ..OpDef::DEFAULT
};

/// Ends a `tensor.map` body with the result element.
pub const YIELD: OpDef = OpDef {
    name: "tensor.yield",
    summary: "the element a tensor.map body computes",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%1 = tensor.read %0 : (memref<4xf64>) -> tensor<?xf64>\n%2 = tensor.map %1 : (tensor<?xf64>) -> tensor<?xf64> {\n^bb0(%a: f64):\n  tensor.yield %a : f64\n}",
    operands: Exactly(1),
    traits: &[Trait::Terminator, Trait::HasParent(&["tensor.map"])],
    verify: Some(verify_yield),
    ..OpDef::DEFAULT
};

/// A new buffer (strided memref of the tensor's rank) holding the tensor; its owner frees it
/// with `loop.dealloc`. The buffer is C-contiguous. NumPy lays the array it stands for out in
/// the order its elementwise computation walks its operands (`order='K'`: ufunc results,
/// `astype`, `np.copy`), or with `c_order` in C order (`a.copy()`, `np.ascontiguousarray`):
/// a later full float sum of the buffer adds its elements in that order, as NumPy does.
pub const MATERIALIZE: OpDef = OpDef {
    name: "tensor.materialize",
    summary: "a new buffer holding a tensor",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%1 = tensor.read %0 : (memref<4xf64>) -> tensor<?xf64>\n%2 = tensor.materialize %1 {c_order = true} : (tensor<?xf64>) -> memref<?xf64, strided<[?], offset: ?>>",
    operands: Exactly(1),
    results: Exactly(1),
    attrs: &[materialize::C_ORDER.optional()],
    verify: Some(verify_materialize),
    ..OpDef::DEFAULT
};

/// The attributes of `tensor.materialize`.
pub mod materialize {
    use crate::ir::AttrKey;

    /// NumPy lays the array out in C order whatever its operands' layouts.
    pub const C_ORDER: AttrKey<bool> = AttrKey::new("c_order");
}

/// `dest[...] = tensor`: the tensor, broadcast to the destination's shape (ValueError
/// otherwise), is written into the buffer. As in NumPy the value is complete before the
/// write: sources that overlap the destination are read first.
pub const STORE: OpDef = OpDef {
    name: "tensor.store",
    summary: "write a tensor into a buffer",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%1 = tensor.read %0 : (memref<4xf64>) -> tensor<?xf64>\ntensor.store %1, %0 : (tensor<?xf64>, memref<4xf64>) -> ()",
    operands: Exactly(2),
    verify: Some(verify_store),
    ..OpDef::DEFAULT
};

pub const OPS: &[&OpDef] = &[
    &READ,
    &MAP,
    &YIELD,
    &MATERIALIZE,
    &STORE,
    &EMPTY,
    &SPLAT,
    &IOTA,
    &REDUCE,
    &MATMUL,
    &EXTRACT,
];

// ----- verification helpers -----

fn memref_parts(ctx: &Context, v: Value) -> Result<(usize, Type), VerifyErrorKind> {
    match ctx.type_kind(ctx.value_type(v)) {
        TypeKind::MemRef { shape, elem, .. } => Ok((shape.len(), *elem)),
        _ => Err(VerifyErrorKind::ExpectedType {
            expected: "a memref".to_string(),
            found: crate::ir::type_to_string(ctx, ctx.value_type(v)),
        }),
    }
}

/// The buffer and the tensor have one rank and element type.
fn check_same_contents(ctx: &Context, buffer: Value, tensor: Value) -> Result<(), VerifyErrorKind> {
    let (rank, elem) = memref_parts(ctx, buffer)?;
    let (shape, telem) = tensor_parts(ctx, tensor)?;
    if rank != shape.len() || elem != telem {
        return Err(VerifyErrorKind::Shapes(
            "the buffer and the tensor must have one rank and element type",
        ));
    }
    Ok(())
}

fn verify_read(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_same_contents(ctx, ctx.operand(op, 0), ctx.result(op, 0))
}

fn verify_materialize(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_same_contents(ctx, ctx.result(op, 0), ctx.operand(op, 0))
}

fn verify_store(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, elem) = tensor_parts(ctx, ctx.operand(op, 0))?;
    let (rank, belem) = memref_parts(ctx, ctx.operand(op, 1))?;
    if elem != belem {
        return Err(VerifyErrorKind::ElementTypes(
            "the tensor and the buffer must have one element type",
        ));
    }
    if shape.len() > rank {
        return Err(VerifyErrorKind::Shapes(
            "the tensor's rank exceeds the buffer's",
        ));
    }
    Ok(())
}

fn verify_map(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, elem) = tensor_parts(ctx, ctx.result(op, 0))?;
    let block = ctx.entry_block(ctx.region(op, 0));
    let args = ctx.block_args(block);
    if args.len() != ctx.operands(op).len() {
        return Err(VerifyErrorKind::Region(
            "the body takes one element per operand",
        ));
    }
    for (v, a) in ctx.operands(op).iter().zip(args) {
        let t = ctx.value_type(*v);
        let (rank, e) = match ctx.type_kind(t) {
            TypeKind::Tensor { shape, elem } => (shape.len(), *elem),
            TypeKind::MemRef { .. } | TypeKind::PyArray { .. } => {
                return Err(VerifyErrorKind::OperandTypes(
                    "operands are tensors or scalars",
                ))
            }
            _ => (0, t),
        };
        if rank > shape.len() {
            return Err(VerifyErrorKind::Shapes(
                "an operand's rank exceeds the result's",
            ));
        }
        if ctx.value_type(*a) != e {
            return Err(VerifyErrorKind::ElementTypes(
                "each body argument has its operand's element type",
            ));
        }
    }
    let yielded = ctx
        .block_ops(block)
        .last()
        .and_then(|y| ctx.operands(*y).first());
    if yielded.is_some_and(|y| ctx.value_type(*y) != elem) {
        return Err(VerifyErrorKind::Region(
            "the body yields the result's element type",
        ));
    }
    Ok(())
}

fn verify_yield(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let t = ctx.value_type(ctx.operand(op, 0));
    if ctx.type_kind(t).is_shaped() {
        return Err(VerifyErrorKind::Region("yields a scalar element"));
    }
    Ok(())
}

fn tensor_parts(ctx: &Context, v: Value) -> Result<(Vec<Dim>, Type), VerifyErrorKind> {
    match ctx.type_kind(ctx.value_type(v)) {
        TypeKind::Tensor { shape, elem } => Ok((shape.clone(), *elem)),
        _ => Err(VerifyErrorKind::ExpectedType {
            expected: "a tensor".to_string(),
            found: crate::ir::type_to_string(ctx, ctx.value_type(v)),
        }),
    }
}

fn check_indices(ctx: &Context, values: &[Value], count: usize) -> Result<(), VerifyErrorKind> {
    if values.len() != count {
        return Err(VerifyErrorKind::IndexCount {
            expected: count,
            found: values.len(),
        });
    }
    values
        .iter()
        .try_for_each(|v| check_value_type(ctx, *v, "index operand", "index", TypeKind::is_index))
}

/// One `index` operand per dynamic dimension of `shape`.
fn check_dynamic_sizes(
    ctx: &Context,
    sizes: &[Value],
    shape: &[Dim],
) -> Result<(), VerifyErrorKind> {
    check_indices(ctx, sizes, shape.iter().filter(|d| d.is_none()).count())
}

fn verify_sized(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, _) = tensor_parts(ctx, ctx.result(op, 0))?;
    check_dynamic_sizes(ctx, ctx.operands(op), &shape)
}

fn verify_splat(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, elem) = tensor_parts(ctx, ctx.result(op, 0))?;
    if ctx.value_type(ctx.operand(op, 0)) != elem {
        return Err(VerifyErrorKind::ElementTypes(
            "the scalar must have the element type",
        ));
    }
    check_dynamic_sizes(ctx, &ctx.operands(op)[1..], &shape)
}

fn verify_iota(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, elem) = tensor_parts(ctx, ctx.result(op, 0))?;
    if !matches!(ctx.type_kind(elem), TypeKind::Int { width: 64, .. }) {
        return Err(VerifyErrorKind::ElementTypes(
            "the element type must be i64",
        ));
    }
    crate::loops::check_dim_attr(ctx, op, shape.len())?;
    check_dynamic_sizes(ctx, ctx.operands(op), &shape)
}

fn verify_reduce(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (a, ea) = tensor_parts(ctx, ctx.operand(op, 0))?;
    let (r, er) = tensor_parts(ctx, ctx.result(op, 0))?;
    let axes = reduce::AXES.get(ctx, op).unwrap_or_default();
    let mut seen = vec![false; a.len()];
    for ax in &axes {
        if *ax < 0 || *ax as usize >= a.len() || seen[*ax as usize] {
            return Err(VerifyErrorKind::BadAxis {
                axis: *ax,
                rank: a.len(),
            });
        }
        seen[*ax as usize] = true;
    }
    let kept: Vec<Dim> = a
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(d, _)| *d)
        .collect();
    if kept != r || ea != er {
        return Err(VerifyErrorKind::Shapes(
            "result must be the source type without the reduced axes",
        ));
    }
    Ok(())
}

fn verify_matmul(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (a, ea) = tensor_parts(ctx, ctx.operand(op, 0))?;
    let (b, eb) = tensor_parts(ctx, ctx.operand(op, 1))?;
    let (r, er) = tensor_parts(ctx, ctx.result(op, 0))?;
    if ea != eb || ea != er {
        return Err(VerifyErrorKind::ElementTypes(
            "operands and result must have one element type",
        ));
    }
    let (k1, k2, expected) = match (a.len(), b.len()) {
        (2, 2) => (a[1], b[0], vec![a[0], b[1]]),
        (2, 1) => (a[1], b[0], vec![a[0]]),
        (1, 2) => (a[0], b[0], vec![b[1]]),
        (1, 1) => (a[0], b[0], vec![]),
        _ => return Err(VerifyErrorKind::Shapes("operands must be 1-D or 2-D")),
    };
    if let (Some(x), Some(y)) = (k1, k2) {
        if x != y {
            return Err(VerifyErrorKind::ContractedDimensions { left: x, right: y });
        }
    }
    if expected.len() != r.len()
        || expected
            .iter()
            .zip(&r)
            .any(|(e, r)| e.is_some() && r.is_some() && e != r)
    {
        return Err(VerifyErrorKind::Shapes(
            "result shape does not match the operands",
        ));
    }
    Ok(())
}

fn verify_extract(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (a, ea) = tensor_parts(ctx, ctx.operand(op, 0))?;
    check_indices(ctx, &ctx.operands(op)[1..], a.len())?;
    crate::ir::check_types_match(ctx, ctx.results(op), &[ea], "result")
}
