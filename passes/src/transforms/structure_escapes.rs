//! `py-structure-escapes`: the code after an escaping `if` moves into the branches that go on
//! (typed or untyped `py` → `py`).
//!
//! An `if` *escapes* when a branch may leave the enclosing region early: it holds a
//! `py.return`, `py.raise`, `py.break` or `py.continue` (through nested `if`s, not inside
//! nested loops) or a loop with a `py.return` or `py.raise` anywhere inside (a `raise` leaves
//! the function as a `return` does). Python lets such an `if` be followed by more
//! code, which runs only on the paths that did not leave:
//!
//! ```text
//! if c:                      if c:
//!     return 0          →        return 0
//! x = f()                    else:
//! return x                       x = f()
//!                                return x
//! ```
//!
//! Input: `py` functions whose regions end in terminators (`py.return`, `py.raise`, `py.yield`,
//! `py.continue`, `py.break`, `py.unreachable`, `py.condition`).
//!
//! Output: the same functions in which every escaping `py.if` is followed only by
//! `py.unreachable` and no branch of it ends in `py.yield`: each branch that ended in
//! `py.yield` now holds a copy of the ops that followed the `if` (the `if`'s results replaced
//! by the values the branch yielded; a loop body's final `py.yield` becomes the equivalent
//! `py.continue`), and the `if` has no results. The last such branch receives the ops
//! themselves (no value is created: later stages number their values as before), the others
//! copies. Escaping `if`s nested in the moved code are structured the same way, so after this
//! pass each region's early exits are the terminators of its branches. Code that followed an
//! `if` whose branches all leave never runs and is erased. The pass is idempotent;
//! `convert-py-to-tensor` runs it first.

use std::collections::HashMap;

use blackbird_dialects::ir::{BlockId, Context, OpId, OperationState, Value};
use blackbird_dialects::py;

use crate::pipeline::{Change, Pass, PassError};

/// `py-structure-escapes` (no options).
pub struct StructureEscapes;

impl Pass for StructureEscapes {
    fn name(&self) -> &'static str {
        "py-structure-escapes"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        Ok(Change::from_bool(structure_escapes(ctx, module)))
    }
}

/// Structure every function of `module` in place; returns whether anything changed.
pub fn structure_escapes(ctx: &mut Context, module: OpId) -> bool {
    let mut changed = false;
    for f in ctx.body_ops(module) {
        if ctx.is_op(f, &py::FUNC) {
            changed |= structure_block(ctx, ctx.entry_block(ctx.region(f, 0)));
        }
    }
    changed
}

/// Does the `py.if` `op` escape (see the module documentation)?
pub fn escapes(ctx: &Context, op: OpId) -> bool {
    ctx.regions(op).iter().any(|r| {
        ctx.block_ops(ctx.entry_block(*r)).iter().any(|o| {
            [&py::RETURN, &py::RAISE, &py::BREAK, &py::CONTINUE]
                .iter()
                .any(|d| ctx.is_op(*o, d))
                || (ctx.is_op(*o, &py::IF) && escapes(ctx, *o))
                || (is_loop(ctx, *o) && returns_inside(ctx, *o))
        })
    })
}

/// Does a `py.return` or a `py.raise` (both leave the function) occur anywhere inside `op`?
pub fn returns_inside(ctx: &Context, op: OpId) -> bool {
    ctx.regions(op).iter().any(|r| {
        ctx.block_ops(ctx.entry_block(*r)).iter().any(|o| {
            ctx.is_op(*o, &py::RETURN) || ctx.is_op(*o, &py::RAISE) || returns_inside(ctx, *o)
        })
    })
}

/// The first `py.raise` anywhere inside `op`, if any.
pub fn raise_inside(ctx: &Context, op: OpId) -> Option<OpId> {
    ctx.regions(op).iter().find_map(|r| {
        ctx.block_ops(ctx.entry_block(*r)).iter().find_map(|o| {
            if ctx.is_op(*o, &py::RAISE) {
                Some(*o)
            } else {
                raise_inside(ctx, *o)
            }
        })
    })
}

fn is_loop(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &py::FOR) || ctx.is_op(op, &py::WHILE)
}

/// Structure `block` and every region nested in it.
fn structure_block(ctx: &mut Context, block: BlockId) -> bool {
    let ops = ctx.block_ops(block).to_vec();
    let mut changed = false;
    for (i, &op) in ops.iter().enumerate() {
        if ctx.is_op(op, &py::IF) && escapes(ctx, op) {
            let rest = &ops[i + 1..];
            let continues = ctx.regions(op).iter().any(|r| {
                let branch = ctx.entry_block(*r);
                ctx.block_terminator(branch)
                    .is_some_and(|t| ctx.is_op(t, &py::YIELD))
            });
            let nothing_follows = rest.len() == 1 && ctx.is_op(rest[0], &py::UNREACHABLE);
            if continues || !nothing_follows {
                sink_rest(ctx, op, rest);
                changed = true;
            }
            let op = *ctx.block_ops(block).get(i).expect("the escaping if");
            for r in ctx.regions(op).to_vec() {
                changed |= structure_block(ctx, ctx.entry_block(r));
            }
            return changed;
        }
        for r in ctx.regions(op).to_vec() {
            changed |= structure_block(ctx, ctx.entry_block(r));
        }
    }
    changed
}

/// Move `rest` (the ops after the escaping `if_op`, ending in its block's terminator) into the
/// branches of `if_op` that end in `py.yield` (copies into all but the last, which takes the
/// ops themselves); the `if` is rebuilt without results and followed by `py.unreachable`.
fn sink_rest(ctx: &mut Context, if_op: OpId, rest: &[OpId]) {
    let results = ctx.results(if_op).to_vec();
    let continuing: Vec<BlockId> = ctx
        .regions(if_op)
        .iter()
        .map(|r| ctx.entry_block(*r))
        .filter(|b| {
            ctx.block_terminator(*b)
                .is_some_and(|t| ctx.is_op(t, &py::YIELD))
        })
        .collect();
    for (k, &branch) in continuing.iter().enumerate() {
        let last = ctx.block_terminator(branch).expect("a yield");
        let yielded = ctx.operands(last).to_vec();
        ctx.erase_op(last);
        let moving = k + 1 == continuing.len();
        let mut map: HashMap<Value, Value> = results.iter().copied().zip(yielded).collect();
        if moving {
            for (r, v) in &map {
                ctx.replace_all_uses(*r, *v);
            }
        }
        for &op in rest {
            let op = match moving {
                true => {
                    ctx.detach_op(op);
                    op
                }
                false => ctx.clone_op(op, &mut map),
            };
            let op = continue_instead_of_yield(ctx, op);
            ctx.append_op(branch, op);
        }
    }
    if continuing.is_empty() {
        for &op in rest.iter().rev() {
            ctx.erase_op(op);
        }
    }
    let block = ctx.parent_block(if_op).expect("the if is in a block");
    let loc = ctx.loc(if_op).clone();
    // The same `if` without results (nothing follows it to use them).
    let mut state = OperationState::new(&py::IF, loc.clone()).operands(ctx.operands(if_op));
    for r in ctx.regions(if_op).to_vec() {
        let (region, new_block) = ctx.create_region_with_block(&[]);
        for op in ctx.block_ops(ctx.entry_block(r)).to_vec() {
            ctx.detach_op(op);
            ctx.append_op(new_block, op);
        }
        state = state.region(region);
    }
    let structured = ctx.create_op(state);
    ctx.insert_op_before(if_op, structured);
    ctx.erase_op(if_op);
    let unreachable = ctx.create_op(OperationState::new(&py::UNREACHABLE, loc));
    ctx.append_op(block, unreachable);
}

/// A loop body's final `py.yield` (detached), moved into a branch: the `py.continue` with the
/// same values. Any other op is returned as it is.
fn continue_instead_of_yield(ctx: &mut Context, op: OpId) -> OpId {
    if !ctx.is_op(op, &py::YIELD) {
        return op;
    }
    let state = OperationState::new(&py::CONTINUE, ctx.loc(op).clone()).operands(ctx.operands(op));
    ctx.erase_op(op);
    ctx.create_op(state)
}
