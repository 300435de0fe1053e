//! Serial loops: iterators and trip counts, `for` and `while`, and loops with `break` or `return`
//! (a `loop.while` carrying an exit code).

use blackbird_dialects::ir::{BlockId, Location, MemLayout, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, py};

use super::{not_yet, CResult, Converter, Escape, Exit, Iter, L};

/// How the body of a loop with `break` or `return` left, carried by its `loop.while` as an i8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ExitCode {
    /// Not left: the loop goes on (`continue`, or the body's end).
    Running = 0,
    Break = 1,
    Return = 2,
}

/// What the exits of a loop with `break` or `return` yield besides the loop's variables.
pub(super) struct LoopExitFrame {
    /// The counter's next value.
    pub(super) next: Value,
    /// The current return-value slots (block arguments), passed on by non-return exits.
    pub(super) ret_slots: Vec<Value>,
    /// The current loop variables (block arguments), passed on by `return`.
    pub(super) carried: Vec<Value>,
}

impl Converter<'_> {
    /// The constant `code` (an i8).
    pub(super) fn exit_code(&mut self, code: ExitCode, loc: &Location) -> Value {
        let i8t = self.e.ctx.int_type(8);
        self.e.const_int(code as i64, i8t, loc)
    }

    pub(crate) fn iter_of(&self, op: OpId, l: L) -> CResult<Iter> {
        match l {
            L::Iter(it) => Ok(it),
            L::V(l) if super::lists::is_list(self, l) => Ok(Iter::List(l)),
            L::V(d) if super::dicts::is_container(self, d) => {
                Ok(Iter::Dict(d, super::dicts::Part::Keys))
            }
            L::V(m) if self.e.ctx.type_kind(self.e.ctx.value_type(m)).rank() == Some(1) => {
                Ok(Iter::Array(m))
            }
            _ => Err(not_yet(self.e.ctx, op, "iterating over this value")),
        }
    }

    /// `len(range(start, stop, step))` for a non-zero i64 `step`, without overflow: the
    /// distance `stop - start` (or `start - stop` for a negative step) and `|step|` read as
    /// unsigned, `(distance - 1) // |step| + 1` items when the range is not empty. A length
    /// beyond the largest int64 (`range(-2**63, 2**63 - 1)`) is taken as that largest value:
    /// CPython's `len()` refuses it, iterating it works, and no loop runs that long.
    pub(crate) fn range_length(
        &mut self,
        start: Value,
        stop: Value,
        step: Value,
        loc: &Location,
    ) -> Value {
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, loc);
        let one = self.e.const_int(1, i64t, loc);
        let largest = self.e.const_int(i64::MAX, i64t, loc);
        let positive = self.e.cmp(&arith::CMPI, "sgt", step, zero, loc);
        let ascending = self.e.cmp(&arith::CMPI, "slt", start, stop, loc);
        let descending = self.e.cmp(&arith::CMPI, "sgt", start, stop, loc);
        let nonempty = self.e.select(positive, ascending, descending, loc);
        let up = self.e.binary(&arith::SUBI, stop, start, loc);
        let down = self.e.binary(&arith::SUBI, start, stop, loc);
        let distance = self.e.select(positive, up, down, loc);
        let minus_step = self.e.binary(&arith::SUBI, zero, step, loc);
        let magnitude = self.e.select(positive, step, minus_step, loc);
        let last = self.e.binary(&arith::SUBI, distance, one, loc);
        let q = self.e.binary(&arith::DIVUI, last, magnitude, loc);
        let saturated = self.e.cmp(&arith::CMPI, "uge", q, largest, loc);
        let n = self.e.binary(&arith::ADDI, q, one, loc);
        let n = self.e.select(saturated, largest, n, loc);
        self.e.select(nonempty, n, zero, loc)
    }

    /// Number of items an iterator yields (i64).
    pub(crate) fn trip_count(&mut self, it: &Iter, loc: &Location) -> Value {
        let i64t = self.e.ctx.i64();
        match it {
            Iter::Range { start, stop, step } => {
                let zero = self.e.const_int(0, i64t, loc);
                let one = self.e.const_int(1, i64t, loc);
                let is_zero = self.e.cmp(&arith::CMPI, "eq", *step, zero, loc);
                self.e
                    .raise_if(is_zero, "ValueError", "range() arg 3 must not be zero", loc);
                let step = self.e.select(is_zero, one, *step, loc);
                self.range_length(*start, *stop, step, loc)
            }
            Iter::Array(m) => self.e.dim(*m, 0, loc),
            Iter::List(l) => self.list_len(*l, loc),
            Iter::Dict(d, _) => self.dict_iter_start(*d, loc),
            Iter::Enumerate(inner) | Iter::Reversed(inner) => self.trip_count(inner, loc),
            Iter::Zip(items) => {
                let mut n = self.trip_count(&items[0], loc);
                for it in &items[1..] {
                    let m = self.trip_count(it, loc);
                    n = self.e.binary(&arith::MINSI, n, m, loc);
                }
                n
            }
        }
    }

    /// Item `k` of an iterator.
    pub(crate) fn item(&mut self, it: &Iter, k: Value, loc: &Location) -> L {
        match it {
            Iter::Range { start, step, .. } => {
                let off = self.e.binary(&arith::MULI, k, *step, loc);
                L::V(self.e.binary(&arith::ADDI, *start, off, loc))
            }
            Iter::Array(m) => {
                let index = self.e.ctx.index();
                let i = self.e.value(&arith::INDEX_CAST, &[k], index, loc);
                let elem = self.e.element_type(*m);
                L::V(self.e.value(&loops::LOAD, &[*m, i], elem, loc))
            }
            Iter::List(l) => L::V(self.list_load(*l, k, loc)),
            Iter::Dict(d, part) => self.dict_entry(*d, *part, k, loc),
            Iter::Enumerate(inner) => {
                let x = self.item(inner, k, loc);
                L::Tuple(vec![L::V(k), x])
            }
            Iter::Zip(items) => L::Tuple(items.iter().map(|i| self.item(i, k, loc)).collect()),
            Iter::Reversed(inner) => {
                let n = self.trip_count(inner, loc);
                let i64t = self.e.ctx.i64();
                let one = self.e.const_int(1, i64t, loc);
                let last = self.e.binary(&arith::SUBI, n, one, loc);
                let j = self.e.binary(&arith::SUBI, last, k, loc);
                self.item(inner, j, loc)
            }
        }
    }

    pub(super) fn carried_inits(
        &mut self,
        op: OpId,
        values: &[Value],
    ) -> CResult<(Vec<Value>, Vec<Type>)> {
        let mut inits = vec![];
        for v in values {
            self.flatten(&self.get(*v), &mut inits);
        }
        let types = inits.iter().map(|v| self.e.ctx.value_type(*v)).collect();
        let _ = op;
        Ok((inits, types))
    }

    /// Convert a loop body (`py_block`'s ops) into the current block, with the loop's state:
    /// the types its exits yield, its escape and, for loops with exits, their frame.
    pub(super) fn loop_body(
        &mut self,
        py_block: BlockId,
        exit_types: Vec<Type>,
        escape: Escape,
        frame: Option<LoopExitFrame>,
    ) -> CResult<()> {
        self.carried_types.push(exit_types);
        self.loop_escapes.push(escape);
        let framed = frame.is_some();
        if let Some(f) = frame {
            self.exit_prefix.push(f);
        }
        let ops = self.e.ctx.block_ops(py_block).to_vec();
        let result = self.ops(&ops, Exit::Yield, escape);
        if framed {
            self.exit_prefix.pop();
        }
        self.loop_escapes.pop();
        self.carried_types.pop();
        result
    }

    pub(super) fn for_op(&mut self, op: OpId) -> CResult<()> {
        if self.breaks(op) {
            return self.loop_with_exits(op, None);
        }
        if self.runs_in_parallel(op) {
            return self.parallel_for(op);
        }
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let it = self.iter_of(op, self.get(operands[0]))?;
        if it.grows() {
            // A list may grow or shrink in the body: its length is read before each item.
            return self.loop_with_exits(op, None);
        }
        let (inits, _) = self.carried_inits(op, &operands[1..])?;
        let n = self.trip_count(&it, &loc);
        let i64t = self.e.ctx.i64();
        let lb = self.e.const_int(0, i64t, &loc);
        let values = self.serial_for(op, &it, lb, n, inits)?;
        self.bind_results(op, values);
        Ok(())
    }

    /// The `py.for` `op` as a `loop.for` over the items `lb..ub` of `it`, its carried
    /// variables starting from `inits` (flattened); returns their values after the loop
    /// (flattened).
    pub(super) fn serial_for(
        &mut self,
        op: OpId,
        it: &Iter,
        lb: Value,
        ub: Value,
        inits: Vec<Value>,
    ) -> CResult<Vec<Value>> {
        let loc = self.e.ctx.loc(op).clone();
        let carried: Vec<Type> = inits.iter().map(|v| self.e.ctx.value_type(*v)).collect();
        let i64t = self.e.ctx.i64();
        let step = self.e.const_int(1, i64t, &loc);
        let mut arg_types = vec![i64t];
        arg_types.extend(&carried);
        let (region, block) = self.e.ctx.create_region_with_block(&arg_types);
        let args = self.e.ctx.block_args(block).to_vec();
        let outer = std::mem::replace(&mut self.e.block, block);
        let item = self.item(it, args[0], &loc);
        let py_body = self.e.ctx.entry_block(self.e.ctx.region(op, 0));
        let py_args = self.e.ctx.block_args(py_body).to_vec();
        self.map.insert(py_args[0], item);
        self.bind_args(&py_args[1..], &args[1..]);
        let result = self.loop_body(py_body, carried.clone(), Escape::Continue, None);
        self.e.block = outer;
        result?;
        let mut loop_operands = vec![lb, ub, step];
        loop_operands.extend(inits);
        let for_op = self.e.emit(
            &loops::FOR,
            &loop_operands,
            &carried,
            &[],
            vec![region],
            &loc,
        );
        Ok(self.e.ctx.results(for_op).to_vec())
    }

    /// A loop with `break` or `return`, `for` or `while`: a `loop.while` carrying an item
    /// counter, an exit code (0 running, 1 break, 2 return), the return values and the loop's
    /// variables. It runs while no exit happened and items remain (`for`) or the condition
    /// holds (`while`; the condition is evaluated only while running, as Python does).
    /// With `then` (the ops after the loop, how they end, and the escape they are converted
    /// under), the loop may return: if it did, the values leave through that escape (the
    /// function's return, or an enclosing loop's exit), else the ops after the loop follow.
    pub(super) fn loop_with_exits(
        &mut self,
        op: OpId,
        then: Option<(&[OpId], Exit, Escape)>,
    ) -> CResult<()> {
        // (A parallel `prange` loop never gets here: `py-parallelize-prange` refuses it.)
        let is_for = self.e.ctx.is_op(op, &py::FOR);
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let (it, carried_operands) = match is_for {
            true => (
                Some(self.iter_of(op, self.get(operands[0]))?),
                &operands[1..],
            ),
            false => (None, &operands[..]),
        };
        let (inits, carried) = self.carried_inits(op, carried_operands)?;
        let ret_types: Vec<Type> = if then.is_some() {
            self.return_types.clone()
        } else {
            vec![]
        };
        let n = it.as_ref().map(|it| self.trip_count(it, &loc));
        let i64t = self.e.ctx.i64();
        let i8t = self.e.ctx.int_type(8);
        let mut state_types = vec![i64t, i8t];
        state_types.extend(&ret_types);
        state_types.extend(&carried);
        let mut state_inits = vec![
            self.e.const_int(0, i64t, &loc),
            self.exit_code(ExitCode::Running, &loc),
        ];
        for t in &ret_types {
            // Until a `return`, the slots hold placeholders (arrays: an empty one, on the stack).
            let z = match self.e.ctx.type_kind(*t).rank() {
                Some(rank) => self.empty_array(*t, rank, &loc),
                None => self.e.zero_of(*t, 0.0, &loc),
            };
            state_inits.push(z);
        }
        state_inits.extend(inits);
        let r = ret_types.len();
        let outer = self.e.block;
        // Before: go on while no exit happened and items remain / the condition holds.
        let (before_r, before_b) = self.e.ctx.create_region_with_block(&state_types);
        self.e.block = before_b;
        let args = self.e.ctx.block_args(before_b).to_vec();
        let zero8 = self.exit_code(ExitCode::Running, &loc);
        let running = self.e.cmp(&arith::CMPI, "eq", args[1], zero8, &loc);
        let (go, variables) = match n {
            Some(n) => {
                // A list's length as it is now (the body may have changed it), as CPython's
                // list iterator reads it before each item.
                let n = match it.as_ref().filter(|it| it.grows()) {
                    Some(it) => self.trip_count(it, &loc),
                    None => n,
                };
                let more = self.e.cmp(&arith::CMPI, "slt", args[0], n, &loc);
                let go = self.e.binary(&arith::ANDI, more, running, &loc);
                (go, args[2 + r..].to_vec())
            }
            None => match self.condition_while_running(op, running, &args[2 + r..]) {
                Ok(passed) => (passed[0], passed[1..].to_vec()),
                Err(e) => {
                    self.e.block = outer;
                    return Err(e);
                }
            },
        };
        let mut passed = vec![go];
        passed.extend(&args[..2 + r]);
        passed.extend(variables);
        self.e
            .emit(&loops::CONDITION, &passed, &[], &[], vec![], &loc);
        // After: the body (for item k).
        let (after_r, after_b) = self.e.ctx.create_region_with_block(&state_types);
        self.e.block = after_b;
        let args = self.e.ctx.block_args(after_b).to_vec();
        let one = self.e.const_int(1, i64t, &loc);
        let next = self.e.binary(&arith::ADDI, args[0], one, &loc);
        let py_body = self
            .e
            .ctx
            .entry_block(*self.e.ctx.regions(op).last().expect("a body"));
        let mut py_args = self.e.ctx.block_args(py_body).to_vec();
        if let Some(it) = &it {
            let item = self.item(it, args[0], &loc);
            self.map.insert(py_args.remove(0), item);
        }
        let ret_slots = args[2..2 + r].to_vec();
        let variables = args[2 + r..].to_vec();
        self.bind_args(&py_args, &variables);
        let escape = if then.is_some() {
            Escape::LoopExitReturn
        } else {
            Escape::LoopExit
        };
        let frame = LoopExitFrame {
            next,
            ret_slots,
            carried: variables,
        };
        let result = self.loop_body(py_body, state_types.clone(), escape, Some(frame));
        self.e.block = outer;
        result?;
        let while_op = self.e.emit(
            &loops::WHILE,
            &state_inits,
            &state_types,
            &[],
            vec![before_r, after_r],
            &loc,
        );
        let results = self.e.ctx.results(while_op).to_vec();
        self.bind_results(op, results[2 + r..].to_vec());
        let Some((rest, exit, outer_escape)) = then else {
            return Ok(());
        };
        // `if code == 2:` the values leave through the enclosing escape, else the rest follows.
        let two = self.exit_code(ExitCode::Return, &loc);
        let returned = self.e.cmp(&arith::CMPI, "eq", results[1], two, &loc);
        let (then_r, then_b) = self.e.ctx.create_region_with_block(&[]);
        let (else_r, else_b) = self.e.ctx.create_region_with_block(&[]);
        self.e.block = then_b;
        let exit_types = self.leave_returning(&results[2..2 + r], outer_escape, &loc);
        self.e.block = else_b;
        // After `while True:` without `break` nothing follows: the loop only returns.
        let rest_result = match rest.first() {
            Some(o) if self.e.ctx.is_op(*o, &py::UNREACHABLE) => {
                self.leave_returning(&results[2..2 + r], outer_escape, &loc);
                Ok(())
            }
            _ => self.ops(rest, Exit::Yield, outer_escape),
        };
        self.e.block = outer;
        rest_result?;
        let if_op = self.e.emit(
            &loops::IF,
            &[returned],
            &exit_types,
            &[],
            vec![then_r, else_r],
            &loc,
        );
        let values = self.e.ctx.results(if_op).to_vec();
        self.finish(exit, &values, op)
    }

    /// In a branch after a loop that returned: yield `returned` (the return values)
    /// through `outer_escape` — as the function's return values, or as the enclosing loop's
    /// exit (next counter, code 2, the values, its variables). Returns the yielded types.
    pub(super) fn leave_returning(
        &mut self,
        returned: &[Value],
        outer_escape: Escape,
        loc: &Location,
    ) -> Vec<Type> {
        let return_values = returned.to_vec();
        let (leaving, exit_types) = if outer_escape == Escape::LoopExitReturn {
            let code = self.exit_code(ExitCode::Return, loc);
            let frame = self
                .exit_prefix
                .last()
                .expect("the enclosing loop has exits");
            let mut leaving = vec![frame.next, code];
            leaving.extend(return_values);
            leaving.extend(frame.carried.clone());
            let types = self.carried_types.last().cloned().unwrap_or_default();
            (leaving, types)
        } else {
            (return_values, self.return_types.clone())
        };
        self.e.emit(&loops::YIELD, &leaving, &[], &[], vec![], loc);
        exit_types
    }

    /// An empty array of memref type `t` (on the stack: nothing to free).
    pub(super) fn empty_array(&mut self, t: Type, rank: usize, loc: &Location) -> Value {
        let elem = self
            .e
            .ctx
            .type_kind(t)
            .element_type()
            .expect("an array type");
        let empty = self.e.ctx.intern_type(TypeKind::MemRef {
            shape: vec![Some(0); rank],
            elem,
            layout: MemLayout::Identity,
        });
        let buffer = self.e.value(&loops::ALLOCA, &[], empty, loc);
        self.e.value(&loops::CAST, &[buffer], t, loc)
    }

    /// The condition of the `py.while` `op`, evaluated only when `running` (else false), with
    /// its variables bound to `variables`: returns the truth followed by the values passed on.
    pub(super) fn condition_while_running(
        &mut self,
        op: OpId,
        running: Value,
        variables: &[Value],
    ) -> CResult<Vec<Value>> {
        let loc = self.e.ctx.loc(op).clone();
        let outer = self.e.block;
        let mut types = vec![self.e.ctx.i1()];
        types.extend(variables.iter().map(|v| self.e.ctx.value_type(*v)));
        let (then_r, then_b) = self.e.ctx.create_region_with_block(&[]);
        self.e.block = then_b;
        let passed = self.while_condition(op, variables);
        if let Ok(passed) = &passed {
            let passed_types: Vec<Type> =
                passed.iter().map(|v| self.e.ctx.value_type(*v)).collect();
            if passed_types != types {
                self.e.block = outer;
                return Err(not_yet(
                    self.e.ctx,
                    op,
                    "a `while` condition that changes its variables' types",
                ));
            }
            self.e.emit(&loops::YIELD, passed, &[], &[], vec![], &loc);
        }
        self.e.block = outer;
        passed?;
        let (else_r, else_b) = self.e.ctx.create_region_with_block(&[]);
        self.e.block = else_b;
        let i1 = self.e.ctx.i1();
        let mut stop = vec![self.e.const_int(0, i1, &loc)];
        stop.extend(variables);
        self.e.emit(&loops::YIELD, &stop, &[], &[], vec![], &loc);
        self.e.block = outer;
        let if_op = self.e.emit(
            &loops::IF,
            &[running],
            &types,
            &[],
            vec![then_r, else_r],
            &loc,
        );
        Ok(self.e.ctx.results(if_op).to_vec())
    }

    pub(super) fn while_op(&mut self, op: OpId) -> CResult<()> {
        if self.breaks(op) {
            return self.loop_with_exits(op, None);
        }
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let (inits, carried) = self.carried_inits(op, &operands)?;
        let outer = self.e.block;
        // Before region: the condition.
        let (before_r, before_b) = self.e.ctx.create_region_with_block(&carried);
        self.e.block = before_b;
        let args = self.e.ctx.block_args(before_b).to_vec();
        let result = self.while_condition(op, &args);
        let passed = match result {
            Ok(p) => p,
            Err(e) => {
                self.e.block = outer;
                return Err(e);
            }
        };
        let passed_types: Vec<Type> = passed[1..]
            .iter()
            .map(|v| self.e.ctx.value_type(*v))
            .collect();
        self.e
            .emit(&loops::CONDITION, &passed, &[], &[], vec![], &loc);
        // After region: the body.
        let (after_r, after_b) = self.e.ctx.create_region_with_block(&passed_types);
        self.e.block = after_b;
        let py_after = self.e.ctx.entry_block(self.e.ctx.region(op, 1));
        let py_args = self.e.ctx.block_args(py_after).to_vec();
        let args = self.e.ctx.block_args(after_b).to_vec();
        self.bind_args(&py_args, &args);
        let result = self.loop_body(py_after, carried.clone(), Escape::Continue, None);
        self.e.block = outer;
        result?;
        let while_op = self.e.emit(
            &loops::WHILE,
            &inits,
            &passed_types,
            &[],
            vec![before_r, after_r],
            &loc,
        );
        let values = self.e.ctx.results(while_op).to_vec();
        self.bind_results(op, values);
        Ok(())
    }

    /// Convert the condition region of the `py.while` `op` into the current block, its
    /// variables bound to `args`: returns the truth of the condition followed by the values it
    /// passes to the body.
    pub(super) fn while_condition(&mut self, op: OpId, args: &[Value]) -> CResult<Vec<Value>> {
        let loc = self.e.ctx.loc(op).clone();
        let py_before = self.e.ctx.entry_block(self.e.ctx.region(op, 0));
        let py_args = self.e.ctx.block_args(py_before).to_vec();
        self.bind_args(&py_args, args);
        let mut ops = self.e.ctx.block_ops(py_before).to_vec();
        let cond_op = ops.pop().expect("py.condition ends the region");
        self.ops(&ops, Exit::Yield, Escape::Nothing).and_then(|_| {
            let c = self.scalar(cond_op, self.e.ctx.operand(cond_op, 0))?;
            let c = self.e.truth(c, &loc);
            let mut values = vec![];
            for v in self.e.ctx.operands(cond_op)[1..].iter() {
                self.flatten(&self.get(*v), &mut values);
            }
            let mut passed = vec![c];
            passed.extend(values);
            Ok(passed)
        })
    }
}
