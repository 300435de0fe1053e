//! Sibling fusion: materializations of elementwise maps over the same buffers share one loop
//! nest, so `b = a * 2; c = np.sqrt(a)` reads `a` once.
//!
//! A later `tensor.materialize` joins an earlier one's nest when both materialize
//! `tensor.map`s whose array operands are reads of the same set of buffers (so both have the
//! same broadcast shape), its scalar operands already exist at the earlier one, nothing
//! between the two may write memory (see `fusion::keeps_memory`), and neither map body can
//! raise (the order in which their errors would surface stays the original one).

use std::collections::HashSet;

use blackbird_dialects::ir::{Context, OpId, Value};
use blackbird_dialects::{loops, tensor};

use crate::fusion::keeps_memory;

/// The map `sink` materializes, when it can join a sibling nest: its array operands are all
/// `tensor.read`s and its body cannot raise. Returns the map and its read buffers (sorted).
fn simple_map(ctx: &Context, sink: OpId) -> Option<(OpId, Vec<Value>)> {
    let (map, buffers) = map_reads(ctx, sink)?;
    let raises = ctx
        .walk_preorder(map)
        .into_iter()
        .any(|op| ctx.is_op(op, &loops::RAISE) || ctx.is_op(op, &loops::IF));
    if buffers.is_empty() || raises {
        return None;
    }
    Some((map, buffers))
}

/// The map `sink` materializes and the buffers (sorted) its array operands read, when they
/// are all `tensor.read`s.
fn map_reads(ctx: &Context, sink: OpId) -> Option<(OpId, Vec<Value>)> {
    if !ctx.is_op(sink, &tensor::MATERIALIZE) {
        return None;
    }
    let map = ctx
        .defining_op(ctx.operand(sink, 0))
        .filter(|m| ctx.is_op(*m, &tensor::MAP))?;
    let mut buffers = vec![];
    for v in ctx.operands(map) {
        if !ctx.type_kind(ctx.value_type(*v)).is_shaped() {
            continue;
        }
        let read = ctx
            .defining_op(*v)
            .filter(|r| ctx.is_op(*r, &tensor::READ))?;
        buffers.push(ctx.operand(read, 0));
    }
    buffers.sort();
    buffers.dedup();
    Some((map, buffers))
}

/// The materializations after `first` (in its block) that can be computed in its nest.
pub(super) fn siblings(ctx: &Context, first: OpId) -> Vec<OpId> {
    let Some((_, buffers)) = simple_map(ctx, first) else {
        return vec![];
    };
    // The ops from `first` to the one looked at: the values they define cannot be used before
    // `first` (values defined later in the block cannot be used by the one looked at).
    let mut later: HashSet<OpId> = HashSet::from([first]);
    let mut out = vec![];
    for op in std::iter::successors(ctx.next_op(first), |op| ctx.next_op(*op)) {
        let available = |v: &Value| ctx.defining_op(*v).is_none_or(|d| !later.contains(&d));
        // The cheap test first: most materializations read other buffers.
        let same_reads = map_reads(ctx, op).is_some_and(|(_, theirs)| theirs == buffers);
        if let Some((map, theirs)) = same_reads.then(|| simple_map(ctx, op)).flatten() {
            // Its scalar operands, and the values its body uses from outside, exist at `first`
            // (its reads stand for buffers that do: they are `first`'s).
            let scalars_ready = ctx.walk_preorder(map).into_iter().all(|inner| {
                ctx.operands(inner).iter().all(|v| {
                    let inside = ctx
                        .defining_op(*v)
                        .is_some_and(|d| d != map && ctx.is_ancestor(map, d));
                    inside || ctx.type_kind(ctx.value_type(*v)).is_shaped() || available(v)
                })
            });
            if theirs == buffers && scalars_ready {
                out.push(op);
                later.insert(op);
                continue;
            }
        }
        if !keeps_memory(ctx, op) {
            break;
        }
        later.insert(op);
    }
    out
}
