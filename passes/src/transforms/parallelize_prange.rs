//! `py-parallelize-prange` (typed `py` → `py`): the outermost `prange` loops of each function
//! are marked to run in parallel, with what each carried variable is.
//!
//! Iterations of a `prange` loop may run in any order on any thread, so a variable the loop
//! carries from one iteration to the next must be a *reduction*, as in Numba: the body only
//! updates it with one associative operation (`s += x`, `s -= x`, `p *= x`, `m &= x`,
//! `m |= x`, `m ^= x`, `m = min(m, x)`, `m = max(m, x)`; also through nested loops and
//! branches) and never reads it otherwise.
//! Then `s_after = s_before ⊕ c` where `c` is what the body computes when `s` starts at the
//! operation's identity: each iteration's contribution, combined in any order. A carried
//! variable the body assigns without reading, and that nobody reads after the loop, is private
//! to each iteration. Anything else is refused with a located error, never run with a race.
//!
//! Input: typed `py` functions (structured by `py-structure-escapes` or not).
//!
//! Output: the same functions, each `py.for` over `prange(...)` that is not nested in another
//! such loop carrying `parallel = [...]`: one entry per carried variable, `"private"` or the
//! reduction's operation (`"add"`, `"mul"`, `"and"`, `"or"`, `"xor"`, `"min"`, `"max"`), with
//! ` in place` appended when every update is an augmented assignment (`s += x`: an array is
//! then updated in its own buffer, as Python does). Nested `prange` loops stay serial, as in
//! Numba. Errors: a carried variable that is neither a reduction nor private; a `prange` loop
//! that breaks or returns. `convert-py-to-tensor{parallel=true}` runs this pass and lowers the
//! marked loops to `loop.parallel`.

use blackbird_dialects::ir::{BlockId, Context, Diagnostic, OpDef, OpId, Value};
use blackbird_dialects::py::{self, BinOpKind};

use crate::pipeline::{Change, Pass, PassError};
use crate::transforms::structure_escapes::{raise_inside, returns_inside};

/// `py-parallelize-prange` (no options).
pub struct ParallelizePrange;

impl Pass for ParallelizePrange {
    fn name(&self) -> &'static str {
        "py-parallelize-prange"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        let changed = parallelize_prange(ctx, module).map_err(|diagnostic| PassError::Failed {
            pass: "py-parallelize-prange",
            diagnostic,
        })?;
        Ok(Change::from_bool(changed))
    }
}

/// Mark the outermost `prange` loops of every function of `module` (see the module
/// documentation); returns whether any was marked.
pub fn parallelize_prange(ctx: &mut Context, module: OpId) -> Result<bool, Diagnostic> {
    let mut loops = vec![];
    for f in ctx.body_ops(module) {
        if ctx.is_op(f, &py::FUNC) {
            outermost_pranges(ctx, ctx.entry_block(ctx.region(f, 0)), &mut loops);
        }
    }
    for &op in &loops {
        if let Some(raise) = raise_inside(ctx, op) {
            return Err(Diagnostic::error(
                ctx.loc(raise).clone(),
                "a prange loop cannot `raise`: its iterations run in parallel",
            )
            .with_note("check before the loop, or use `range` for a loop that raises"));
        }
        if breaks(ctx, op) || returns_inside(ctx, op) {
            return Err(Diagnostic::error(
                ctx.loc(op).clone(),
                "a prange loop cannot `break` or `return`: its iterations run in parallel",
            ));
        }
        let kinds = classify(ctx, op)?;
        let names = kinds.iter().map(|k| k.name()).collect();
        py::for_::PARALLEL.set(ctx, op, names);
    }
    Ok(!loops.is_empty())
}

/// What the carried variables of the `py.for` `op` are, when this pass marked it parallel.
pub fn parallel_carried(ctx: &Context, op: OpId) -> Option<Vec<Carried>> {
    py::for_::PARALLEL
        .get(ctx, op)?
        .iter()
        .map(|name| Carried::parse(name))
        .collect()
}

/// Is `op` a `py.for` over `prange(...)`?
pub(crate) fn is_prange(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &py::FOR)
        && ctx.defining_op(ctx.operand(op, 0)).is_some_and(|d| {
            ctx.is_op(d, &py::CALL_BUILTIN) && py::call_builtin::NAME.of(ctx, d) == "prange"
        })
}

/// The `prange` loops in `block` not nested in another one.
fn outermost_pranges(ctx: &Context, block: BlockId, out: &mut Vec<OpId>) {
    for &op in ctx.block_ops(block) {
        if is_prange(ctx, op) {
            out.push(op);
            continue;
        }
        for r in ctx.regions(op) {
            outermost_pranges(ctx, ctx.entry_block(*r), out);
        }
    }
}

/// Does the body of the loop `op` `break` (outside nested loops)?
fn breaks(ctx: &Context, op: OpId) -> bool {
    fn breaks_in(ctx: &Context, block: BlockId) -> bool {
        ctx.block_ops(block).iter().any(|o| {
            ctx.is_op(*o, &py::BREAK)
                || (ctx.is_op(*o, &py::IF)
                    && ctx
                        .regions(*o)
                        .iter()
                        .any(|r| breaks_in(ctx, ctx.entry_block(*r))))
        })
    }
    let body = *ctx.regions(op).last().expect("a loop has a body");
    breaks_in(ctx, ctx.entry_block(body))
}

/// The associative operation that combines a reduction's contributions.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Combine {
    /// `+=` and `-=` (a subtraction contributes the negated operand).
    Add,
    Mul,
    And,
    Or,
    Xor,
    /// `m = min(m, x)` (for integers also `min(x, m)`).
    Min,
    Max,
}

impl Combine {
    const NAMES: [(Combine, &'static str); 7] = [
        (Combine::Add, "add"),
        (Combine::Mul, "mul"),
        (Combine::And, "and"),
        (Combine::Or, "or"),
        (Combine::Xor, "xor"),
        (Combine::Min, "min"),
        (Combine::Max, "max"),
    ];

    fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(c, _)| *c == self)
            .expect("named")
            .1
    }
    fn of_binop(op: BinOpKind) -> Option<Combine> {
        Some(match op {
            BinOpKind::Add | BinOpKind::Sub => Combine::Add,
            BinOpKind::Mul => Combine::Mul,
            BinOpKind::BitAnd => Combine::And,
            BinOpKind::BitOr => Combine::Or,
            BinOpKind::BitXor => Combine::Xor,
            _ => return None,
        })
    }
}

/// What a `prange` loop does with one carried variable.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Carried {
    /// Updated by `combine` only; `in_place` when every update is an augmented assignment
    /// (`s += x`: for an array, its buffer is updated, as Python does).
    Reduction { combine: Combine, in_place: bool },
    /// Assigned in the body before any read and not read after the loop.
    Private,
}

impl Carried {
    /// The name in the `parallel` attribute.
    fn name(self) -> String {
        match self {
            Carried::Private => "private".to_string(),
            Carried::Reduction { combine, in_place } => {
                let suffix = if in_place { " in place" } else { "" };
                format!("{}{suffix}", combine.name())
            }
        }
    }

    fn parse(name: &str) -> Option<Carried> {
        if name == "private" {
            return Some(Carried::Private);
        }
        let (combine, in_place) = match name.strip_suffix(" in place") {
            Some(c) => (c, true),
            None => (name, false),
        };
        let combine = Combine::NAMES.iter().find(|(_, n)| *n == combine)?.0;
        Some(Carried::Reduction { combine, in_place })
    }
}

/// Classify each carried variable of the `py.for` `for_op` (its block arguments after the
/// target); the error names the first variable that is neither a reduction nor private.
fn classify(ctx: &Context, for_op: OpId) -> Result<Vec<Carried>, Diagnostic> {
    let body = ctx.entry_block(ctx.region(for_op, 0));
    let args = ctx.block_args(body).to_vec();
    let names = py::for_::NAMES.get(ctx, for_op).unwrap_or_default();
    let mut out = vec![];
    for (k, arg) in args.iter().enumerate().skip(1) {
        let result = ctx.result(for_op, k - 1);
        if !ctx.has_uses(*arg) && !ctx.has_uses(result) {
            out.push(Carried::Private);
            continue;
        }
        let mut walk = Walk {
            ctx,
            combine: None,
            in_place: true,
            continues: vec![],
        };
        // Every path may end in `continue` (`py-structure-escapes` moves the ops after an `if`
        // that continues into its other branch, the body's end becoming a `continue`).
        let reaches = walk.chain(*arg, body);
        let ok = matches!(reaches, Some(Some(p)) if p == k - 1)
            || (reaches == Some(None) && !walk.continues.is_empty());
        let ok = ok && walk.continues.iter().all(|p| *p == k - 1) && walk.combine.is_some();
        if !ok {
            let name = names.get(k - 1).map(String::as_str).unwrap_or("?");
            return Err(Diagnostic::error(
                ctx.loc(for_op).clone(),
                format!(
                    "variable '{name}' is carried from one prange iteration to the next but is \
                     not a reduction"
                ),
            )
            .with_note(
                "iterations run in parallel: update it only with one of `+=`, `-=`, `*=`, \
                 `&=`, `|=`, `^=`, `v = min(v, x)`, `v = max(v, x)` and do not read it otherwise \
                 inside the loop, or use `range`",
            ));
        }
        out.push(Carried::Reduction {
            combine: walk.combine.unwrap(),
            in_place: walk.in_place,
        });
    }
    Ok(out)
}

/// Follows an accumulator through a loop body.
struct Walk<'a> {
    ctx: &'a Context,
    combine: Option<Combine>,
    /// Whether every update seen is an augmented assignment.
    in_place: bool,
    /// Positions of the `py.continue`s the accumulator reached in the loop being walked.
    continues: Vec<usize>,
}

impl Walk<'_> {
    /// Follow `v` (an accumulator value visible in `block`) through `block`'s ops: returns
    /// `Some(Some(p))` when it reaches the block's `py.yield` at position `p`, `Some(None)` when
    /// every path leaves through `py.continue`, `None` when it is used in any other way.
    fn chain(&mut self, mut v: Value, block: BlockId) -> Option<Option<usize>> {
        let ctx = self.ctx;
        loop {
            // Conditionals that only `continue` with the accumulator may come first.
            let users = self.users(v, block)?;
            let (&user, leaving) = users.split_last()?;
            for &early in leaving {
                if !ctx.is_op(early, &py::IF) || ctx.operands(early).contains(&v) {
                    return None;
                }
                for r in ctx.regions(early) {
                    let branch = ctx.entry_block(*r);
                    if !self.users(v, branch)?.is_empty() && self.chain(v, branch)?.is_some() {
                        return None;
                    }
                }
            }
            let direct = ctx.operands(user).contains(&v);
            let is = |def: &OpDef| ctx.is_op(user, def);
            if is(&py::BINOP) && direct {
                let ops = ctx.operands(user);
                let op = py::binop::OP.of(ctx, user);
                let combine = Combine::of_binop(op)?;
                let uses_of_v = ops.iter().filter(|o| **o == v).count();
                if uses_of_v != 1 || (op == BinOpKind::Sub && ops[0] != v) {
                    return None;
                }
                if *self.combine.get_or_insert(combine) != combine {
                    return None;
                }
                self.in_place &= py::binop::INPLACE.get(ctx, user).is_some();
                v = ctx.result(user, 0);
            } else if is(&py::CALL_BUILTIN) && direct {
                let combine = match py::call_builtin::NAME.of(ctx, user).as_str() {
                    "min" => Combine::Min,
                    "max" => Combine::Max,
                    _ => return None,
                };
                let ops = ctx.operands(user);
                // Python's min(m, x) keeps m unless x is smaller: NaNs in x are skipped.
                // With the accumulator second, a NaN would replace it (not associative).
                let float = ctx.type_kind(ctx.value_type(v)).is_float();
                if ops.len() != 2 || (float && ops[0] != v) {
                    return None;
                }
                if *self.combine.get_or_insert(combine) != combine {
                    return None;
                }
                self.in_place = false;
                v = ctx.result(user, 0);
            } else if is(&py::YIELD) && direct {
                return Some(Some(position(ctx, user, v)?));
            } else if is(&py::CONTINUE) && direct {
                self.continues.push(position(ctx, user, v)?);
                return Some(None);
            } else if is(&py::FOR) && direct {
                let j = position(ctx, user, v)?;
                let read_inside = ctx
                    .uses(v)
                    .iter()
                    .any(|u| u.op != user && ctx.is_ancestor(user, u.op));
                if j == 0 || read_inside {
                    return None;
                }
                let inner = ctx.entry_block(ctx.region(user, 0));
                let arg = ctx.block_args(inner)[j];
                let outer_continues = std::mem::take(&mut self.continues);
                let reaches = self.chain(arg, inner);
                let inner_continues = std::mem::replace(&mut self.continues, outer_continues);
                let reaches_end = reaches == Some(Some(j - 1))
                    || (reaches == Some(None) && !inner_continues.is_empty());
                if !reaches_end || inner_continues.iter().any(|p| *p != j - 1) {
                    return None;
                }
                v = ctx.result(user, j - 1);
            } else if is(&py::IF) && !direct {
                let mut p = None;
                for r in ctx.regions(user) {
                    match self.chain(v, ctx.entry_block(*r))? {
                        Some(q) if p.is_some_and(|p| p != q) => return None,
                        Some(q) => p = Some(q),
                        None => {}
                    }
                }
                match p {
                    Some(p) => v = ctx.result(user, p),
                    None => return Some(None),
                }
            } else {
                return None;
            }
        }
    }

    /// The ops of `block` that use `v` (directly or inside their regions), in block order;
    /// `None` when one of them uses it twice directly (`s + s` is not a reduction).
    fn users(&self, v: Value, block: BlockId) -> Option<Vec<OpId>> {
        let ctx = self.ctx;
        let mut users = vec![];
        for u in ctx.uses(v) {
            // The op of `block` that holds the use; uses outside `block` (in the other branch
            // of an `if` being walked) do not count here.
            let mut op = Some(u.op);
            while let Some(o) = op.filter(|o| ctx.parent_block(*o) != Some(block)) {
                op = ctx.parent_op(o);
            }
            if let Some(op) = op {
                if !users.contains(&op) {
                    users.push(op);
                }
            }
        }
        for user in &users {
            if ctx.operands(*user).iter().filter(|o| **o == v).count() > 1 {
                return None;
            }
        }
        let order = ctx.block_ops(block);
        users.sort_by_key(|op| order.iter().position(|o| o == op));
        Some(users)
    }
}

/// The operand position of `v` in `op` (the first, as `single_user` allows only one).
fn position(ctx: &Context, op: OpId, v: Value) -> Option<usize> {
    ctx.operands(op).iter().position(|o| *o == v)
}
