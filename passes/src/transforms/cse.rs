//! `cse`: common subexpression elimination.
//!
//! Input: any verified module. Output: a pure, region-free op identical to one that dominates
//! it (same name, operands, attributes and result types; operands of commutative ops in any
//! order) is replaced by the earlier one. Values from enclosing regions are reused inside
//! nested regions, but never across an isolated-from-above op (a function). No options.

use std::collections::HashMap;

use blackbird_dialects::ir::{Attr, BlockId, Context, OpId, Trait, Type, Value};

use crate::pipeline::{Change, Pass, PassError};

pub struct Cse;

impl Pass for Cse {
    fn name(&self) -> &'static str {
        "cse"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        let mut changed = false;
        let mut scopes = vec![];
        cse_op_regions(ctx, module, &mut scopes, &mut changed);
        Ok(Change::from_bool(changed))
    }
}

#[derive(PartialEq, Eq, Hash)]
struct OpKey {
    name: &'static str,
    operands: Vec<Value>,
    attrs: Vec<(String, Attr)>,
    result_types: Vec<Type>,
}

fn key(ctx: &Context, op: OpId) -> OpKey {
    let def = ctx.op_def(op);
    let mut operands = ctx.operands(op).to_vec();
    if def.has_trait(Trait::Commutative) {
        operands.sort();
    }
    OpKey {
        name: def.name,
        operands,
        attrs: ctx.attrs(op).iter().map(|(k, v)| (k.clone(), *v)).collect(),
        result_types: ctx.results(op).iter().map(|v| ctx.value_type(*v)).collect(),
    }
}

type Scope = HashMap<OpKey, OpId>;

fn cse_op_regions(ctx: &mut Context, op: OpId, scopes: &mut Vec<Scope>, changed: &mut bool) {
    let isolated = ctx.op_def(op).is_isolated_from_above();
    let mut fresh = vec![];
    let scopes = if isolated { &mut fresh } else { scopes };
    for region in ctx.regions(op).to_vec() {
        for block in ctx.blocks(region).to_vec() {
            scopes.push(Scope::new());
            cse_block(ctx, block, scopes, changed);
            scopes.pop();
        }
    }
}

fn cse_block(ctx: &mut Context, block: BlockId, scopes: &mut Vec<Scope>, changed: &mut bool) {
    for op in ctx.block_ops(block).to_vec() {
        if !ctx.regions(op).is_empty() {
            cse_op_regions(ctx, op, scopes, changed);
            continue;
        }
        if !ctx.op_def(op).is_pure() {
            continue;
        }
        let k = key(ctx, op);
        if let Some(existing) = scopes.iter().rev().find_map(|s| s.get(&k)).copied() {
            for (old, new) in ctx
                .results(op)
                .to_vec()
                .into_iter()
                .zip(ctx.results(existing).to_vec())
            {
                ctx.replace_all_uses(old, new);
            }
            ctx.erase_op(op);
            *changed = true;
        } else {
            scopes.last_mut().expect("a scope is open").insert(k, op);
        }
    }
}
