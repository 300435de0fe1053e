//! `tensor-fuse`: producer–consumer fusion of elementwise `tensor.map`s, so that a whole-array
//! expression (and the assignment it feeds) runs as one loop nest without temporaries.
//!
//! Input: the output of `convert-py-to-tensor`, where each elementwise operation is a map whose
//! result is materialized into a temporary buffer that later maps read back
//! (`tensor.materialize` … `tensor.read`). Two rewrites run to a fixpoint:
//!
//! 1. **Forwarding**: a `tensor.read` of a temporary that a `tensor.materialize` just filled is
//!    replaced by the materialized tensor itself, and the temporary (with its `loop.dealloc`s)
//!    disappears, when the temporary has no other use, the read feeds exactly one map, matmul
//!    or reduction (which then computes its operand on the fly or, for a matmul,
//!    `convert-tensor-to-loop` materializes it again), both sit
//!    in one block, and no op between them may write memory (so reading the producer's sources
//!    later gives the same values), and the materialization is not a C-order copy of arrays
//!    laid out otherwise (`c_order`: a sum of it walks C order). Ops allowed in between: pure ops, reads, maps,
//!    materializations into fresh buffers, loads, and `loop.if`s that only raise (a run-time
//!    check; if both it and the producer would raise, the check's error now comes first).
//! 2. **Inlining**: a map operand produced by another map used only there is replaced by that
//!    producer's operands, and the producer's body is cloned into the consumer's body.
//!    Broadcasting composes: the fused operands broadcast to the consumer's shape with the same
//!    errors, as broadcasting is associative.
//!
//! Repeated operands are merged. Output: maps over `tensor.read`s, scalars and other tensor
//! values, each consumed by one sink (what `convert-tensor-to-loop` takes). No options.

use std::collections::HashMap;

use blackbird_dialects::ir::{Context, OpId, OperationState, Value};
use blackbird_dialects::{loops, tensor};

use crate::pipeline::{Change, Pass, PassError};

pub struct TensorFuse;

impl Pass for TensorFuse {
    fn name(&self) -> &'static str {
        "tensor-fuse"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        Ok(Change::from_bool(fuse(ctx, module)))
    }
}

/// Fuse under `root` to a fixpoint; returns whether anything changed.
pub fn fuse(ctx: &mut Context, root: OpId) -> bool {
    let mut changed = false;
    loop {
        let mut progress = false;
        for read in ops_named(ctx, root, &tensor::READ) {
            progress |= forward(ctx, read);
        }
        for map in ops_named(ctx, root, &tensor::MAP) {
            if !ctx.is_erased(map) {
                progress |= inline_producers(ctx, map);
            }
        }
        if !progress {
            return changed;
        }
        changed = true;
    }
}

fn ops_named(ctx: &Context, root: OpId, def: &blackbird_dialects::ir::OpDef) -> Vec<OpId> {
    ctx.walk_preorder(root)
        .into_iter()
        .filter(|op| ctx.is_op(*op, def))
        .collect()
}

/// Rewrite 1: `read(materialize(t))` → `t` (see the module docs for when).
fn forward(ctx: &mut Context, read: OpId) -> bool {
    let buffer = ctx.operand(read, 0);
    let Some(sink) = ctx
        .defining_op(buffer)
        .filter(|op| ctx.is_op(*op, &tensor::MATERIALIZE))
    else {
        return false;
    };
    // A copy NumPy lays out in C order, unlike its operands, stays a buffer: a later sum of
    // it adds in C order (see `tensor.materialize`).
    if tensor::materialize::C_ORDER.get(ctx, sink) == Some(true) {
        return false;
    }
    let value = ctx.result(read, 0);
    let feeds_one_consumer = only_user(ctx, value).is_some_and(|u| {
        [&tensor::MAP, &tensor::MATMUL, &tensor::REDUCE]
            .iter()
            .any(|d| ctx.is_op(u, d))
    });
    let other_uses = ctx
        .uses(buffer)
        .iter()
        .any(|u| u.op != read && !ctx.is_op(u.op, &loops::DEALLOC));
    let block = ctx.parent_block(read);
    if !feeds_one_consumer || other_uses || block != ctx.parent_block(sink) {
        return false;
    }
    // The read comes after the sink, and every op between them keeps memory.
    let mut after_sink = std::iter::successors(ctx.next_op(sink), |op| ctx.next_op(*op));
    if after_sink.find(|op| *op == read || !keeps_memory(ctx, *op)) != Some(read) {
        return false;
    }
    let tensor_value = ctx.operand(sink, 0);
    ctx.replace_all_uses(value, tensor_value);
    ctx.erase_op(read);
    let deallocs: Vec<OpId> = ctx.uses(buffer).iter().map(|u| u.op).collect();
    for d in deallocs {
        ctx.erase_op(d);
    }
    ctx.erase_op(sink);
    true
}

/// The one op using `v` (possibly as several operands).
fn only_user(ctx: &Context, v: Value) -> Option<OpId> {
    let first = ctx.uses(v).first()?.op;
    ctx.uses(v).iter().all(|u| u.op == first).then_some(first)
}

/// May a producer's reads move across `op`? Only if `op` writes no memory they could see.
pub(crate) fn keeps_memory(ctx: &Context, op: OpId) -> bool {
    let def = ctx.op_def(op);
    def.is_pure()
        || [
            &tensor::READ,
            &tensor::MAP,
            &tensor::MATERIALIZE,
            &loops::LOAD,
        ]
        .iter()
        .any(|d| ctx.is_op(op, d))
        || (ctx.is_op(op, &loops::IF) && only_raises(ctx, op))
}

fn only_raises(ctx: &Context, op: OpId) -> bool {
    ctx.walk_preorder(op).into_iter().skip(1).all(|inner| {
        ctx.op_def(inner).is_pure()
            || ctx.is_op(inner, &loops::RAISE)
            || ctx.is_op(inner, &loops::YIELD)
    })
}

/// Rewrite 2 for every operand of `map` produced by a single-use map. Returns whether any was.
fn inline_producers(ctx: &mut Context, mut map: OpId) -> bool {
    let mut inlined = false;
    while let Some(producer) = ctx.operands(map).iter().find_map(|v| {
        ctx.defining_op(*v)
            .filter(|p| ctx.is_op(*p, &tensor::MAP) && only_user(ctx, *v) == Some(map))
    }) {
        map = merge(ctx, producer, map);
        inlined = true;
    }
    inlined
}

/// One map computing `consumer` with `producer`'s body in place of its operand: the
/// producer's body ops, then the consumer's. The larger body is the fused map's (its ops and
/// arguments stay where they are), the other's ops move into it, so that a chain of n maps
/// fuses in O(n).
fn merge(ctx: &mut Context, producer: OpId, consumer: OpId) -> OpId {
    let produced = ctx.result(producer, 0);
    let p_body = ctx.entry_block(ctx.region(producer, 0));
    let c_body = ctx.entry_block(ctx.region(consumer, 0));
    // Operands of the fused map (deduplicated) and, for each old body argument, its operand.
    let mut operands: Vec<Value> = vec![];
    let mut index: HashMap<Value, usize> = HashMap::new();
    let p_pairs: Vec<(Value, Value)> = ctx
        .operands(producer)
        .iter()
        .copied()
        .zip(ctx.block_args(p_body).iter().copied())
        .collect();
    let c_pairs: Vec<(Value, Value)> = ctx
        .operands(consumer)
        .iter()
        .copied()
        .zip(ctx.block_args(c_body).iter().copied())
        .collect();
    for (v, _) in c_pairs
        .iter()
        .filter(|(v, _)| *v != produced)
        .chain(&p_pairs)
    {
        index.entry(*v).or_insert_with(|| {
            operands.push(*v);
            operands.len() - 1
        });
    }
    let p_yield = ctx
        .block_terminator(p_body)
        .expect("a map body ends with tensor.yield");
    let element = ctx.operand(p_yield, 0);
    ctx.erase_op(p_yield);
    let host_is_producer = ctx.block_len(p_body) >= ctx.block_len(c_body);
    let (host, guest) = match host_is_producer {
        true => (p_body, c_body),
        false => (c_body, p_body),
    };
    // One argument per operand: the host's own where it has one (the first, for an operand it
    // has twice), else a new one.
    let mut args: Vec<Option<Value>> = vec![None; operands.len()];
    let (host_pairs, guest_pairs) = match host_is_producer {
        true => (&p_pairs, &c_pairs),
        false => (&c_pairs, &p_pairs),
    };
    for &(v, arg) in host_pairs.iter().chain(guest_pairs) {
        let target = if v == produced {
            element
        } else {
            let slot = &mut args[index[&v]];
            match *slot {
                Some(first) => first,
                None if ctx.value_block(arg) == Some(host) => *slot.insert(arg),
                None => {
                    let t = ctx.value_type(v);
                    let t = ctx.type_kind(t).element_type().unwrap_or(t);
                    *slot.insert(ctx.add_block_arg(host, t))
                }
            }
        };
        ctx.replace_all_uses(arg, target);
    }
    let args: Vec<Value> = args.into_iter().map(|a| a.expect("set")).collect();
    ctx.set_block_args(host, &args);
    // The guest's ops go before the host's (a producer's) or after them (a consumer's).
    let anchor = match host_is_producer {
        true => None,
        false => ctx.first_op(host),
    };
    while let Some(op) = ctx.first_op(guest) {
        ctx.detach_op(op);
        match anchor {
            Some(a) => ctx.insert_op_before(a, op),
            None => ctx.append_op(host, op),
        }
    }
    let host_op = if host_is_producer { producer } else { consumer };
    let region = ctx.take_regions(host_op);
    let result_type = ctx.value_type(ctx.result(consumer, 0));
    let fused = ctx.create_op(
        OperationState::new(&tensor::MAP, ctx.loc(consumer).clone())
            .operands(&operands)
            .results(&[result_type])
            .region(region[0]),
    );
    ctx.insert_op_before(consumer, fused);
    let (old, new) = (ctx.result(consumer, 0), ctx.result(fused, 0));
    ctx.replace_all_uses(old, new);
    ctx.erase_op(consumer);
    ctx.erase_op(producer);
    fused
}
