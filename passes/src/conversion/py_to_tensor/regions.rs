//! Regions and their early exits: converting a block's ops, leaving a region (`return`, `continue`,
//! a branch's yield), `if`s and calls' results.

use blackbird_dialects::ir::{BlockId, Context, Location, OpDef, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, func, loops, py};

use super::serial::ExitCode;
use super::{not_yet, CResult, Converter};
use crate::transforms::structure_escapes::returns_inside;

/// How a region that reaches its end leaves.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Exit {
    /// `func.return` the values.
    Return,
    /// `loop.yield` the values (inside a restructured `if`, or at the end of a loop body).
    Yield,
}

/// How the region being converted may be left early: which ops leave it, and what they
/// become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Escape {
    /// A function body: `return` (a `func.return`).
    Return,
    /// The body of a loop without `break` or `return`: `continue` (a `loop.yield` of the loop's
    /// variables).
    Continue,
    /// The body of a loop with `break`: `continue` and `break` yield an exit code (see
    /// [`Converter::loop_with_exits`]).
    LoopExit,
    /// The body of a loop with `return` (at function level, or in a loop that returns):
    /// `continue`, `break` and `return` yield an exit code.
    LoopExitReturn,
    /// A `while` condition: nothing leaves it early.
    Nothing,
}

impl Escape {
    /// Does `op` leave a region converted under this escape?
    pub(super) fn leaves_by(self, ctx: &Context, op: OpId) -> bool {
        let exits: &[&OpDef] = match self {
            Escape::Return => &[&py::RETURN, &py::RAISE],
            Escape::Continue => &[&py::CONTINUE],
            Escape::LoopExit => &[&py::CONTINUE, &py::BREAK],
            Escape::LoopExitReturn => &[&py::CONTINUE, &py::BREAK, &py::RETURN, &py::RAISE],
            Escape::Nothing => &[],
        };
        exits.iter().any(|def| ctx.is_op(op, def))
    }

    /// Can a `py.return` leave through this escape (at function level, or from a loop that
    /// returns)?
    pub(super) fn returns_through(self) -> bool {
        matches!(self, Escape::Return | Escape::LoopExitReturn)
    }

    /// Does it yield exit codes (a loop with `break` or `return`)?
    pub(super) fn has_exit_codes(self) -> bool {
        matches!(self, Escape::LoopExit | Escape::LoopExitReturn)
    }
}

/// A NumPy `Generator` lives inside compiled code only (its state is the runtime's): the entry
/// function neither takes nor returns one. The error points at the `return` giving one.
fn check_no_generator_crosses(
    ctx: &Context,
    f: OpId,
    inputs: &[Type],
    results: &[Type],
) -> CResult<()> {
    fn holds_generator(ctx: &Context, t: Type) -> bool {
        match ctx.type_kind(t) {
            TypeKind::PyRandomGenerator => true,
            TypeKind::Tuple(elems) => elems.iter().any(|e| holds_generator(ctx, *e)),
            _ => false,
        }
    }
    const WHY: &str = "a Generator (NumPyRandomGeneratorType) lives inside compiled code \
                       only; make one there with np.random.default_rng(seed)";
    if inputs.iter().any(|t| holds_generator(ctx, *t)) {
        return Err(super::error(
            ctx,
            f,
            format!("the compiled function cannot take a NumPy Generator argument: {WHY}"),
        ));
    }
    if results.iter().any(|t| holds_generator(ctx, *t)) {
        let at = ctx
            .walk_preorder(f)
            .into_iter()
            .find(|o| ctx.is_op(*o, &py::RETURN))
            .unwrap_or(f);
        return Err(super::error(
            ctx,
            at,
            format!("the compiled function cannot return a NumPy Generator: {WHY}"),
        ));
    }
    Ok(())
}

pub(super) fn is_loop(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &py::FOR) || ctx.is_op(op, &py::WHILE)
}

impl Converter<'_> {
    pub(super) fn function(mut self, f: OpId) -> CResult<OpId> {
        let (inputs, results) = func::function_signature(self.e.ctx, f).expect("typed py.func");
        if self.is_entry {
            check_no_generator_crosses(self.e.ctx, f, &inputs, &results)?;
        }
        // A tuple parameter becomes its elements' parameters, in order.
        let mut lowered_inputs = vec![];
        for t in &inputs {
            lowered_inputs.extend(self.lower_type(f, *t)?);
        }
        let mut lowered_results = vec![];
        for t in &results {
            lowered_results.extend(self.lower_type(f, *t)?);
        }
        self.results = lowered_results.iter().map(|t| self.abi_type(*t)).collect();
        self.return_types = lowered_results;
        let name = func::function_name(self.e.ctx, f)
            .unwrap_or_default()
            .to_string();
        let loc = self.e.ctx.loc(f).clone();
        let results_abi = self.results.clone();
        let block = self.e.block;
        let mut b = blackbird_dialects::ir::Builder::at_end(self.e.ctx, block).with_loc(loc);
        let (new_f, entry) = func::build_func(&mut b, &name, &lowered_inputs, &results_abi);
        self.e.ctx.detach_op(new_f);
        let py_entry = self.e.ctx.entry_block(self.e.ctx.region(f, 0));
        let mut params = self.e.ctx.block_args(entry).to_vec().into_iter();
        for (a, t) in self
            .e
            .ctx
            .block_args(py_entry)
            .to_vec()
            .into_iter()
            .zip(inputs)
        {
            let l = self.unflatten(t, &mut params);
            self.map.insert(a, l);
        }
        self.e.block = entry;
        let ops = self.e.ctx.block_ops(py_entry).to_vec();
        self.ops(&ops, Exit::Return, Escape::Return)?;
        Ok(new_f)
    }

    /// Convert `ops` into the current block. `escape` says which ops leave this region early
    /// (`py.return` in a function, `py.continue` in a loop body…): an `if` containing one
    /// becomes a `loop.if` yielding the escape's values. `py-structure-escapes` has moved the
    /// ops after such an `if` into its branches that go on, so nothing follows it here.
    pub(super) fn ops(&mut self, ops: &[OpId], exit: Exit, escape: Escape) -> CResult<()> {
        for (i, &op) in ops.iter().enumerate() {
            let ctx = &*self.e.ctx;
            let is = |def: &OpDef| ctx.is_op(op, def);
            let (returns, raises, yields) = (is(&py::RETURN), is(&py::RAISE), is(&py::YIELD));
            let (breaks, unreachable, is_if) = (is(&py::BREAK), is(&py::UNREACHABLE), is(&py::IF));
            let (leaves, is_loop) = (escape.leaves_by(ctx, op), is_loop(ctx, op));
            if leaves || (escape != Escape::Return && yields && self.is_loop_body_end(op)) {
                // A `raise` records the exception, then returns placeholders.
                let leaves_function = returns || raises;
                let mut values = match raises {
                    true => self.raise_and_placeholders(op)?,
                    false => self.exit_values(op)?,
                };
                if escape.has_exit_codes() {
                    // (next counter, exit code, return slots, loop variables).
                    let loc = self.e.ctx.loc(op).clone();
                    let code = match (breaks, leaves_function) {
                        (true, _) => ExitCode::Break,
                        (_, true) => ExitCode::Return,
                        _ => ExitCode::Running,
                    };
                    let code = self.exit_code(code, &loc);
                    let frame = self.exit_prefix.last().expect("a loop with exits is open");
                    let mut v = vec![frame.next, code];
                    if leaves_function {
                        v.extend(values);
                        v.extend(frame.carried.clone());
                    } else {
                        v.extend(frame.ret_slots.clone());
                        v.extend(values);
                    }
                    values = v;
                }
                return self.finish(exit, &values, op);
            }
            if is_loop && escape.returns_through() && self.returns_inside(op) {
                return self.loop_with_exits(op, Some((&ops[i + 1..], exit, escape)));
            }
            if returns {
                return Err(not_yet(self.e.ctx, op, "`return` inside a loop"));
            }
            if raises {
                return Err(not_yet(self.e.ctx, op, "`raise` inside this loop"));
            }
            if unreachable {
                return Ok(());
            }
            if yields {
                let values = self.exit_values(op)?;
                return self.finish(Exit::Yield, &values, op);
            }
            if is_if && self.contains(op, escape) {
                return self.escaping_if(op, exit, escape);
            }
            self.op(op)?;
        }
        Ok(())
    }

    /// A `py.raise`: a `loop.raise` of its exception, then the values the function returns
    /// meanwhile (the runtime discards them): placeholders of the function's result types
    /// (arrays: an empty one, not owned; scalars: zero), as the slots of a loop that returns.
    fn raise_and_placeholders(&mut self, op: OpId) -> CResult<Vec<Value>> {
        let loc = self.e.ctx.loc(op).clone();
        let kind = py::raise::KIND.get(self.e.ctx, op).unwrap_or_default();
        let message = py::raise::MESSAGE.get(self.e.ctx, op).unwrap_or_default();
        // A pending raise leaves because a called function raised: its exception is recorded.
        if !py::raise::PENDING.get(self.e.ctx, op).unwrap_or(false) {
            let kind_attr = self.e.ctx.str_attr(&kind);
            let message_attr = self.e.ctx.str_attr(&message);
            self.e.emit(
                &loops::RAISE,
                &[],
                &[],
                &[("kind", kind_attr), ("message", message_attr)],
                vec![],
                &loc,
            );
        }
        let mut f = op;
        while !self.e.ctx.is_op(f, &py::FUNC) {
            f = self
                .e
                .ctx
                .parent_op(f)
                .expect("a py.raise is inside a py.func");
        }
        let (_, results) = func::function_signature(self.e.ctx, f).expect("typed py.func");
        let mut values = vec![];
        for t in results {
            for l in self.lower_type(f, t)? {
                let v = match self.e.ctx.type_kind(l).rank() {
                    Some(rank) => self.empty_array(l, rank, &loc),
                    None => self.e.zero_of(l, 0.0, &loc),
                };
                values.push(v);
            }
        }
        Ok(values)
    }

    pub(super) fn is_loop_body_end(&self, op: OpId) -> bool {
        self.e
            .ctx
            .parent_op(op)
            .is_some_and(|p| is_loop(self.e.ctx, p))
    }

    /// The lowered values an escape (or a loop body's final yield) carries.
    pub(super) fn exit_values(&mut self, op: OpId) -> CResult<Vec<Value>> {
        let mut out = vec![];
        for v in self.e.ctx.operands(op).to_vec() {
            self.flatten(&self.get(v), &mut out);
        }
        Ok(out)
    }

    pub(super) fn coerce_abi(&mut self, v: Value, t: Type, loc: &Location) -> Value {
        if self.e.ctx.value_type(v) == t {
            v
        } else {
            self.e.value(&arith::EXTUI, &[v], t, loc)
        }
    }

    /// Leave the current region with `values` (booleans returned as i8).
    pub(super) fn finish(&mut self, exit: Exit, values: &[Value], at: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(at).clone();
        let mut values = values.to_vec();
        let def = if exit == Exit::Return {
            let abi = self.results.clone();
            values = values
                .into_iter()
                .zip(abi)
                .map(|(v, t)| self.coerce_abi(v, t, &loc))
                .collect();
            &func::RETURN
        } else {
            &loops::YIELD
        };
        self.e.emit(def, &values, &[], &[], vec![], &loc);
        Ok(())
    }

    /// Does `op` contain `escape` outside nested loops (or, when `escape` lets a `return`
    /// through, a loop that returns)?
    pub(super) fn contains(&self, op: OpId, escape: Escape) -> bool {
        self.e.ctx.regions(op).iter().any(|r| {
            self.e
                .ctx
                .block_ops(self.e.ctx.entry_block(*r))
                .iter()
                .any(|o| {
                    let ctx = &*self.e.ctx;
                    escape.leaves_by(ctx, *o)
                        || (ctx.is_op(*o, &py::IF) && self.contains(*o, escape))
                        || (is_loop(ctx, *o) && escape.returns_through() && self.returns_inside(*o))
                })
        })
    }

    /// Does a `py.return` occur anywhere inside `op`?
    pub(super) fn returns_inside(&self, op: OpId) -> bool {
        returns_inside(self.e.ctx, op)
    }

    /// Does the body of the loop `op` `break` (outside nested loops)?
    pub(super) fn breaks(&self, op: OpId) -> bool {
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
        let body = *self.e.ctx.regions(op).last().expect("a loop has a body");
        breaks_in(self.e.ctx, self.e.ctx.entry_block(body))
    }

    /// An `if` that leaves the region through `escape` (nothing follows it: see
    /// `py-structure-escapes`): a `loop.if` whose branches yield the escape's values, which
    /// then leave the region.
    pub(super) fn escaping_if(&mut self, op: OpId, exit: Exit, escape: Escape) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let cond = self.scalar(op, self.e.ctx.operand(op, 0))?;
        let cond = self.e.truth(cond, &loc);
        let exit_types: Vec<Type> = if escape == Escape::Return {
            self.return_types.clone()
        } else {
            self.carried_types.last().cloned().unwrap_or_default()
        };
        let mut regions = vec![];
        let outer = self.e.block;
        for r in self.e.ctx.regions(op).to_vec() {
            let (region, block) = self.e.ctx.create_region_with_block(&[]);
            self.e.block = block;
            let ops = self.e.ctx.block_ops(self.e.ctx.entry_block(r)).to_vec();
            self.ops(&ops, Exit::Yield, escape)?;
            regions.push(region);
        }
        self.e.block = outer;
        let if_op = self
            .e
            .emit(&loops::IF, &[cond], &exit_types, &[], regions, &loc);
        let values = self.e.ctx.results(if_op).to_vec();
        self.finish(exit, &values, op)
    }

    pub(super) fn if_op(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let cond = self.scalar(op, self.e.ctx.operand(op, 0))?;
        let cond = self.e.truth(cond, &loc);
        let results = self.lowered_result_types(op)?;
        let outer = self.e.block;
        let mut regions = vec![];
        for r in self.e.ctx.regions(op).to_vec() {
            let (region, block) = self.e.ctx.create_region_with_block(&[]);
            self.e.block = block;
            let ops = self.e.ctx.block_ops(self.e.ctx.entry_block(r)).to_vec();
            let escape = self.loop_escapes.last().copied().unwrap_or(Escape::Return);
            self.ops(&ops, Exit::Yield, escape)?;
            regions.push(region);
        }
        self.e.block = outer;
        let if_op = self
            .e
            .emit(&loops::IF, &[cond], &results, &[], regions, &loc);
        let values = self.e.ctx.results(if_op).to_vec();
        self.bind_results(op, values);
        Ok(())
    }

    pub(super) fn lowered_result_types(&mut self, op: OpId) -> CResult<Vec<Type>> {
        let mut out = vec![];
        for r in self.e.ctx.results(op).to_vec() {
            let t = self.e.ctx.value_type(r);
            out.extend(self.lower_type(op, t)?);
        }
        Ok(out)
    }

    /// Bind the results of `op` to flattened values.
    pub(super) fn bind_results(&mut self, op: OpId, values: Vec<Value>) {
        let mut it = values.into_iter();
        for r in self.e.ctx.results(op).to_vec() {
            let l = self.unflatten(self.e.ctx.value_type(r), &mut it);
            self.map.insert(r, l);
        }
    }

    /// Map a py block's arguments to flattened values (tuples regroup).
    pub(super) fn bind_args(&mut self, args: &[Value], values: &[Value]) {
        let mut it = values.iter().copied();
        for a in args {
            let l = self.unflatten(self.e.ctx.value_type(*a), &mut it);
            self.map.insert(*a, l);
        }
    }
}
