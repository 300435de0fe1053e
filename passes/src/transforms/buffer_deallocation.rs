//! `ownership-based-buffer-deallocation`: free every heap buffer once, at the end of the region
//! that owns it, passing ownership through control flow as run-time i1 flags (after MLIR's
//! pass of the same name, whose ownership indicators these flags are).
//!
//! Input: a converted module (`convert-py-to-tensor`'s output, CPU code) without frees or
//! ownership flags. Arrays are strided `memref`s; fresh buffers are `tensor.materialize`s and
//! `loop.alloc`s (owned through their `loop.cast` to the strided layout when they have one; an
//! allocation the code already frees, `loop.dealloc`, is left alone); views (`loop.view`,
//! `loop.subview`, `loop.cast`) share the memory of their first operand; `loop.alloca`s live on
//! the stack. A function's arguments are the caller's.
//!
//! Output: the same module where
//! - each array result of a function, `func.call`, `loop.if`, `loop.for` and `loop.while`,
//!   each array carried by a loop (inits, block arguments, `loop.yield`/`loop.condition`
//!   operands) and each array a `func.return` returns is followed by its ownership flag: an
//!   `i1` (an `i8` in function signatures, as booleans cross function boundaries), set when
//!   the receiver owns the buffer. Loop inits enter with flag false: the region outside keeps
//!   them;
//! - each region (function body, branch, loop body, `while` condition) owns the buffers it
//!   allocates and those it receives from control flow (block arguments, the results of `if`s,
//!   loops and calls) under their flags. Before each terminator, each owned buffer passes to
//!   the first leaving array that is its memory — known statically (a view of it) or, where
//!   control flow hides it, by comparing base addresses (`loop.address`) — and is freed
//!   (`loop.dealloc`, under an `if` on its flag when that is not known) otherwise.
//!
//! So a buffer has one owner at a time, none is freed while a value leaving its region uses
//! it, and aliasing stays Python's (`b = a if c else a + 1; b[0] = 1` writes `a`).

use blackbird_dialects::ir::{
    BlockId, Context, FunctionType, Location, OpId, OperationState, Type, Value,
};
use blackbird_dialects::{arith, func, loops, tensor};

use crate::conversion::emit::Emitter;
use crate::pipeline::{Change, Pass, PassError};

/// `ownership-based-buffer-deallocation` (no options).
pub struct BufferDeallocation;

impl Pass for BufferDeallocation {
    fn name(&self) -> &'static str {
        "ownership-based-buffer-deallocation"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        Ok(Change::from_bool(deallocate_buffers(ctx, module)))
    }
}

/// Insert the frees and ownership flags of every function of `module` (see the module doc);
/// returns whether anything changed.
pub fn deallocate_buffers(ctx: &mut Context, module: OpId) -> bool {
    let mut changed = false;
    for f in ctx.body_ops(module) {
        if !ctx.is_op(f, &func::FUNC) || ctx.regions(f).is_empty() {
            continue;
        }
        let Some((inputs, results)) = func::function_signature(ctx, f) else {
            continue;
        };
        let i8t = ctx.int_type(8);
        let flagged_results = flagged(ctx, &results, i8t);
        changed |= flagged_results != results;
        let ty = ctx.function_type(&inputs, &flagged_results);
        func::func_::FUNCTION_TYPE.set(ctx, f, FunctionType(ty));
        let entry = ctx.entry_block(ctx.region(f, 0));
        let mut d = Deallocation {
            e: Emitter::new(ctx, entry, false),
            scopes: vec![],
            changed: false,
        };
        d.block(entry, vec![]);
        changed |= d.changed;
    }
    changed
}

/// A buffer a region owns: allocated there (always owned), or received from control flow
/// with a run-time ownership flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Owned {
    array: Value,
    flag: Option<Value>,
}

/// A condition known at compile time or computed at run time (an i1).
#[derive(Clone, Copy, Debug)]
enum Cond {
    Always,
    Never,
    When(Value),
}

struct Deallocation<'c> {
    e: Emitter<'c>,
    /// The buffers each enclosing region owns, innermost last.
    scopes: Vec<Vec<Owned>>,
    /// Whether a flag or a free was added.
    changed: bool,
}

/// `types` with a flag of type `flag` after each array.
fn flagged(ctx: &Context, types: &[Type], flag: Type) -> Vec<Type> {
    let mut out = vec![];
    for t in types {
        out.push(*t);
        if ctx.type_kind(*t).is_shaped() {
            out.push(flag);
        }
    }
    out
}

fn is_array(ctx: &Context, v: Value) -> bool {
    ctx.type_kind(ctx.value_type(v)).is_shaped()
}

/// `op` again with `operands` and `results` (its attributes and regions move over), before
/// it; the old op is erased once the caller has replaced its results' uses.
fn rebuild(ctx: &mut Context, op: OpId, operands: &[Value], results: &[Type]) -> OpId {
    let mut state = OperationState::new(ctx.op_def(op), ctx.loc(op).clone())
        .operands(operands)
        .results(results);
    state.attrs = ctx.attrs(op).iter().map(|(k, v)| (k.clone(), *v)).collect();
    state.regions = ctx.take_regions(op);
    let new = ctx.create_op(state);
    ctx.insert_op_before(op, new);
    new
}

/// Replace `op` by `new`, whose results are `op`'s each array followed by its flag; returns
/// the arrays of `new` paired with their flags.
fn replace_flagged(ctx: &mut Context, op: OpId, new: OpId) -> Vec<Owned> {
    let old = ctx.results(op).to_vec();
    let mut fresh = ctx.results(new).to_vec().into_iter();
    let mut owned = vec![];
    for v in old {
        let n = fresh.next().expect("one result per old result");
        ctx.replace_all_uses(v, n);
        if is_array(ctx, n) {
            let flag = fresh.next().expect("an array is followed by its flag");
            owned.push(Owned {
                array: n,
                flag: Some(flag),
            });
        }
    }
    ctx.erase_op(op);
    owned
}

/// Give `block` a flag (i1) argument after each array argument; returns the arrays with their
/// flags.
fn flag_block_args(ctx: &mut Context, block: BlockId) -> Vec<Owned> {
    let i1 = ctx.i1();
    let mut args = vec![];
    let mut owned = vec![];
    for a in ctx.block_args(block).to_vec() {
        args.push(a);
        if is_array(ctx, a) {
            let flag = ctx.add_block_arg(block, i1);
            args.push(flag);
            owned.push(Owned {
                array: a,
                flag: Some(flag),
            });
        }
    }
    ctx.set_block_args(block, &args);
    owned
}

impl Deallocation<'_> {
    /// `values` with a false flag (created before `anchor`) after each array: values
    /// entering a loop, which the region outside keeps owning.
    fn flag_inits(&mut self, values: &[Value], anchor: OpId) -> Vec<Value> {
        let loc = self.e.ctx.loc(anchor).clone();
        let block = self.e.ctx.parent_block(anchor).expect("a loop in a block");
        self.e.block = block;
        let i1 = self.e.ctx.i1();
        let mut out = vec![];
        for v in values {
            out.push(*v);
            if is_array(self.e.ctx, *v) {
                let c = self.e.const_int(0, i1, &loc);
                let def = self.e.ctx.defining_op(c).expect("a constant");
                self.e.ctx.move_op_before(def, anchor);
                out.push(c);
            }
        }
        out
    }

    /// Walk `block`, which starts owning `entering`: record what it allocates and receives,
    /// flag its control flow, and hand over or free its buffers at its terminator.
    fn block(&mut self, block: BlockId, entering: Vec<Owned>) {
        self.scopes.push(entering);
        for op in self.e.ctx.block_ops(block).to_vec() {
            self.op(block, op);
        }
        self.scopes.pop();
    }

    fn own(&mut self, owned: impl IntoIterator<Item = Owned>) {
        self.scopes
            .last_mut()
            .expect("a region is open")
            .extend(owned);
    }

    fn op(&mut self, block: BlockId, op: OpId) {
        let ctx = &mut *self.e.ctx;
        if ctx.is_op(op, &func::RETURN)
            || ctx.is_op(op, &loops::YIELD)
            || ctx.is_op(op, &loops::CONDITION)
        {
            self.terminator(block, op);
        } else if let Some(array) = allocation(ctx, op) {
            self.own([Owned { array, flag: None }]);
        } else if ctx.is_op(op, &loops::IF) && ctx.results(op).iter().any(|v| is_array(ctx, *v)) {
            for r in ctx.regions(op).to_vec() {
                let b = self.e.ctx.entry_block(r);
                self.block(b, vec![]);
            }
            let ctx = &mut *self.e.ctx;
            let i1 = ctx.i1();
            let types: Vec<Type> = ctx.results(op).iter().map(|v| ctx.value_type(*v)).collect();
            let operands = ctx.operands(op).to_vec();
            let new = rebuild(ctx, op, &operands, &flagged(ctx, &types, i1));
            let owned = replace_flagged(ctx, op, new);
            self.changed = true;
            self.own(owned);
        } else if (ctx.is_op(op, &loops::FOR) || ctx.is_op(op, &loops::WHILE))
            && ctx.results(op).iter().any(|v| is_array(ctx, *v))
        {
            self.flag_loop(op);
        } else if ctx.is_op(op, &func::CALL) && ctx.results(op).iter().any(|v| is_array(ctx, *v)) {
            self.call(op);
        } else {
            // Other regions (`loop.parallel` bodies, loop nests…): each owns what it allocates.
            for r in ctx.regions(op).to_vec() {
                for b in self.e.ctx.blocks(r).to_vec() {
                    self.block(b, vec![]);
                }
            }
        }
    }

    /// A `loop.for` or `loop.while`: its arrays carried with flags (entering false), its
    /// regions owning their arguments, its results owned by the current region.
    fn flag_loop(&mut self, op: OpId) {
        let ctx = &mut *self.e.ctx;
        let i1 = ctx.i1();
        let is_for = ctx.is_op(op, &loops::FOR);
        let operands = ctx.operands(op).to_vec();
        let (bounds, inits) = operands.split_at(if is_for { 3 } else { 0 });
        let (bounds, inits) = (bounds.to_vec(), inits.to_vec());
        let mut new_operands = bounds;
        new_operands.extend(self.flag_inits(&inits, op));
        let ctx = &mut *self.e.ctx;
        let types: Vec<Type> = ctx.results(op).iter().map(|v| ctx.value_type(*v)).collect();
        let results = flagged(ctx, &types, i1);
        for r in ctx.regions(op).to_vec() {
            let b = self.e.ctx.entry_block(r);
            let entering = flag_block_args(self.e.ctx, b);
            self.block(b, entering);
        }
        let ctx = &mut *self.e.ctx;
        let new = rebuild(ctx, op, &new_operands, &results);
        let owned = replace_flagged(ctx, op, new);
        self.changed = true;
        self.own(owned);
    }

    /// A call returning arrays: each comes with its flag (an i8 across the call, truncated
    /// after it as the converter truncates boolean results).
    fn call(&mut self, op: OpId) {
        let ctx = &mut *self.e.ctx;
        let i8t = ctx.int_type(8);
        let i1 = ctx.i1();
        let types: Vec<Type> = ctx.results(op).iter().map(|v| ctx.value_type(*v)).collect();
        let operands = ctx.operands(op).to_vec();
        let new = rebuild(ctx, op, &operands, &flagged(ctx, &types, i8t));
        let loc = ctx.loc(op).clone();
        let mut anchor = new;
        let mut old = ctx.results(op).to_vec().into_iter();
        let mut owned = vec![];
        let mut it = ctx.results(new).to_vec().into_iter();
        while let Some(v) = it.next() {
            ctx.replace_all_uses(old.next().expect("one result per old result"), v);
            if is_array(ctx, v) {
                let byte = it.next().expect("an array is followed by its flag");
                let trunc = ctx.create_op(
                    OperationState::new(&arith::TRUNCI, loc.clone())
                        .operands(&[byte])
                        .results(&[i1]),
                );
                ctx.insert_op_after(anchor, trunc);
                anchor = trunc;
                owned.push(Owned {
                    array: v,
                    flag: Some(ctx.result(trunc, 0)),
                });
            }
        }
        ctx.erase_op(op);
        self.changed = true;
        self.own(owned);
    }

    /// A region's terminator: its leaving arrays get their flags, its buffers are handed over
    /// or freed before it.
    fn terminator(&mut self, block: BlockId, op: OpId) {
        let ctx = &mut *self.e.ctx;
        let loc = ctx.loc(op).clone();
        let operands = ctx.operands(op).to_vec();
        let is_return = ctx.is_op(op, &func::RETURN);
        let kept = usize::from(ctx.is_op(op, &loops::CONDITION));
        ctx.detach_op(op);
        self.e.block = block;
        let mut values = operands[..kept].to_vec();
        values.extend(self.hand_over(&operands[kept..], &loc));
        if is_return {
            // Flags cross function boundaries as i8.
            let i8t = self.e.ctx.int_type(8);
            let mut after_array = false;
            for v in values.iter_mut() {
                if after_array {
                    *v = self.e.value(&arith::EXTUI, &[*v], i8t, &loc);
                }
                after_array = !after_array && is_array(self.e.ctx, *v);
            }
        }
        self.changed |= values.len() != operands.len();
        let def = self.e.ctx.op_def(op);
        self.e.emit(def, &values, &[], &[], vec![], &loc);
        self.e.ctx.erase_op(op);
    }

    /// The owned buffer whose memory `v` is (or is a view of), in any open region.
    fn static_root(&self, v: Value) -> Option<Owned> {
        let ctx = &*self.e.ctx;
        let mut v = v;
        loop {
            if let Some(t) = self.scopes.iter().flatten().find(|t| t.array == v) {
                return Some(*t);
            }
            let op = ctx.defining_op(v)?;
            if ctx.is_op(op, &loops::ALLOC) {
                // An allocation is owned through its first cast.
                let cast = owning_cast(ctx, v)?;
                let owner = ctx.result(cast, 0);
                return self
                    .scopes
                    .iter()
                    .flatten()
                    .find(|t| t.array == owner)
                    .copied();
            }
            if !(ctx.is_op(op, &loops::VIEW)
                || ctx.is_op(op, &loops::SUBVIEW)
                || ctx.is_op(op, &loops::CAST))
            {
                return None;
            }
            v = ctx.operand(op, 0);
        }
    }

    /// Leave the current region with `leaving`. Each buffer the region owns passes to the
    /// first leaving array that is its memory — known statically (a view of it) or, where
    /// control flow hides it, by comparing base addresses at run time — and is freed
    /// otherwise. Returns `leaving` with each array followed by its ownership flag.
    fn hand_over(&mut self, leaving: &[Value], loc: &Location) -> Vec<Value> {
        let owned = self.scopes.last().cloned().unwrap_or_default();
        let arrays: Vec<(Value, Option<Owned>)> = leaving
            .iter()
            .filter(|v| is_array(self.e.ctx, **v))
            .map(|v| (*v, self.static_root(*v)))
            .collect();
        let mut flags = vec![Cond::Never; arrays.len()];
        for t in owned {
            let owned = t.flag.map_or(Cond::Always, Cond::When);
            let mut taken = Cond::Never;
            for (k, &(r, root)) in arrays.iter().enumerate() {
                let alias = match root {
                    Some(root) if root.array == t.array => Cond::Always,
                    // Arguments' memory, and other fresh allocations, are never `t`'s.
                    None => Cond::Never,
                    Some(Owned { flag: None, .. }) => Cond::Never,
                    // A block argument existed before anything this region allocated.
                    Some(root)
                        if t.flag.is_none() && self.e.ctx.defining_op(root.array).is_none() =>
                    {
                        Cond::Never
                    }
                    Some(_) => Cond::When(self.same_buffer(r, t.array, loc)),
                };
                let free = self.not(taken, loc);
                let heir = self.and(alias, free, loc);
                let inherits = self.and(owned, heir, loc);
                flags[k] = self.or(flags[k], inherits, loc);
                taken = self.or(taken, alias, loc);
            }
            let unclaimed = self.not(taken, loc);
            let free = self.and(owned, unclaimed, loc);
            self.dealloc_when(free, t.array, loc);
        }
        let mut out = vec![];
        let mut flags = flags.into_iter();
        for v in leaving {
            out.push(*v);
            if is_array(self.e.ctx, *v) {
                let flag = flags.next().expect("one flag per array");
                out.push(self.cond_value(flag, loc));
            }
        }
        out
    }

    fn same_buffer(&mut self, a: Value, b: Value, loc: &Location) -> Value {
        let index = self.e.ctx.index();
        let a = self.e.value(&loops::ADDRESS, &[a], index, loc);
        let b = self.e.value(&loops::ADDRESS, &[b], index, loc);
        self.e.cmp(&arith::CMPI, "eq", a, b, loc)
    }

    fn dealloc_when(&mut self, when: Cond, array: Value, loc: &Location) {
        self.changed |= !matches!(when, Cond::Never);
        match when {
            Cond::Never => {}
            Cond::Always => {
                self.e
                    .emit(&loops::DEALLOC, &[array], &[], &[], vec![], loc);
            }
            Cond::When(c) => {
                let dealloc = OperationState::new(&loops::DEALLOC, loc.clone()).operands(&[array]);
                self.e.only_if(c, dealloc, loc);
            }
        }
    }

    fn cond_value(&mut self, c: Cond, loc: &Location) -> Value {
        let i1 = self.e.ctx.i1();
        match c {
            Cond::Always => self.e.const_int(1, i1, loc),
            Cond::Never => self.e.const_int(0, i1, loc),
            Cond::When(v) => v,
        }
    }

    fn and(&mut self, a: Cond, b: Cond, loc: &Location) -> Cond {
        match (a, b) {
            (Cond::Never, _) | (_, Cond::Never) => Cond::Never,
            (Cond::Always, x) | (x, Cond::Always) => x,
            (Cond::When(x), Cond::When(y)) => Cond::When(self.e.binary(&arith::ANDI, x, y, loc)),
        }
    }

    fn or(&mut self, a: Cond, b: Cond, loc: &Location) -> Cond {
        match (a, b) {
            (Cond::Always, _) | (_, Cond::Always) => Cond::Always,
            (Cond::Never, x) | (x, Cond::Never) => x,
            (Cond::When(x), Cond::When(y)) => Cond::When(self.e.binary(&arith::ORI, x, y, loc)),
        }
    }

    fn not(&mut self, a: Cond, loc: &Location) -> Cond {
        match a {
            Cond::Always => Cond::Never,
            Cond::Never => Cond::Always,
            Cond::When(x) => {
                let i1 = self.e.ctx.i1();
                let one = self.e.const_int(1, i1, loc);
                Cond::When(self.e.binary(&arith::XORI, x, one, loc))
            }
        }
    }
}

/// The `loop.cast` through which the `loop.alloc` result `v` is owned: its first one (others
/// are views of the same buffer).
fn owning_cast(ctx: &Context, v: Value) -> Option<OpId> {
    ctx.uses(v)
        .iter()
        .find(|u| ctx.is_op(u.op, &loops::CAST))
        .map(|u| u.op)
}

/// The buffer `op` allocates for its region to free: a `tensor.materialize`, or a `loop.alloc`
/// the code does not free itself (through the `loop.cast` to the strided layout the converter
/// gives it, when it has one).
fn allocation(ctx: &Context, op: OpId) -> Option<Value> {
    if ctx.is_op(op, &tensor::MATERIALIZE) {
        return Some(ctx.result(op, 0));
    }
    let fresh_alloc = |ctx: &Context, v: Value| {
        ctx.defining_op(v)
            .is_some_and(|a| ctx.is_op(a, &loops::ALLOC))
            && !ctx.uses(v).iter().any(|u| ctx.is_op(u.op, &loops::DEALLOC))
    };
    if ctx.is_op(op, &loops::ALLOC) {
        let v = ctx.result(op, 0);
        let cast = ctx.uses(v).iter().any(|u| ctx.is_op(u.op, &loops::CAST));
        return (!cast && fresh_alloc(ctx, v)).then_some(v);
    }
    if ctx.is_op(op, &loops::CAST) {
        let source = ctx.operand(op, 0);
        if fresh_alloc(ctx, source) && owning_cast(ctx, source) == Some(op) {
            return Some(ctx.result(op, 0));
        }
    }
    None
}
