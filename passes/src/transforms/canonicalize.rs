//! `canonicalize`: fold ops and apply local simplifications until nothing changes.
//!
//! Input: any verified module. Per op, in order:
//! 1. commutative ops put a constant operand on the right (`c + x` → `x + c`), so folders and
//!    cse see one form;
//! 2. the op's folder (declared in its [`OpDef`](blackbird_dialects::ir::OpDef)) may replace its
//!    results by existing values or by constants, materialized as `arith.constant`;
//! 3. `loop.if` with a constant condition is replaced by the taken region;
//! 4. removable ops with unused results are erased.
//!
//! Option `max-iterations` (default 10) bounds the number of sweeps over the module.

use blackbird_dialects::arith;
use blackbird_dialects::ir::{Builder, Context, Folded, OpId, Trait};
use blackbird_dialects::{loops, math};

use crate::pipeline::{Change, OptionSpec, Pass, PassError, PassOptions, PipelineError};

pub struct Canonicalize {
    pub max_iterations: usize,
}

pub const OPTIONS: &[OptionSpec] = &[OptionSpec {
    name: "max-iterations",
    help: "maximum sweeps over the module",
    default: "10",
}];

impl Canonicalize {
    pub fn from_options(options: &PassOptions) -> Result<Self, PipelineError> {
        Ok(Canonicalize {
            max_iterations: options.get_usize("max-iterations", 10)?,
        })
    }
}

impl Pass for Canonicalize {
    fn name(&self) -> &'static str {
        "canonicalize"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        let mut changed = false;
        for _ in 0..self.max_iterations {
            let mut swept = false;
            for op in ctx.walk_preorder(module) {
                if op != module && !ctx.is_erased(op) {
                    swept |= simplify(ctx, op);
                }
            }
            if !swept {
                break;
            }
            changed = true;
        }
        Ok(Change::from_bool(changed))
    }
}

/// Apply every simplification to one op; returns whether the IR changed.
fn simplify(ctx: &mut Context, op: OpId) -> bool {
    if ctx.results_unused(op) && ctx.is_removable(op) {
        ctx.erase_op(op);
        return true;
    }
    let mut changed = move_constant_right(ctx, op);
    if let Some(folded) = ctx.op_def(op).fold.and_then(|fold| fold(ctx, op)) {
        replace_with_folded(ctx, op, folded);
        return true;
    }
    if ctx.is_op(op, &loops::IF) {
        changed |= inline_constant_if(ctx, op);
    }
    if ctx.is_op(op, &math::POWF) {
        changed |= square_power(ctx, op);
    }
    changed
}

/// `math.powf %x, 2.0` → `arith.mulf %x, %x`: exact (a correctly rounded `pow` and one
/// multiplication round the same real number, and agree on NaN, ±0 and ±inf), as NumPy's
/// own fast path for `x ** 2`.
fn square_power(ctx: &mut Context, op: OpId) -> bool {
    let exponent = ctx.constant_value(ctx.operand(op, 1));
    if !exponent.is_some_and(|a| ctx.attr_kind(a).as_float() == Some(2.0)) {
        return false;
    }
    let x = ctx.operand(op, 0);
    let ty = ctx.value_type(x);
    let square = Builder::before(ctx, op).build_value(&arith::MULF, &[x, x], ty, &[]);
    let result = ctx.result(op, 0);
    ctx.replace_all_uses(result, square);
    ctx.erase_op(op);
    true
}

fn move_constant_right(ctx: &mut Context, op: OpId) -> bool {
    if !ctx.op_def(op).has_trait(Trait::Commutative) || ctx.operands(op).len() != 2 {
        return false;
    }
    let (a, b) = (ctx.operand(op, 0), ctx.operand(op, 1));
    if ctx.constant_value(a).is_some() && ctx.constant_value(b).is_none() {
        ctx.set_operand(op, 0, b);
        ctx.set_operand(op, 1, a);
        return true;
    }
    false
}

fn replace_with_folded(ctx: &mut Context, op: OpId, folded: Vec<Folded>) {
    for (result, f) in ctx.results(op).to_vec().into_iter().zip(folded) {
        let replacement = match f {
            Folded::Value(v) => v,
            Folded::Const(attr) => {
                let ty = ctx.value_type(result);
                arith::const_attr(&mut Builder::before(ctx, op), attr, ty)
            }
        };
        ctx.replace_all_uses(result, replacement);
    }
    if ctx.is_removable(op) {
        ctx.erase_op(op);
    }
}

/// `loop.if` on a constant: move the taken block's ops before the `if` and use its yields.
fn inline_constant_if(ctx: &mut Context, op: OpId) -> bool {
    let Some(cond) = arith::int_constant(ctx, ctx.operand(op, 0)) else {
        return false;
    };
    let if_op = loops::IfOp(op);
    let taken = if cond != 0 {
        if_op.then_block(ctx)
    } else {
        if_op.else_block(ctx)
    };
    let terminator = ctx
        .block_terminator(taken)
        .expect("verified loop.if regions end with loop.yield");
    let yielded = ctx.operands(terminator).to_vec();
    ctx.erase_op(terminator);
    ctx.inline_block_before(taken, &[], op);
    for (result, v) in ctx.results(op).to_vec().into_iter().zip(yielded) {
        ctx.replace_all_uses(result, v);
    }
    ctx.erase_op(op);
    true
}
