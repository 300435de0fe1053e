//! `dce`: dead code elimination.
//!
//! Input: any verified module. Output: the same module without ops whose results are unused
//! and that have no effects (pure ops, and `loop.for`/`loop.if` whose bodies are pure).
//! Terminators and ops with side effects are kept. No options.

use blackbird_dialects::ir::{Context, OpId};

use crate::pipeline::{Change, Pass, PassError};

pub struct Dce;

impl Pass for Dce {
    fn name(&self) -> &'static str {
        "dce"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        Ok(Change::from_bool(remove_dead_ops(ctx, module)))
    }
}

/// Erase dead ops under `root` until none is left; returns whether any was erased.
pub fn remove_dead_ops(ctx: &mut Context, root: OpId) -> bool {
    let mut changed = false;
    loop {
        let mut erased_any = false;
        // Later ops first, so a dead chain goes in one sweep.
        for op in ctx.walk_preorder(root).into_iter().rev() {
            if op != root && !ctx.is_erased(op) && ctx.results_unused(op) && ctx.is_removable(op) {
                ctx.erase_op(op);
                erased_any = true;
            }
        }
        if !erased_any {
            return changed;
        }
        changed = true;
    }
}
