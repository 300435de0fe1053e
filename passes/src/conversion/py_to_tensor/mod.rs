//! `convert-py-to-tensor`: typed `py` functions → `func` + `arith`/`math` + `loop`, with
//! elementwise array code as `tensor.map`s (materialized into temporaries or stored into
//! assignment destinations; `tensor-fuse` then merges them).
//!
//! Input: a module of typed `py.func`s (from `py-infer-types`). Output: a new module of
//! `func.func`s. Scalars keep their types; arrays become strided `memref`s (arguments are views
//! of the caller's arrays; writes are visible to the caller); tuples, ranges and iterators are
//! compile-time structures whose parts are SSA values.
//!
//! Python semantics: `//` and `%` round toward negative infinity and take the divisor's sign;
//! integer and scalar float division by zero raise ZeroDivisionError (the divisor is replaced by
//! a safe value so execution never traps); negative indices wrap; with `boundscheck`,
//! out-of-range indices raise IndexError. Early `return` and `continue` are rewritten into
//! structured `loop.if`s; loops with `break` or `return` (at any depth) become `loop.while`s
//! carrying an exit code (see `Converter::loop_with_exits`).
//!
//! Arrays may flow out of branches and loops: see [`Converter::hand_over`] for who frees them.
//!
//! Not yet converted (each a located error): complex arrays and `**` on complex numbers,
//! `prange` reductions of arrays other than `+=`, `-=` and `*=`.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};

use blackbird_dialects::ir::{
    AttrKind, BlockId, Context, Diagnostic, Location, MemLayout, OpDef, OpId, OperationState, Type,
    TypeKind, Value,
};
use blackbird_dialects::{arith, builtin, func, loops, math, py};

use super::emit::{self, Emitter};
use crate::transforms::structure_escapes::{returns_inside, structure_escapes};

mod arrays;
mod axis;
mod complex;
mod gpu;
mod numpy;
mod prange;
mod products;
mod vectorize;

pub use vectorize::{add_vectorized_entry, add_vectorized_kernel, VECTORIZED};

type CResult<T> = Result<T, Diagnostic>;

/// Convert every function of a typed module; returns the new module. The `entry` function may
/// return arrays: each comes back with an ownership flag (1: a fresh allocation the caller must
/// free, 0: a view of an argument).
/// What the decorator's options change in the conversion.
#[derive(Copy, Clone, Debug, Default)]
pub struct ConvertOptions {
    /// `boundscheck=True`: out-of-range indices raise IndexError.
    pub boundscheck: bool,
    /// `parallel=True`: outermost `prange` loops become `loop.parallel`.
    pub parallel: bool,
    /// Compiling a GPU kernel (`@cuda.jit`): `cuda.*` calls are available.
    pub gpu: bool,
    /// Numba's `error_model='numpy'`: scalar division by zero gives inf/NaN (floats) or 0
    /// (integers) instead of raising ZeroDivisionError.
    pub numpy_errors: bool,
}

pub fn convert_py_to_tensor(
    ctx: &mut Context,
    typed: OpId,
    entry: &str,
    options: ConvertOptions,
) -> CResult<OpId> {
    // The ops after each escaping `if` move into its branches that go on (in place).
    structure_escapes(ctx, typed);
    let (region, body) = ctx.create_region_with_block(&[]);
    let module =
        ctx.create_op(OperationState::new(&builtin::MODULE, ctx.loc(typed).clone()).region(region));
    for f in ctx.body_ops(typed) {
        // The frontend's functions are untyped: their values are all `!py.object`.
        let untyped = func::function_signature(ctx, f).is_some_and(|(inputs, results)| {
            inputs
                .iter()
                .chain(&results)
                .any(|t| *ctx.type_kind(*t) == TypeKind::PyObject)
        });
        if untyped {
            return Err(error(
                ctx,
                f,
                "convert-py-to-tensor needs typed functions: run py-infer-types{function=NAME \
                 signature=...} before it",
            ));
        }
        let is_entry = func::function_name(ctx, f) == Some(entry);
        let converted = Converter::new(ctx, body, is_entry, options).function(f)?;
        ctx.append_op(body, converted);
    }
    Ok(module)
}

/// What a `py` value became.
#[derive(Clone, Debug)]
enum L {
    /// A scalar or a memref.
    V(Value),
    Tuple(Vec<L>),
    None,
    DType,
    Iter(Iter),
    /// `start:stop:step`; absent parts are `None`.
    Slice(Option<Value>, Option<Value>, Option<Value>),
}

#[derive(Clone, Debug)]
enum Iter {
    Range {
        start: Value,
        stop: Value,
        step: Value,
    },
    /// The elements of a 1-D memref.
    Array(Value),
    Enumerate(Box<Iter>),
    Zip(Vec<Iter>),
}

/// How a region that reaches its end leaves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// `func.return` the values.
    Return,
    /// `loop.yield` the values (inside a restructured `if`, or at the end of a loop body).
    Yield,
}

struct Converter<'c> {
    /// The context, the block being appended to and the boundscheck option.
    e: Emitter<'c>,
    map: HashMap<Value, L>,
    /// Lowered result types of the function being converted, as it returns them (ABI: booleans
    /// as i8).
    results: Vec<Type>,
    /// The same as carried inside the function (booleans as i1, each array followed by its
    /// ownership flag).
    return_types: Vec<Type>,
    /// Lowered carried types of the enclosing loops, innermost last (what `continue` yields).
    carried_types: Vec<Vec<Type>>,
    /// Arrays each open region owns, innermost last: freed before its terminator unless they
    /// leave it (see [`Converter::hand_over`]).
    temps: Vec<Vec<Temp>>,
    /// The array each view was taken of.
    view_base: HashMap<Value, Value>,
    /// The escape of each enclosing loop body, innermost last.
    loop_escapes: Vec<Escape>,
    /// For each enclosing loop with `break` or `return`: what its exits yield besides values.
    exit_prefix: Vec<LoopExitFrame>,
    /// Converting the entry function (the only one that may return arrays yet).
    is_entry: bool,
    /// The function has `parallel=True`: its outermost `prange` loops run in parallel.
    parallel: bool,
    /// Converting the body of a parallel loop (nested `prange`s run serially, as in Numba).
    in_parallel_loop: bool,
    /// Converting GPU code: `cuda.*` calls are available.
    gpu: bool,
    /// Scalar division by zero follows NumPy instead of raising ([`ConvertOptions`]).
    numpy_errors: bool,
}

impl<'c> Deref for Converter<'c> {
    type Target = Emitter<'c>;
    fn deref(&self) -> &Emitter<'c> {
        &self.e
    }
}

impl DerefMut for Converter<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.e
    }
}

/// How the region being converted may be left early: which ops leave it, and what they
/// become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Escape {
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
    /// Does the op `name` leave a region converted under this escape?
    fn leaves_by(self, name: &str) -> bool {
        match self {
            Escape::Return => name == "py.return",
            Escape::Continue => name == "py.continue",
            Escape::LoopExit => matches!(name, "py.continue" | "py.break"),
            Escape::LoopExitReturn => matches!(name, "py.continue" | "py.break" | "py.return"),
            Escape::Nothing => false,
        }
    }

    /// Can a `py.return` leave through this escape (at function level, or from a loop that
    /// returns)?
    fn returns_through(self) -> bool {
        matches!(self, Escape::Return | Escape::LoopExitReturn)
    }

    /// Does it yield exit codes (a loop with `break` or `return`)?
    fn has_exit_codes(self) -> bool {
        matches!(self, Escape::LoopExit | Escape::LoopExitReturn)
    }
}

fn is_loop(name: &str) -> bool {
    matches!(name, "py.for" | "py.while")
}

/// What the exits of a loop with `break` or `return` yield besides the loop's variables.
struct LoopExitFrame {
    /// The counter's next value.
    next: Value,
    /// The current return-value slots (block arguments), passed on by non-return exits.
    ret_slots: Vec<Value>,
    /// The current loop variables (block arguments), passed on by `return`.
    carried: Vec<Value>,
}

/// An array a region owns: allocated there (always owned), or received from control flow (a
/// block argument, the result of an `if` or a loop) with a run-time ownership flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Temp {
    array: Value,
    owned: Option<Value>,
}

/// A condition known at compile time or computed at run time (an i1).
#[derive(Clone, Copy, Debug)]
enum Cond {
    Always,
    Never,
    When(Value),
}

fn error(ctx: &Context, op: OpId, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(ctx.loc(op).clone(), message)
}

fn not_yet(ctx: &Context, op: OpId, what: &str) -> Diagnostic {
    error(
        ctx,
        op,
        format!("{what} is not supported yet by the code generator"),
    )
}

impl<'c> Converter<'c> {
    /// A converter appending to `block`; `is_entry` lets returned arrays leave (see
    /// [`convert_py_to_tensor`]).
    fn new(ctx: &'c mut Context, block: BlockId, is_entry: bool, options: ConvertOptions) -> Self {
        Converter {
            e: Emitter::new(ctx, block, options.boundscheck),
            map: HashMap::new(),
            results: vec![],
            return_types: vec![],
            carried_types: vec![],
            temps: vec![],
            view_base: HashMap::new(),
            loop_escapes: vec![],
            exit_prefix: vec![],
            is_entry,
            parallel: options.parallel,
            in_parallel_loop: false,
            gpu: options.gpu,
            numpy_errors: options.numpy_errors,
        }
    }
}

impl Converter<'_> {
    // ----- types -----

    fn lower_type(&mut self, op: OpId, t: Type) -> CResult<Vec<Type>> {
        Ok(match self.ctx.type_kind(t).clone() {
            TypeKind::Int { .. } | TypeKind::Float(_) => vec![t],
            TypeKind::PyArray { elem, rank, .. } => {
                vec![self.ctx.intern_type(TypeKind::MemRef {
                    shape: vec![None; rank as usize],
                    elem,
                    layout: MemLayout::Strided,
                })]
            }
            TypeKind::Tuple(elems) => {
                let mut out = vec![];
                for e in elems {
                    out.extend(self.lower_type(op, e)?);
                }
                out
            }
            TypeKind::None => vec![],
            // A complex number is its two parts.
            TypeKind::Complex(part) => vec![part, part],
            _ => {
                return Err(not_yet(
                    self.ctx,
                    op,
                    &format!(
                        "a value of type {}",
                        crate::transforms::infer_types::rules::display(self.ctx, t)
                    ),
                ))
            }
        })
    }

    /// Result types crossing the function boundary: booleans travel as i8.
    fn abi_type(&mut self, t: Type) -> Type {
        if matches!(self.ctx.type_kind(t), TypeKind::Int { width: 1, .. }) {
            self.ctx.int_type(8)
        } else {
            t
        }
    }

    fn flatten(&self, l: &L, out: &mut Vec<Value>) {
        match l {
            L::V(v) => out.push(*v),
            L::Tuple(items) => items.iter().for_each(|i| self.flatten(i, out)),
            _ => {}
        }
    }

    /// Rebuild a structured value of py type `t` from flattened values.
    fn unflatten(&self, t: Type, values: &mut impl Iterator<Item = Value>) -> L {
        match self.ctx.type_kind(t) {
            TypeKind::Tuple(elems) => L::Tuple(
                elems
                    .clone()
                    .into_iter()
                    .map(|e| self.unflatten(e, values))
                    .collect(),
            ),
            TypeKind::None => L::None,
            TypeKind::Complex(_) => L::Tuple(vec![
                L::V(values.next().expect("a real part")),
                L::V(values.next().expect("an imaginary part")),
            ]),
            _ => L::V(values.next().expect("one value per scalar")),
        }
    }

    fn get(&self, v: Value) -> L {
        self.map
            .get(&v)
            .cloned()
            .unwrap_or_else(|| panic!("value {v:?} was not converted"))
    }

    fn scalar(&self, op: OpId, v: Value) -> CResult<Value> {
        match self.get(v) {
            L::V(x) => Ok(x),
            other => Err(error(
                self.ctx,
                op,
                format!("expected a scalar value here, found {other:?}"),
            )),
        }
    }

    // ----- emitting -----

    // ----- functions and regions -----

    fn function(mut self, f: OpId) -> CResult<OpId> {
        let (inputs, results) = func::function_signature(self.ctx, f).expect("typed py.func");
        // A tuple parameter becomes its elements' parameters, in order.
        let mut lowered_inputs = vec![];
        for t in &inputs {
            lowered_inputs.extend(self.lower_type(f, *t)?);
        }
        // Each array result is followed by its ownership flag: the caller (compiled code or
        // the runtime) owns it when the flag is set.
        let mut lowered_results = vec![];
        for t in &results {
            let lowered = self.lower_type(f, *t)?;
            lowered_results.extend(self.flagged(&lowered));
        }
        self.results = lowered_results.iter().map(|t| self.abi_type(*t)).collect();
        self.return_types = lowered_results;
        let name = func::function_name(self.ctx, f)
            .unwrap_or_default()
            .to_string();
        let loc = self.ctx.loc(f).clone();
        let results_abi = self.results.clone();
        let block = self.block;
        let mut b = blackbird_dialects::ir::Builder::at_end(self.ctx, block).with_loc(loc);
        let (new_f, entry) = func::build_func(&mut b, &name, &lowered_inputs, &results_abi);
        self.ctx.detach_op(new_f);
        let py_entry = self.ctx.entry_block(self.ctx.region(f, 0));
        let mut params = self.ctx.block_args(entry).to_vec().into_iter();
        for (a, t) in self
            .ctx
            .block_args(py_entry)
            .to_vec()
            .into_iter()
            .zip(inputs)
        {
            let l = self.unflatten(t, &mut params);
            self.map.insert(a, l);
        }
        self.block = entry;
        let ops = self.ctx.block_ops(py_entry).to_vec();
        self.scoped_ops(&ops, Exit::Return, Escape::Return)?;
        Ok(new_f)
    }

    /// Convert `ops` into the current block. `escape` says which ops leave this region early
    /// (`py.return` in a function, `py.continue` in a loop body…): an `if` containing one
    /// becomes a `loop.if` yielding the escape's values. `py-structure-escapes` has moved the
    /// ops after such an `if` into its branches that go on, so nothing follows it here.
    fn ops(&mut self, ops: &[OpId], exit: Exit, escape: Escape) -> CResult<()> {
        for (i, &op) in ops.iter().enumerate() {
            let name = self.ctx.op_name(op);
            if escape.leaves_by(name)
                || (escape != Escape::Return && name == "py.yield" && self.is_loop_body_end(op))
            {
                let mut values = self.exit_values(op)?;
                if escape.has_exit_codes() {
                    // (next counter, exit code, return slots, loop variables).
                    let loc = self.ctx.loc(op).clone();
                    let i8t = self.ctx.int_type(8);
                    let code = match name {
                        "py.break" => 1,
                        "py.return" => 2,
                        _ => 0,
                    };
                    let code = self.const_int(code, i8t, &loc);
                    let frame = self.exit_prefix.last().expect("a loop with exits is open");
                    let mut v = vec![frame.next, code];
                    if name == "py.return" {
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
            if is_loop(name) && escape.returns_through() && self.returns_inside(op) {
                return self.loop_with_exits(op, Some((&ops[i + 1..], exit, escape)));
            }
            if name == "py.return" {
                return Err(not_yet(self.ctx, op, "`return` inside a loop"));
            }
            if name == "py.unreachable" {
                return Ok(());
            }
            if name == "py.yield" {
                let values = self.exit_values(op)?;
                return self.finish(Exit::Yield, &values, op);
            }
            if name == "py.if" && self.contains(op, escape) {
                return self.escaping_if(op, exit, escape);
            }
            self.op(op)?;
        }
        Ok(())
    }

    fn is_loop_body_end(&self, op: OpId) -> bool {
        self.ctx
            .parent_op(op)
            .is_some_and(|p| matches!(self.ctx.op_name(p), "py.for" | "py.while"))
    }

    /// The lowered values an escape (or a loop body's final yield) carries (arrays without
    /// their ownership flags: [`Converter::finish`] adds them).
    fn exit_values(&mut self, op: OpId) -> CResult<Vec<Value>> {
        let mut out = vec![];
        for v in self.ctx.operands(op).to_vec() {
            self.flatten(&self.get(v), &mut out);
        }
        Ok(out)
    }

    fn coerce_abi(&mut self, v: Value, t: Type, loc: &Location) -> Value {
        if self.ctx.value_type(v) == t {
            v
        } else {
            self.value(&arith::EXTUI, &[v], t, loc)
        }
    }

    /// Leave the current region with `values` (arrays without flags): the region's arrays
    /// are handed over or freed, each leaving array is followed by its ownership flag.
    fn finish(&mut self, exit: Exit, values: &[Value], at: OpId) -> CResult<()> {
        let loc = self.ctx.loc(at).clone();
        let mut values = self.hand_over(values, &loc);
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
        self.emit(def, &values, &[], &[], vec![], &loc);
        Ok(())
    }

    /// A fresh allocation `array`, owned by the current region.
    fn own(&mut self, array: Value) {
        self.temps
            .last_mut()
            .expect("a region scope is open")
            .push(Temp { array, owned: None });
    }

    /// The owned array whose memory `v` is (or is a view of), in any open region.
    fn static_root(&self, v: Value) -> Option<Temp> {
        let mut v = v;
        loop {
            if let Some(t) = self.temps.iter().flatten().find(|t| t.array == v) {
                return Some(*t);
            }
            v = *self.view_base.get(&v)?;
        }
    }

    /// Leave the current region with `leaving` (arrays without flags). Each array the region
    /// owns passes to the first leaving array that is its memory — known statically (a view
    /// of it) or, where control flow hides it, by comparing base addresses at run time — and
    /// is freed otherwise. Returns `leaving` with each array followed by its ownership flag.
    /// Each buffer so has one owner at a time, and none is freed while a value leaving the
    /// region uses it.
    fn hand_over(&mut self, leaving: &[Value], loc: &Location) -> Vec<Value> {
        // GPU code allocates nothing (a located error): no array is ever owned there.
        let temps = match self.gpu {
            true => vec![],
            false => self.temps.last().cloned().unwrap_or_default(),
        };
        let arrays: Vec<(Value, Option<Temp>)> = leaving
            .iter()
            .filter(|v| self.ctx.type_kind(self.ctx.value_type(**v)).is_shaped())
            .map(|v| (*v, self.static_root(*v)))
            .collect();
        let mut flags = vec![Cond::Never; arrays.len()];
        for t in temps {
            let owned = t.owned.map_or(Cond::Always, Cond::When);
            let mut taken = Cond::Never;
            for (k, &(r, root)) in arrays.iter().enumerate() {
                let alias = match root {
                    Some(root) if root.array == t.array => Cond::Always,
                    // Arguments' memory, and other fresh allocations, are never `t`'s.
                    None => Cond::Never,
                    Some(Temp { owned: None, .. }) => Cond::Never,
                    // A block argument existed before anything this region allocated.
                    Some(root)
                        if t.owned.is_none() && self.ctx.defining_op(root.array).is_none() =>
                    {
                        Cond::Never
                    }
                    Some(_) => {
                        let same = self.same_buffer(r, t.array, loc);
                        Cond::When(same)
                    }
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
            if self.ctx.type_kind(self.ctx.value_type(*v)).is_shaped() {
                let flag = flags.next().expect("one flag per array");
                out.push(self.cond_value(flag, loc));
            }
        }
        out
    }

    /// Strip the ownership flags following the arrays of `values` (block arguments or results
    /// of control flow); the arrays become owned, under their flags, by the current region.
    fn unflag(&mut self, values: &[Value]) -> Vec<Value> {
        let (out, entering) = self.unflag_entering(values);
        self.temps
            .last_mut()
            .expect("a region scope is open")
            .extend(entering);
        out
    }

    /// [`Converter::unflag`] for a region not open yet: the arrays it will own are returned.
    fn unflag_entering(&self, values: &[Value]) -> (Vec<Value>, Vec<Temp>) {
        let (mut out, mut entering) = (vec![], vec![]);
        let mut it = values.iter().copied();
        while let Some(v) = it.next() {
            out.push(v);
            if self.ctx.type_kind(self.ctx.value_type(v)).is_shaped() {
                let flag = it.next().expect("an array is followed by its flag");
                entering.push(Temp {
                    array: v,
                    owned: Some(flag),
                });
            }
        }
        (out, entering)
    }

    /// Values entering a loop (arrays without flags) with flags added: the region outside
    /// keeps owning them (flag false). Returns the values and their types.
    fn flag_inits(&mut self, values: &[Value], loc: &Location) -> (Vec<Value>, Vec<Type>) {
        let mut out = vec![];
        for v in values {
            out.push(*v);
            if self.ctx.type_kind(self.ctx.value_type(*v)).is_shaped() {
                out.push(self.cond_value(Cond::Never, loc));
            }
        }
        let types = out.iter().map(|v| self.ctx.value_type(*v)).collect();
        (out, types)
    }

    /// Types with an ownership flag (i1) after each array.
    fn flagged(&mut self, types: &[Type]) -> Vec<Type> {
        let mut out = vec![];
        for t in types {
            out.push(*t);
            if self.ctx.type_kind(*t).is_shaped() {
                out.push(self.ctx.i1());
            }
        }
        out
    }

    fn same_buffer(&mut self, a: Value, b: Value, loc: &Location) -> Value {
        let index = self.ctx.index();
        let a = self.value(&loops::ADDRESS, &[a], index, loc);
        let b = self.value(&loops::ADDRESS, &[b], index, loc);
        self.cmp(&arith::CMPI, "eq", a, b, loc)
    }

    fn dealloc_when(&mut self, when: Cond, array: Value, loc: &Location) {
        match when {
            Cond::Never => {}
            Cond::Always => {
                self.emit(&loops::DEALLOC, &[array], &[], &[], vec![], loc);
            }
            Cond::When(c) => {
                let dealloc = OperationState::new(&loops::DEALLOC, loc.clone()).operands(&[array]);
                self.only_if(c, dealloc, loc);
            }
        }
    }

    fn cond_value(&mut self, c: Cond, loc: &Location) -> Value {
        let i1 = self.ctx.i1();
        match c {
            Cond::Always => self.const_int(1, i1, loc),
            Cond::Never => self.const_int(0, i1, loc),
            Cond::When(v) => v,
        }
    }

    fn and(&mut self, a: Cond, b: Cond, loc: &Location) -> Cond {
        match (a, b) {
            (Cond::Never, _) | (_, Cond::Never) => Cond::Never,
            (Cond::Always, x) | (x, Cond::Always) => x,
            (Cond::When(x), Cond::When(y)) => Cond::When(self.binary(&arith::ANDI, x, y, loc)),
        }
    }

    fn or(&mut self, a: Cond, b: Cond, loc: &Location) -> Cond {
        match (a, b) {
            (Cond::Always, _) | (_, Cond::Always) => Cond::Always,
            (Cond::Never, x) | (x, Cond::Never) => x,
            (Cond::When(x), Cond::When(y)) => Cond::When(self.binary(&arith::ORI, x, y, loc)),
        }
    }

    fn not(&mut self, a: Cond, loc: &Location) -> Cond {
        match a {
            Cond::Always => Cond::Never,
            Cond::Never => Cond::Always,
            Cond::When(x) => {
                let i1 = self.ctx.i1();
                let one = self.const_int(1, i1, loc);
                Cond::When(self.binary(&arith::XORI, x, one, loc))
            }
        }
    }

    /// Convert `ops` as a new region scope (its temporaries are freed at its end).
    fn scoped_ops(&mut self, ops: &[OpId], exit: Exit, escape: Escape) -> CResult<()> {
        self.scoped_ops_owning(ops, exit, escape, vec![])
    }

    /// [`Converter::scoped_ops`] for a region that starts owning `entering` (its arguments).
    fn scoped_ops_owning(
        &mut self,
        ops: &[OpId],
        exit: Exit,
        escape: Escape,
        entering: Vec<Temp>,
    ) -> CResult<()> {
        self.temps.push(entering);
        let r = self.ops(ops, exit, escape);
        self.temps.pop();
        r
    }

    /// Does `op` contain `escape` outside nested loops (or, when `escape` lets a `return`
    /// through, a loop that returns)?
    fn contains(&self, op: OpId, escape: Escape) -> bool {
        self.ctx.regions(op).iter().any(|r| {
            self.ctx
                .block_ops(self.ctx.entry_block(*r))
                .iter()
                .any(|o| {
                    let name = self.ctx.op_name(*o);
                    escape.leaves_by(name)
                        || (name == "py.if" && self.contains(*o, escape))
                        || (is_loop(name) && escape.returns_through() && self.returns_inside(*o))
                })
        })
    }

    /// Does a `py.return` occur anywhere inside `op`?
    fn returns_inside(&self, op: OpId) -> bool {
        returns_inside(self.ctx, op)
    }

    /// Does the body of the loop `op` `break` (outside nested loops)?
    fn breaks(&self, op: OpId) -> bool {
        fn breaks_in(ctx: &Context, block: BlockId) -> bool {
            ctx.block_ops(block).iter().any(|o| {
                ctx.op_name(*o) == "py.break"
                    || (ctx.op_name(*o) == "py.if"
                        && ctx
                            .regions(*o)
                            .iter()
                            .any(|r| breaks_in(ctx, ctx.entry_block(*r))))
            })
        }
        let body = *self.ctx.regions(op).last().expect("a loop has a body");
        breaks_in(self.ctx, self.ctx.entry_block(body))
    }

    /// An `if` that leaves the region through `escape` (nothing follows it: see
    /// `py-structure-escapes`): a `loop.if` whose branches yield the escape's values, which
    /// then leave the region.
    fn escaping_if(&mut self, op: OpId, exit: Exit, escape: Escape) -> CResult<()> {
        let loc = self.ctx.loc(op).clone();
        let cond = self.scalar(op, self.ctx.operand(op, 0))?;
        let cond = self.truth(cond, &loc);
        let exit_types: Vec<Type> = if escape == Escape::Return {
            self.return_types.clone()
        } else {
            self.carried_types.last().cloned().unwrap_or_default()
        };
        let mut regions = vec![];
        let outer = self.block;
        for r in self.ctx.regions(op).to_vec() {
            let (region, block) = self.ctx.create_region_with_block(&[]);
            self.block = block;
            let ops = self.ctx.block_ops(self.ctx.entry_block(r)).to_vec();
            let r = self.scoped_ops(&ops, Exit::Yield, escape);
            r?;
            regions.push(region);
        }
        self.block = outer;
        let if_op = self.emit(&loops::IF, &[cond], &exit_types, &[], regions, &loc);
        let values = self.ctx.results(if_op).to_vec();
        let values = self.unflag(&values);
        self.finish(exit, &values, op)
    }
}

// ----- ops -----

impl Converter<'_> {
    fn set(&mut self, op: OpId, l: L) {
        let r = self.ctx.result(op, 0);
        self.map.insert(r, l);
    }

    fn result_type(&self, op: OpId) -> Type {
        self.ctx.value_type(self.ctx.result(op, 0))
    }

    fn op(&mut self, op: OpId) -> CResult<()> {
        if self.complex_op(op)? {
            return Ok(());
        }
        let loc = self.ctx.loc(op).clone();
        let name = self.ctx.op_name(op);
        match name {
            "py.constant" => {
                let l = match self.ctx.attr_data(op, "value").cloned() {
                    Some(AttrKind::Int(v, t)) => L::V(self.const_int(v, t, &loc)),
                    Some(AttrKind::Float(bits, t)) => {
                        L::V(self.const_float(f64::from_bits(bits), t, &loc))
                    }
                    Some(AttrKind::Bool(b)) => {
                        let i1 = self.ctx.i1();
                        L::V(self.const_int(b as i64, i1, &loc))
                    }
                    Some(AttrKind::Type(_)) => L::DType,
                    _ => L::None,
                };
                self.set(op, l);
            }
            "py.cast" => {
                let to = self.result_type(op);
                if self.ctx.type_kind(to).is_shaped() {
                    // Every array is a fully strided memref: a layout change is no change.
                    let l = self.get(self.ctx.operand(op, 0));
                    self.set(op, l);
                    return Ok(());
                }
                let v = self.scalar(op, self.ctx.operand(op, 0))?;
                let c = self.coerce(v, to, &loc);
                self.set(op, L::V(c));
            }
            "py.binop" => {
                let rt = self.result_type(op);
                // `@` of two vectors is a scalar computed from arrays.
                if self.ctx.type_kind(rt).is_shaped() || self.ctx.attr_str(op, "op") == "matmul" {
                    let l = self.array_binop(op)?;
                    self.set(op, l);
                    return Ok(());
                }
                let a = self.scalar(op, self.ctx.operand(op, 0))?;
                let b = self.scalar(op, self.ctx.operand(op, 1))?;
                let kind = self.ctx.attr_str(op, "op").to_string();
                let b_const = py::int_constant(self.ctx, self.ctx.operand(op, 1));
                let numpy = self.numpy_errors;
                let v = self.binop(op, &kind, a, b, b_const, rt, numpy, &loc)?;
                self.set(op, L::V(v));
            }
            "py.unaryop" => {
                let rt = self.result_type(op);
                let kind = self.ctx.attr_str(op, "op").to_string();
                let v = if self.ctx.type_kind(rt).is_shaped() {
                    // `-a`, `+a`, `~a` of an array: elementwise (a new array, as NumPy).
                    let input = self.get(self.ctx.operand(op, 0));
                    let elem = self.ctx.type_kind(rt).element_type().unwrap_or(rt);
                    self.map_arrays(&[input], elem, &loc, &mut |s, xs| {
                        Ok(s.unary(&kind, xs[0], elem, &loc))
                    })?
                } else {
                    let a = self.scalar(op, self.ctx.operand(op, 0))?;
                    self.unary(&kind, a, rt, &loc)
                };
                self.set(op, L::V(v));
            }
            "py.compare" => {
                if self.ctx.type_kind(self.result_type(op)).is_shaped() {
                    let kind = self.ctx.attr_str(op, "op").to_string();
                    let inputs = [
                        self.get(self.ctx.operand(op, 0)),
                        self.get(self.ctx.operand(op, 1)),
                    ];
                    let i1 = self.ctx.i1();
                    let v = self.map_arrays(&inputs, i1, &loc, &mut |s, xs| {
                        Ok(s.compare(&kind, xs[0], xs[1], &loc))
                    })?;
                    self.set(op, L::V(v));
                    return Ok(());
                }
                let kind = self.ctx.attr_str(op, "op").to_string();
                let (lv, rv) = (self.ctx.operand(op, 0), self.ctx.operand(op, 1));
                if matches!(kind.as_str(), "is" | "is_not") {
                    let same = matches!((self.get(lv), self.get(rv)), (L::None, L::None));
                    let i1 = self.ctx.i1();
                    let v = self.const_int((same == (kind == "is")) as i64, i1, &loc);
                    self.set(op, L::V(v));
                    return Ok(());
                }
                let a = self.scalar(op, lv)?;
                let b = self.scalar(op, rv)?;
                let v = self.compare(&kind, a, b, &loc);
                self.set(op, L::V(v));
            }
            "py.tuple" => {
                let items = self.ctx.operands(op).iter().map(|v| self.get(*v)).collect();
                self.set(op, L::Tuple(items));
            }
            "py.unpack" => {
                let L::Tuple(items) = self.get(self.ctx.operand(op, 0)) else {
                    return Err(not_yet(self.ctx, op, "unpacking this value"));
                };
                for (r, l) in self.ctx.results(op).to_vec().into_iter().zip(items) {
                    self.map.insert(r, l);
                }
            }
            "py.list" => {
                let elem = match self.ctx.type_kind(self.result_type(op)) {
                    TypeKind::PyList(e) => *e,
                    _ => unreachable!("typed py.list"),
                };
                let n = self.ctx.operands(op).len();
                let mt = self.ctx.intern_type(TypeKind::MemRef {
                    shape: vec![Some(n as u64)],
                    elem,
                    layout: MemLayout::Identity,
                });
                let buf = self.value(&loops::ALLOCA, &[], mt, &loc);
                let index = self.ctx.index();
                for (i, v) in self.ctx.operands(op).to_vec().into_iter().enumerate() {
                    let x = self.scalar(op, v)?;
                    let x = self.coerce(x, elem, &loc);
                    let idx = self.const_int(i as i64, index, &loc);
                    self.emit(&loops::STORE, &[x, buf, idx], &[], &[], vec![], &loc);
                }
                self.set(op, L::V(buf));
            }
            "py.getattr" => {
                let name = self.ctx.attr_str(op, "name").to_string();
                let L::V(m) = self.get(self.ctx.operand(op, 0)) else {
                    return Err(not_yet(self.ctx, op, "this attribute"));
                };
                let rank = self
                    .ctx
                    .type_kind(self.ctx.value_type(m))
                    .rank()
                    .unwrap_or(0);
                let i64t = self.ctx.i64();
                let l = match name.as_str() {
                    "shape" => L::Tuple((0..rank).map(|d| L::V(self.dim(m, d, &loc))).collect()),
                    "ndim" => L::V(self.const_int(rank as i64, i64t, &loc)),
                    "size" => {
                        let mut acc = self.const_int(1, i64t, &loc);
                        for d in 0..rank {
                            let n = self.dim(m, d, &loc);
                            acc = self.binary(&arith::MULI, acc, n, &loc);
                        }
                        L::V(acc)
                    }
                    "T" => L::V(self.transposed(m, &loc)),
                    other => {
                        return Err(not_yet(self.ctx, op, &format!("the attribute `.{other}`")))
                    }
                };
                self.set(op, l);
            }
            "py.getitem" => {
                let l = self.getitem(op)?;
                self.set(op, l);
            }
            "py.setitem" => self.setitem(op)?,
            "py.if" => self.if_op(op)?,
            "py.for" => self.for_op(op)?,
            "py.while" => self.while_op(op)?,
            "py.call" => {
                let mut args = vec![];
                for v in self.ctx.operands(op).to_vec() {
                    self.flatten(&self.get(v), &mut args);
                }
                let callee = self.ctx.attr_str(op, "callee").to_string();
                let py_result = self
                    .ctx
                    .results(op)
                    .first()
                    .map(|r| self.ctx.value_type(*r));
                // Array results come with their ownership flags (see `function`).
                let lowered = match py_result {
                    Some(t) => {
                        let types = self.lower_type(op, t)?;
                        self.flagged(&types)
                    }
                    None => vec![],
                };
                let abi: Vec<Type> = lowered.iter().map(|t| self.abi_type(*t)).collect();
                let sym = self.ctx.intern_attr(AttrKind::Symbol(callee));
                let call = self.emit(&func::CALL, &args, &abi, &[("callee", sym)], vec![], &loc);
                let values: Vec<Value> = self
                    .ctx
                    .results(call)
                    .to_vec()
                    .into_iter()
                    .zip(&lowered)
                    .map(|(v, t)| {
                        if self.ctx.value_type(v) != *t {
                            self.value(&arith::TRUNCI, &[v], *t, &loc)
                        } else {
                            v
                        }
                    })
                    .collect();
                let values = self.unflag(&values);
                if let Some(t) = py_result {
                    let l = self.unflatten(t, &mut values.into_iter());
                    self.set(op, l);
                }
            }
            "py.call_builtin" => {
                let l = self.builtin(op)?;
                if !self.ctx.results(op).is_empty() {
                    self.set(op, l);
                }
            }
            "py.slice" => {
                let part = |s: &Self, i: usize| match s.get(s.ctx.operand(op, i)) {
                    L::V(v) => Some(v),
                    _ => None,
                };
                let l = L::Slice(part(self, 0), part(self, 1), part(self, 2));
                self.set(op, l);
            }
            "py.break" => return Err(not_yet(self.ctx, op, "`break` here")),
            "py.continue" => return Err(not_yet(self.ctx, op, "`continue` here")),
            other => return Err(not_yet(self.ctx, op, &format!("`{other}`"))),
        }
        Ok(())
    }

    fn compare(&mut self, kind: &str, a: Value, b: Value, loc: &Location) -> Value {
        let (ta, tb) = (self.ctx.value_type(a), self.ctx.value_type(b));
        if self.is_float(ta) || self.is_float(tb) {
            let w =
                self.width(ta)
                    .max(self.width(tb))
                    .max(if self.is_float(ta) && self.is_float(tb) {
                        0
                    } else {
                        64
                    });
            let ft = if w <= 32 {
                self.ctx.f32()
            } else {
                self.ctx.f64()
            };
            let (a, b) = (self.coerce(a, ft, loc), self.coerce(b, ft, loc));
            let pred = match kind {
                "eq" => "oeq",
                "ne" => "une",
                "lt" => "olt",
                "le" => "ole",
                "gt" => "ogt",
                _ => "oge",
            };
            return self.cmp(&arith::CMPF, pred, a, b, loc);
        }
        // Integers compare exactly: as int64, or as uint64 when both are unsigned and one is
        // uint64, or as int128 when a uint64 meets a signed integer (no type holds both).
        let unsigned = |s: &Self, t: Type| s.is_unsigned(t) || s.width(t) == 1;
        let wide_unsigned = |s: &Self, t: Type| s.is_unsigned(t) && s.width(t) == 64;
        let common = match [ta, tb].into_iter().find(|t| wide_unsigned(self, *t)) {
            None => self.ctx.i64(),
            Some(uint64) if unsigned(self, ta) && unsigned(self, tb) => uint64,
            Some(_) => self.ctx.int_type(128),
        };
        let (a, b) = (self.coerce(a, common, loc), self.coerce(b, common, loc));
        let pred = match kind {
            "eq" => "eq",
            "ne" => "ne",
            "lt" => "slt",
            "le" => "sle",
            "gt" => "sgt",
            _ => "sge",
        };
        self.cmp(&arith::CMPI, pred, a, b, loc)
    }

    /// A unary operator (`not`, `pos`, `neg`, `invert`) on a scalar, giving type `rt`.
    fn unary(&mut self, kind: &str, a: Value, rt: Type, loc: &Location) -> Value {
        match kind {
            "not" => {
                let t = self.truth(a, loc);
                let one = self.const_int(1, rt, loc);
                self.binary(&arith::XORI, t, one, loc)
            }
            "pos" => self.coerce(a, rt, loc),
            "neg" if self.is_float(rt) => {
                let a = self.coerce(a, rt, loc);
                self.value(&arith::NEGF, &[a], rt, loc)
            }
            "neg" => {
                let a = self.coerce(a, rt, loc);
                let zero = self.const_int(0, rt, loc);
                self.binary(&arith::SUBI, zero, a, loc)
            }
            _ => {
                let a = self.coerce(a, rt, loc);
                let ones = self.const_int(-1, rt, loc);
                self.binary(&arith::XORI, a, ones, loc)
            }
        }
    }

    /// `a ** b` of integers (wrapping, as Numba's and NumPy's int64): squares of `a` multiplied
    /// in for the bits of `b`. A negative exponent raises ValueError, as NumPy does (Python's
    /// result would be a float, which the static type cannot be; Numba returns 0 or ±1).
    fn integer_power(&mut self, a: Value, b: Value, loc: &Location) -> Value {
        let t = self.ctx.value_type(a);
        let zero = self.const_int(0, t, loc);
        let one = self.const_int(1, t, loc);
        let exponent = match emit::is_unsigned(self.ctx, t) {
            true => b,
            false => {
                let negative = self.cmp(&arith::CMPI, "slt", b, zero, loc);
                let message = "Integers to negative integer powers are not allowed.";
                self.raise_if(negative, "ValueError", message, loc);
                // Compiled code runs on after a raise: a negative exponent ends the loop.
                self.binary(&arith::MAXSI, b, zero, loc)
            }
        };
        // (result, base, exponent) while the exponent has bits left.
        let result = emit::while_loop(
            self,
            &[one, a, exponent],
            loc,
            &mut |s, v| s.cmp(&arith::CMPI, "ne", v[2], zero, loc),
            &mut |s, v| {
                let (result, base, exponent) = (v[0], v[1], v[2]);
                let bit = s.binary(&arith::ANDI, exponent, one, loc);
                let odd = s.cmp(&arith::CMPI, "ne", bit, zero, loc);
                let times = s.binary(&arith::MULI, result, base, loc);
                let result = s.select(odd, times, result, loc);
                let base = s.binary(&arith::MULI, base, base, loc);
                let exponent = s.binary(&arith::SHRUI, exponent, one, loc);
                vec![result, base, exponent]
            },
        );
        result[0]
    }

    /// A scalar binary operator. With `numpy` (elements of arrays, or NumPy's error model),
    /// division by zero follows NumPy (inf/nan for floats, 0 for integers) instead of raising.
    #[allow(clippy::too_many_arguments)]
    fn binop(
        &mut self,
        op: OpId,
        kind: &str,
        a: Value,
        b: Value,
        b_const: Option<i64>,
        rt: Type,
        numpy: bool,
        loc: &Location,
    ) -> CResult<Value> {
        let float = self.is_float(rt);
        if kind == "pow" && !float {
            let a = self.coerce(a, rt, loc);
            let Some(e @ 0..=8) = b_const else {
                let b = self.coerce(b, rt, loc);
                return Ok(self.integer_power(a, b, loc));
            };
            let mut acc = self.const_int(1, rt, loc);
            for _ in 0..e {
                acc = self.binary(&arith::MULI, acc, a, loc);
            }
            return Ok(acc);
        }
        let (a, b) = (self.coerce(a, rt, loc), self.coerce(b, rt, loc));
        Ok(match (kind, float) {
            ("add" | "sub" | "mul", _) => self.arithmetic(kind, a, b, loc),
            ("truediv", _) => {
                let b = if numpy {
                    b
                } else {
                    self.checked_float_divisor(b, "float division by zero", loc)
                };
                self.binary(&arith::DIVF, a, b, loc)
            }
            ("floordiv" | "mod", true) => {
                let message = if kind == "mod" {
                    "float modulo"
                } else {
                    "float floor division by zero"
                };
                let divisor = if numpy {
                    b
                } else {
                    self.checked_float_divisor(b, message, loc)
                };
                let (floordiv, mod_) = self.float_divmod(a, divisor, loc);
                match kind {
                    "mod" => mod_,
                    // NumPy: a zero divisor gives `a / b` (inf or nan); fmod already gives nan.
                    _ if numpy => {
                        let zero = self.const_float(0.0, rt, loc);
                        let b_zero = self.cmp(&arith::CMPF, "oeq", b, zero, loc);
                        let quotient = self.binary(&arith::DIVF, a, b, loc);
                        self.select(b_zero, quotient, floordiv, loc)
                    }
                    _ => floordiv,
                }
            }
            ("floordiv", false) | ("mod", false) => {
                let zero = self.const_int(0, rt, loc);
                let one = self.const_int(1, rt, loc);
                let minus_one = self.const_int(-1, rt, loc);
                let is_zero = self.cmp(&arith::CMPI, "eq", b, zero, loc);
                if !numpy {
                    self.raise_if(
                        is_zero,
                        "ZeroDivisionError",
                        "integer division or modulo by zero",
                        loc,
                    );
                }
                // A zero or -1 divisor is replaced by 1 (no trap, no overflow); -1 is handled
                // apart. (An unsigned divisor is never -1: all ones is its largest value.)
                let is_minus_one = if self.is_unsigned(rt) {
                    let i1 = self.ctx.i1();
                    self.const_int(0, i1, loc)
                } else {
                    self.cmp(&arith::CMPI, "eq", b, minus_one, loc)
                };
                let unsafe_divisor = self.binary(&arith::ORI, is_zero, is_minus_one, loc);
                let safe = self.select(unsafe_divisor, one, b, loc);
                let value = if kind == "floordiv" {
                    let q = self.binary(&arith::FLOORDIVSI, a, safe, loc);
                    let neg = self.binary(&arith::SUBI, zero, a, loc);
                    self.select(is_minus_one, neg, q, loc)
                } else {
                    let r = self.binary(&arith::REMSI, a, safe, loc);
                    let r_nonzero = self.cmp(&arith::CMPI, "ne", r, zero, loc);
                    let r_neg = self.cmp(&arith::CMPI, "slt", r, zero, loc);
                    let b_neg = self.cmp(&arith::CMPI, "slt", safe, zero, loc);
                    let signs_differ = self.binary(&arith::XORI, r_neg, b_neg, loc);
                    let fix = self.binary(&arith::ANDI, r_nonzero, signs_differ, loc);
                    let fixed = self.binary(&arith::ADDI, r, safe, loc);
                    let m = self.select(fix, fixed, r, loc);
                    self.select(is_minus_one, zero, m, loc)
                };
                // NumPy gives 0 for an integer division by zero (with a warning).
                if numpy {
                    self.select(is_zero, zero, value, loc)
                } else {
                    value
                }
            }
            ("pow", true) => self.binary(&math::POWF, a, b, loc),
            ("lshift", false) => self.binary(&arith::SHLI, a, b, loc),
            ("rshift", false) => self.binary(&arith::SHRSI, a, b, loc),
            ("bitand", false) => self.binary(&arith::ANDI, a, b, loc),
            ("bitor", false) => self.binary(&arith::ORI, a, b, loc),
            ("bitxor", false) => self.binary(&arith::XORI, a, b, loc),
            _ => return Err(not_yet(self.ctx, op, &format!("`{kind}` on these types"))),
        })
    }

    /// Raise ZeroDivisionError when a scalar float divisor is zero; return a safe divisor.
    fn checked_float_divisor(&mut self, b: Value, message: &str, loc: &Location) -> Value {
        let t = self.ctx.value_type(b);
        let zero = self.const_float(0.0, t, loc);
        let is_zero = self.cmp(&arith::CMPF, "oeq", b, zero, loc);
        self.raise_if(is_zero, "ZeroDivisionError", message, loc);
        let one = self.const_float(1.0, t, loc);
        self.select(is_zero, one, b, loc)
    }

    // ----- indexing -----

    /// Element indices as `index` values: negative ones wrap; with boundscheck, out-of-range
    /// ones raise IndexError (and read element 0 of a non-empty array instead).
    fn element_indices(
        &mut self,
        op: OpId,
        m: Value,
        indices: &[Value],
    ) -> CResult<(Vec<Value>, Option<Value>)> {
        let rank = self
            .ctx
            .type_kind(self.ctx.value_type(m))
            .rank()
            .unwrap_or(0);
        if indices.len() != rank {
            return Err(not_yet(
                self.ctx,
                op,
                "indexing fewer dimensions than the array has (array views)",
            ));
        }
        let lowered = indices
            .iter()
            .map(|v| self.scalar(op, *v))
            .collect::<CResult<Vec<_>>>()?;
        self.lowered_element_indices(op, m, lowered)
    }

    /// [`Self::element_indices`] of indices already lowered to scalars (one per dimension).
    fn lowered_element_indices(
        &mut self,
        op: OpId,
        m: Value,
        indices: Vec<Value>,
    ) -> CResult<(Vec<Value>, Option<Value>)> {
        let loc = self.ctx.loc(op).clone();
        if indices.len() != self.rank(m) {
            return Err(error(
                self.ctx,
                op,
                format!("expected {} indices, found {}", self.rank(m), indices.len()),
            ));
        }
        let i64t = self.ctx.i64();
        let index = self.ctx.index();
        let mut out = vec![];
        let mut all_in_bounds: Option<Value> = None;
        for (d, i) in indices.into_iter().enumerate() {
            if !matches!(
                self.ctx.type_kind(self.ctx.value_type(i)),
                TypeKind::Int { .. }
            ) {
                return Err(not_yet(self.ctx, op, "this kind of index"));
            }
            let n = self.dim(m, d, &loc);
            let (mut i, in_bounds) = self.wrap_index(i, n, &loc);
            if let Some(ok) = in_bounds {
                all_in_bounds = Some(match all_in_bounds {
                    Some(acc) => self.binary(&arith::ANDI, acc, ok, &loc),
                    None => ok,
                });
                let zero = self.const_int(0, i64t, &loc);
                i = self.select(ok, i, zero, &loc);
            }
            out.push(self.value(&arith::INDEX_CAST, &[i], index, &loc));
        }
        if let Some(ok) = all_in_bounds {
            self.raise_unless(ok, "IndexError", "index out of bounds", &loc);
        }
        Ok((out, all_in_bounds))
    }

    fn getitem(&mut self, op: OpId) -> CResult<L> {
        let loc = self.ctx.loc(op).clone();
        let operands = self.ctx.operands(op).to_vec();
        match self.get(operands[0]) {
            L::Tuple(items) => {
                let i = py::int_constant(self.ctx, operands[1])
                    .expect("typed tuple indices are constants");
                let n = items.len() as i64;
                Ok(items[(if i < 0 { i + n } else { i }) as usize].clone())
            }
            L::V(m)
                if self.ctx.type_kind(self.ctx.value_type(m)).is_shaped()
                    && !self.is_element_access(m, &operands[1..]) =>
            {
                Ok(L::V(self.view(op, m, &operands[1..])?))
            }
            L::V(m) if self.ctx.type_kind(self.ctx.value_type(m)).is_shaped() => {
                let (idx, in_bounds) = self.element_indices(op, m, &operands[1..])?;
                let elem = self.element_type(m);
                let mut load_operands = vec![m];
                load_operands.extend(&idx);
                match in_bounds {
                    None => Ok(L::V(self.value(&loops::LOAD, &load_operands, elem, &loc))),
                    // Only read when in bounds (an empty array has no element 0).
                    Some(ok) => Ok(L::V(self.when_or_zero(ok, elem, &loc, &mut |s| {
                        s.value(&loops::LOAD, &load_operands, elem, &loc)
                    }))),
                }
            }
            _ => Err(not_yet(self.ctx, op, "this subscript")),
        }
    }

    fn setitem(&mut self, op: OpId) -> CResult<()> {
        let loc = self.ctx.loc(op).clone();
        let operands = self.ctx.operands(op).to_vec();
        let L::V(m) = self.get(operands[1]) else {
            return Err(not_yet(self.ctx, op, "this assignment"));
        };
        if !self.is_element_access(m, &operands[2..]) {
            let target = self.view(op, m, &operands[2..])?;
            let value = self.get(operands[0]);
            return self.assign_array(op, target, value);
        }
        let value = self.scalar(op, operands[0])?;
        let elem = self.element_type(m);
        let value = self.coerce(value, elem, &loc);
        let (idx, in_bounds) = self.element_indices(op, m, &operands[2..])?;
        let mut store = vec![value, m];
        store.extend(idx);
        match in_bounds {
            None => {
                self.emit(&loops::STORE, &store, &[], &[], vec![], &loc);
            }
            Some(ok) => {
                let (then_r, then_b) = self.ctx.create_region_with_block(&[]);
                let (else_r, else_b) = self.ctx.create_region_with_block(&[]);
                let outer = std::mem::replace(&mut self.block, then_b);
                self.emit(&loops::STORE, &store, &[], &[], vec![], &loc);
                self.emit(&loops::YIELD, &[], &[], &[], vec![], &loc);
                self.block = else_b;
                self.emit(&loops::YIELD, &[], &[], &[], vec![], &loc);
                self.block = outer;
                self.emit(&loops::IF, &[ok], &[], &[], vec![then_r, else_r], &loc);
            }
        }
        Ok(())
    }
}

// ----- control flow and calls -----

impl Converter<'_> {
    fn lowered_result_types(&mut self, op: OpId) -> CResult<Vec<Type>> {
        let mut out = vec![];
        for r in self.ctx.results(op).to_vec() {
            let t = self.ctx.value_type(r);
            out.extend(self.lower_type(op, t)?);
        }
        Ok(out)
    }

    /// Bind the results of `op` to flattened values.
    fn bind_results(&mut self, op: OpId, values: Vec<Value>) {
        let mut it = values.into_iter();
        for r in self.ctx.results(op).to_vec() {
            let l = self.unflatten(self.ctx.value_type(r), &mut it);
            self.map.insert(r, l);
        }
    }

    /// Map a py block's arguments to flattened values (tuples regroup).
    fn bind_args(&mut self, args: &[Value], values: &[Value]) {
        let mut it = values.iter().copied();
        for a in args {
            let l = self.unflatten(self.ctx.value_type(*a), &mut it);
            self.map.insert(*a, l);
        }
    }

    fn if_op(&mut self, op: OpId) -> CResult<()> {
        let loc = self.ctx.loc(op).clone();
        let cond = self.scalar(op, self.ctx.operand(op, 0))?;
        let cond = self.truth(cond, &loc);
        let results = self.lowered_result_types(op)?;
        let results = self.flagged(&results);
        let outer = self.block;
        let mut regions = vec![];
        for r in self.ctx.regions(op).to_vec() {
            let (region, block) = self.ctx.create_region_with_block(&[]);
            self.block = block;
            let ops = self.ctx.block_ops(self.ctx.entry_block(r)).to_vec();
            let escape = self.loop_escapes.last().copied().unwrap_or(Escape::Return);
            self.scoped_ops(&ops, Exit::Yield, escape)?;
            regions.push(region);
        }
        self.block = outer;
        let if_op = self.emit(&loops::IF, &[cond], &results, &[], regions, &loc);
        let values = self.ctx.results(if_op).to_vec();
        let values = self.unflag(&values);
        self.bind_results(op, values);
        Ok(())
    }

    fn iter_of(&self, op: OpId, l: L) -> CResult<Iter> {
        match l {
            L::Iter(it) => Ok(it),
            L::V(m) if self.ctx.type_kind(self.ctx.value_type(m)).rank() == Some(1) => {
                Ok(Iter::Array(m))
            }
            _ => Err(not_yet(self.ctx, op, "iterating over this value")),
        }
    }

    /// `len(range(start, stop, step))` for a non-zero i64 `step`, without overflow: the
    /// distance `stop - start` (or `start - stop` for a negative step) and `|step|` read as
    /// unsigned, `(distance - 1) // |step| + 1` items when the range is not empty. A length
    /// beyond the largest int64 (`range(-2**63, 2**63 - 1)`) is taken as that largest value:
    /// CPython's `len()` refuses it, iterating it works, and no loop runs that long.
    fn range_length(&mut self, start: Value, stop: Value, step: Value, loc: &Location) -> Value {
        let i64t = self.ctx.i64();
        let zero = self.const_int(0, i64t, loc);
        let one = self.const_int(1, i64t, loc);
        let largest = self.const_int(i64::MAX, i64t, loc);
        let positive = self.cmp(&arith::CMPI, "sgt", step, zero, loc);
        let ascending = self.cmp(&arith::CMPI, "slt", start, stop, loc);
        let descending = self.cmp(&arith::CMPI, "sgt", start, stop, loc);
        let nonempty = self.select(positive, ascending, descending, loc);
        let up = self.binary(&arith::SUBI, stop, start, loc);
        let down = self.binary(&arith::SUBI, start, stop, loc);
        let distance = self.select(positive, up, down, loc);
        let minus_step = self.binary(&arith::SUBI, zero, step, loc);
        let magnitude = self.select(positive, step, minus_step, loc);
        let last = self.binary(&arith::SUBI, distance, one, loc);
        let q = self.binary(&arith::DIVUI, last, magnitude, loc);
        let saturated = self.cmp(&arith::CMPI, "uge", q, largest, loc);
        let n = self.binary(&arith::ADDI, q, one, loc);
        let n = self.select(saturated, largest, n, loc);
        self.select(nonempty, n, zero, loc)
    }

    /// Number of items an iterator yields (i64).
    fn trip_count(&mut self, it: &Iter, loc: &Location) -> Value {
        let i64t = self.ctx.i64();
        match it {
            Iter::Range { start, stop, step } => {
                let zero = self.const_int(0, i64t, loc);
                let one = self.const_int(1, i64t, loc);
                let is_zero = self.cmp(&arith::CMPI, "eq", *step, zero, loc);
                self.raise_if(is_zero, "ValueError", "range() arg 3 must not be zero", loc);
                let step = self.select(is_zero, one, *step, loc);
                self.range_length(*start, *stop, step, loc)
            }
            Iter::Array(m) => self.dim(*m, 0, loc),
            Iter::Enumerate(inner) => self.trip_count(inner, loc),
            Iter::Zip(items) => {
                let mut n = self.trip_count(&items[0], loc);
                for it in &items[1..] {
                    let m = self.trip_count(it, loc);
                    n = self.binary(&arith::MINSI, n, m, loc);
                }
                n
            }
        }
    }

    /// Item `k` of an iterator.
    fn item(&mut self, it: &Iter, k: Value, loc: &Location) -> L {
        match it {
            Iter::Range { start, step, .. } => {
                let off = self.binary(&arith::MULI, k, *step, loc);
                L::V(self.binary(&arith::ADDI, *start, off, loc))
            }
            Iter::Array(m) => {
                let index = self.ctx.index();
                let i = self.value(&arith::INDEX_CAST, &[k], index, loc);
                let elem = self.element_type(*m);
                L::V(self.value(&loops::LOAD, &[*m, i], elem, loc))
            }
            Iter::Enumerate(inner) => {
                let x = self.item(inner, k, loc);
                L::Tuple(vec![L::V(k), x])
            }
            Iter::Zip(items) => L::Tuple(items.iter().map(|i| self.item(i, k, loc)).collect()),
        }
    }

    fn carried_inits(&mut self, op: OpId, values: &[Value]) -> CResult<(Vec<Value>, Vec<Type>)> {
        let mut inits = vec![];
        for v in values {
            self.flatten(&self.get(*v), &mut inits);
        }
        let types = inits.iter().map(|v| self.ctx.value_type(*v)).collect();
        let _ = op;
        Ok((inits, types))
    }

    /// Convert a loop body (`py_block`'s ops) into the current block, with the loop's state:
    /// the types its exits yield, its escape and, for loops with exits, their frame.
    fn loop_body(
        &mut self,
        py_block: BlockId,
        exit_types: Vec<Type>,
        escape: Escape,
        frame: Option<LoopExitFrame>,
        entering: Vec<Temp>,
    ) -> CResult<()> {
        self.carried_types.push(exit_types);
        self.loop_escapes.push(escape);
        let framed = frame.is_some();
        if let Some(f) = frame {
            self.exit_prefix.push(f);
        }
        let ops = self.ctx.block_ops(py_block).to_vec();
        let result = self.scoped_ops_owning(&ops, Exit::Yield, escape, entering);
        if framed {
            self.exit_prefix.pop();
        }
        self.loop_escapes.pop();
        self.carried_types.pop();
        result
    }

    fn for_op(&mut self, op: OpId) -> CResult<()> {
        if self.breaks(op) {
            return self.loop_with_exits(op, None);
        }
        if self.runs_in_parallel(op) {
            return self.parallel_for(op);
        }
        let loc = self.ctx.loc(op).clone();
        let operands = self.ctx.operands(op).to_vec();
        let it = self.iter_of(op, self.get(operands[0]))?;
        let (inits, _) = self.carried_inits(op, &operands[1..])?;
        let n = self.trip_count(&it, &loc);
        let i64t = self.ctx.i64();
        let lb = self.const_int(0, i64t, &loc);
        let values = self.serial_for(op, &it, lb, n, inits)?;
        self.bind_results(op, values);
        Ok(())
    }

    /// The `py.for` `op` as a `loop.for` over the items `lb..ub` of `it`, its carried
    /// variables starting from `inits` (flattened, owned by the current region); returns their
    /// values after the loop (flattened, owned by the current region under their flags).
    fn serial_for(
        &mut self,
        op: OpId,
        it: &Iter,
        lb: Value,
        ub: Value,
        inits: Vec<Value>,
    ) -> CResult<Vec<Value>> {
        let loc = self.ctx.loc(op).clone();
        let (inits, carried) = self.flag_inits(&inits, &loc);
        let i64t = self.ctx.i64();
        let step = self.const_int(1, i64t, &loc);
        let mut arg_types = vec![i64t];
        arg_types.extend(&carried);
        let (region, block) = self.ctx.create_region_with_block(&arg_types);
        let args = self.ctx.block_args(block).to_vec();
        let outer = std::mem::replace(&mut self.block, block);
        let item = self.item(it, args[0], &loc);
        let py_body = self.ctx.entry_block(self.ctx.region(op, 0));
        let py_args = self.ctx.block_args(py_body).to_vec();
        self.map.insert(py_args[0], item);
        let (variables, entering) = self.unflag_entering(&args[1..]);
        self.bind_args(&py_args[1..], &variables);
        let result = self.loop_body(py_body, carried.clone(), Escape::Continue, None, entering);
        self.block = outer;
        result?;
        let mut loop_operands = vec![lb, ub, step];
        loop_operands.extend(inits);
        let for_op = self.emit(
            &loops::FOR,
            &loop_operands,
            &carried,
            &[],
            vec![region],
            &loc,
        );
        let values = self.ctx.results(for_op).to_vec();
        Ok(self.unflag(&values))
    }

    /// Whether the `py.for` `op` becomes a `loop.parallel`: a `prange` loop of a
    /// `parallel=True` function, not nested in another parallel loop.
    fn runs_in_parallel(&self, op: OpId) -> bool {
        let iterable = self.ctx.operand(op, 0);
        self.parallel
            && !self.in_parallel_loop
            && self.ctx.defining_op(iterable).is_some_and(|d| {
                self.ctx.op_name(d) == "py.call_builtin" && self.ctx.attr_str(d, "name") == "prange"
            })
    }

    /// A parallel `prange` loop: a `loop.parallel` over the items, whose carried variables are
    /// reductions (each starts from its identity in the body, and the body's final value is the
    /// iteration's contribution) or private to each iteration (see [`prange`]). A loop carrying
    /// arrays runs in chunks instead (see [`Converter::parallel_chunks`]).
    fn parallel_for(&mut self, op: OpId) -> CResult<()> {
        let kinds = prange::classify(self.ctx, op)?;
        let loc = self.ctx.loc(op).clone();
        let operands = self.ctx.operands(op).to_vec();
        let it = self.iter_of(op, self.get(operands[0]))?;
        let (all_inits, all_types) = self.carried_inits(op, &operands[1..])?;
        let reductions = self.reductions(op, &kinds, &operands[1..])?;
        if all_types.iter().any(|t| self.ctx.type_kind(*t).is_shaped()) {
            return self.parallel_chunks(op, &it, &reductions, all_inits);
        }
        let n = self.trip_count(&it, &loc);
        let i64t = self.ctx.i64();
        let (region, block) = self.ctx.create_region_with_block(&[i64t]);
        let iv = self.ctx.block_args(block)[0];
        let outer = std::mem::replace(&mut self.block, block);
        let item = self.item(&it, iv, &loc);
        let py_body = self.ctx.entry_block(self.ctx.region(op, 0));
        let py_args = self.ctx.block_args(py_body).to_vec();
        self.map.insert(py_args[0], item);
        // Reductions start from their identity; private variables from their value before.
        for (init, arg) in operands[1..].iter().zip(&py_args[1..]) {
            let l = self.get(*init);
            self.map.insert(*arg, l);
        }
        for r in &reductions {
            let t = self.ctx.value_type(r.init);
            let start = self.identity_value(r.identity, t, &loc);
            self.map.insert(py_args[1 + r.variable], L::V(start));
        }
        self.in_parallel_loop = true;
        let result = self.loop_body(py_body, all_types, Escape::Continue, None, vec![]);
        self.in_parallel_loop = false;
        if result.is_ok() {
            // The body yields every carried value; keep the contributions.
            let yield_op = *self.ctx.block_ops(block).last().expect("terminator");
            let yielded = self.ctx.operands(yield_op).to_vec();
            self.ctx.erase_op(yield_op);
            let contributions = self.contributions(&reductions, &yielded, &loc);
            self.emit(&loops::YIELD, &contributions, &[], &[], vec![], &loc);
        }
        self.block = outer;
        result?;
        let values = self.parallel_loop(region, n, &reductions, all_inits, &loc);
        self.bind_results(op, values);
        Ok(())
    }

    /// The reductions among the carried variables `inits` of the `py.for` `op`.
    fn reductions(
        &mut self,
        op: OpId,
        kinds: &[prange::Carried],
        inits: &[Value],
    ) -> CResult<Vec<Reduction>> {
        let mut reductions = vec![];
        let mut position = 0;
        for (variable, (kind, init)) in kinds.iter().zip(inits).enumerate() {
            let mut flat = vec![];
            self.flatten(&self.get(*init), &mut flat);
            if let prange::Carried::Reduction { combine, in_place } = *kind {
                let t = self.ctx.value_type(flat[0]);
                let elem = self.ctx.type_kind(t).element_type().unwrap_or(t);
                let number = match self.ctx.type_kind(elem) {
                    TypeKind::Float(_) => prange::Number::Float,
                    TypeKind::Int { width: 1, .. }
                    | TypeKind::Int {
                        signedness: blackbird_dialects::ir::Signedness::Unsigned,
                        ..
                    } => prange::Number::Unsigned,
                    TypeKind::Int { .. } => prange::Number::Signed,
                    _ => return Err(error(self.ctx, op, "a prange reduction must be a number")),
                };
                if flat.len() != 1 {
                    return Err(error(self.ctx, op, "a prange reduction must be a number"));
                }
                let array = self.ctx.type_kind(t).is_shaped();
                if array && !matches!(combine, prange::Combine::Add | prange::Combine::Mul) {
                    return Err(not_yet(
                        self.ctx,
                        op,
                        "a prange reduction of an array other than `+=`, `-=` or `*=`",
                    ));
                }
                reductions.push(Reduction {
                    variable,
                    position,
                    init: flat[0],
                    identity: combine.identity(number, self.width(elem)),
                    name: combine.reduction_name(number),
                    carrier: match self.ctx.type_kind(elem) {
                        _ if array => Carrier::Itself,
                        TypeKind::Float(_)
                            if matches!(combine, prange::Combine::Min | prange::Combine::Max) =>
                        {
                            Carrier::OrderKey
                        }
                        TypeKind::Int { width: 1, .. } => Carrier::Byte,
                        _ => Carrier::Itself,
                    },
                    combine,
                    array,
                    in_place,
                });
            }
            position += flat.len();
        }
        Ok(reductions)
    }

    /// What the scalar reductions' final values in one iteration (or chunk) pass to the
    /// parallel loop: each in its [`Carrier`].
    fn contributions(
        &mut self,
        reductions: &[Reduction],
        finals: &[Value],
        loc: &Location,
    ) -> Vec<Value> {
        reductions
            .iter()
            .filter(|r| !r.array)
            .map(|r| {
                let value = finals[r.position];
                match r.carrier {
                    Carrier::Itself => value,
                    Carrier::OrderKey => self.order_key(value, loc),
                    Carrier::Byte => {
                        let i8t = self.ctx.int_type(8);
                        self.value(&arith::EXTUI, &[value], i8t, loc)
                    }
                }
            })
            .collect()
    }

    /// Emit the `loop.parallel` over `0..n` with body `region`, reducing the scalar
    /// `reductions` from their values before the loop (`inits`, flattened); returns the carried
    /// values after it (private ones and array reductions keep theirs).
    fn parallel_loop(
        &mut self,
        region: blackbird_dialects::ir::RegionId,
        n: Value,
        reductions: &[Reduction],
        inits: Vec<Value>,
        loc: &Location,
    ) -> Vec<Value> {
        let i64t = self.ctx.i64();
        let scalars: Vec<&Reduction> = reductions.iter().filter(|r| !r.array).collect();
        let lb = self.const_int(0, i64t, loc);
        let step = self.const_int(1, i64t, loc);
        let mut loop_operands = vec![lb, n, step];
        for r in &scalars {
            // A float minimum or maximum starts from its identity; the value from before the
            // loop is combined with the result afterwards.
            let init = match r.carrier {
                Carrier::Itself => r.init,
                Carrier::OrderKey => {
                    let t = self.ctx.value_type(r.init);
                    let identity = self.identity_value(r.identity, t, loc);
                    self.order_key(identity, loc)
                }
                Carrier::Byte => {
                    let i8t = self.ctx.int_type(8);
                    self.value(&arith::EXTUI, &[r.init], i8t, loc)
                }
            };
            loop_operands.push(init);
        }
        let types: Vec<Type> = loop_operands[3..]
            .iter()
            .map(|v| self.ctx.value_type(*v))
            .collect();
        let names: Vec<_> = scalars.iter().map(|r| self.ctx.str_attr(r.name)).collect();
        let names = self.ctx.intern_attr(AttrKind::Array(names));
        let par = self.emit(
            &loops::PARALLEL,
            &loop_operands,
            &types,
            &[("reductions", names)],
            vec![region],
            loc,
        );
        let mut values = inits;
        for (k, r) in scalars.iter().enumerate() {
            let result = self.ctx.result(par, k);
            values[r.position] = match r.carrier {
                Carrier::OrderKey => {
                    let float = self.ctx.value_type(r.init);
                    let found = self.float_of_order_key(result, float, loc);
                    // Python's min(before, found): `found` only if it is smaller.
                    let predicate = match r.combine {
                        prange::Combine::Min => "olt",
                        _ => "ogt",
                    };
                    let better = self.cmp(&arith::CMPF, predicate, found, r.init, loc);
                    self.select(better, found, r.init, loc)
                }
                Carrier::Byte => {
                    let i1 = self.ctx.i1();
                    self.value(&arith::TRUNCI, &[result], i1, loc)
                }
                Carrier::Itself => result,
            };
        }
        values
    }

    /// A `prange` loop carrying arrays: its items split into one chunk per thread
    /// (`loop.num_threads`, at most one per item), each chunk a serial loop in which the
    /// reductions start from their identities (an array reduction from the chunk's own row of
    /// a partial-results array filled with the identity) and private variables from their
    /// values before. The scalar contributions combine through the parallel loop; afterwards
    /// each array is combined with its partial rows: in place for `s += x` (Python updates
    /// the array itself), into a new array for `s = s + x`.
    fn parallel_chunks(
        &mut self,
        op: OpId,
        it: &Iter,
        reductions: &[Reduction],
        inits: Vec<Value>,
    ) -> CResult<()> {
        let loc = self.ctx.loc(op).clone();
        let i64t = self.ctx.i64();
        let n = self.trip_count(it, &loc);
        let one = self.const_int(1, i64t, &loc);
        let threads = self.value(&loops::NUM_THREADS, &[], i64t, &loc);
        let most = self.binary(&arith::MAXSI, n, one, &loc);
        let chunks = self.binary(&arith::MINSI, threads, most, &loc);
        let chunks = self.binary(&arith::MAXSI, chunks, one, &loc);
        let spread = self.binary(&arith::ADDI, n, chunks, &loc);
        let spread = self.binary(&arith::SUBI, spread, one, &loc);
        let chunk = self.binary(&arith::DIVSI, spread, chunks, &loc);
        // One row of partial results per chunk for each array reduction.
        let mut partials = HashMap::new();
        for r in reductions.iter().filter(|r| r.array) {
            let elem = self.element_type(r.init);
            let identity = self.identity_value(r.identity, elem, &loc);
            let mut sizes = vec![chunks];
            sizes.extend(self.sizes(r.init, &loc));
            let rows = self.created(Some(identity), elem, &sizes, &loc);
            partials.insert(r.position, rows);
        }
        let (region, block) = self.ctx.create_region_with_block(&[i64t]);
        let t = self.ctx.block_args(block)[0];
        let outer = std::mem::replace(&mut self.block, block);
        self.temps.push(vec![]);
        let lo = self.binary(&arith::MULI, t, chunk, &loc);
        let hi = self.binary(&arith::ADDI, lo, chunk, &loc);
        let hi = self.binary(&arith::MINSI, hi, n, &loc);
        // This chunk's row of each array reduction's partial results.
        let rows: HashMap<usize, Value> = reductions
            .iter()
            .filter(|r| r.array)
            .map(|r| (r.position, self.row(partials[&r.position], t, &loc)))
            .collect();
        let mut starts = inits.clone();
        for r in reductions {
            starts[r.position] = match rows.get(&r.position) {
                Some(row) => *row,
                None => {
                    let ty = self.ctx.value_type(r.init);
                    self.identity_value(r.identity, ty, &loc)
                }
            };
        }
        self.in_parallel_loop = true;
        let finals = self.serial_for(op, it, lo, hi, starts);
        self.in_parallel_loop = false;
        let result = finals.and_then(|finals| {
            for r in reductions.iter().filter(|r| r.array) {
                self.assign_array(op, rows[&r.position], L::V(finals[r.position]))?;
            }
            let contributions = self.contributions(reductions, &finals, &loc);
            let contributions = self.hand_over(&contributions, &loc);
            self.emit(&loops::YIELD, &contributions, &[], &[], vec![], &loc);
            Ok(())
        });
        self.temps.pop();
        self.block = outer;
        result?;
        let mut values = self.parallel_loop(region, chunks, reductions, inits, &loc);
        for r in reductions.iter().filter(|r| r.array) {
            values[r.position] = self.combine_rows(r, partials[&r.position], chunks, &loc)?;
        }
        self.bind_results(op, values);
        Ok(())
    }

    /// Row `t` of `m` (a view without the first dimension).
    fn row(&mut self, m: Value, t: Value, loc: &Location) -> Value {
        let (offset, sizes, strides) = self.metadata(m, loc);
        let t = self.index_value(t, loc);
        let skip = self.binary(&arith::MULI, t, strides[0], loc);
        let offset = self.binary(&arith::ADDI, offset, skip, loc);
        self.make_view(m, offset, &sizes[1..], &strides[1..], loc)
    }

    /// The array reduction `r` after the loop: its value before combined with the `chunks`
    /// rows of `rows`, in its own buffer (`s += x`) or a new one (`s = s + x`).
    fn combine_rows(
        &mut self,
        r: &Reduction,
        rows: Value,
        chunks: Value,
        loc: &Location,
    ) -> CResult<Value> {
        let elem = self.element_type(r.init);
        let sizes = self.sizes(r.init, loc);
        let (target, sizes) = match r.in_place {
            true => (r.init, sizes),
            false => self.alloc(elem, &sizes, loc),
        };
        let combine = match (r.combine, self.is_float(elem)) {
            (prange::Combine::Mul, true) => &arith::MULF,
            (prange::Combine::Mul, false) => &arith::MULI,
            (_, true) => &arith::ADDF,
            (_, false) => &arith::ADDI,
        };
        let init = r.init;
        self.loop_nest(&sizes, loc, &mut |s, ivs| {
            let before = s.load_at(init, ivs, loc);
            let total = emit::fold_nest(s, &[chunks], before, loc, &mut |s, acc, k| {
                let mut at = vec![k[0]];
                at.extend(ivs);
                let x = s.load_at(rows, &at, loc);
                s.binary(combine, acc, x, loc)
            })?;
            s.store_at(total, target, ivs, loc);
            Ok(())
        })?;
        Ok(target)
    }

    fn identity_value(&mut self, identity: prange::Identity, t: Type, loc: &Location) -> Value {
        match identity {
            prange::Identity::Float(x) => self.const_float(x, t, loc),
            prange::Identity::Int(i) => self.const_int(i, t, loc),
        }
    }

    /// A float's bits as a signed integer ordered as the floats are (negative floats have
    /// their magnitude bits flipped), so that integer min/max reduce floats exactly.
    fn order_key(&mut self, x: Value, loc: &Location) -> Value {
        let width = self.width(self.ctx.value_type(x));
        let int = self.ctx.int_type(width);
        let bits = self.value(&arith::BITCAST, &[x], int, loc);
        self.flip_negative_magnitudes(bits, loc)
    }

    /// The float of type `float` whose [`Converter::order_key`] is `key`.
    fn float_of_order_key(&mut self, key: Value, float: Type, loc: &Location) -> Value {
        let bits = self.flip_negative_magnitudes(key, loc);
        self.value(&arith::BITCAST, &[bits], float, loc)
    }

    /// `bits ^ ((bits >> (width - 1)) & signed_max)`: its own inverse.
    fn flip_negative_magnitudes(&mut self, bits: Value, loc: &Location) -> Value {
        let t = self.ctx.value_type(bits);
        let width = self.width(t);
        let shift = self.const_int(i64::from(width) - 1, t, loc);
        let magnitude = self.const_int(i64::MAX >> (64 - width), t, loc);
        let sign = self.binary(&arith::SHRSI, bits, shift, loc);
        let flip = self.binary(&arith::ANDI, sign, magnitude, loc);
        self.binary(&arith::XORI, bits, flip, loc)
    }

    /// A loop with `break` or `return`, `for` or `while`: a `loop.while` carrying an item
    /// counter, an exit code (0 running, 1 break, 2 return), the return values and the loop's
    /// variables. It runs while no exit happened and items remain (`for`) or the condition
    /// holds (`while`; the condition is evaluated only while running, as Python does).
    /// With `then` (the ops after the loop, how they end, and the escape they are converted
    /// under), the loop may return: if it did, the values leave through that escape (the
    /// function's return, or an enclosing loop's exit), else the ops after the loop follow.
    fn loop_with_exits(&mut self, op: OpId, then: Option<(&[OpId], Exit, Escape)>) -> CResult<()> {
        let is_for = self.ctx.op_name(op) == "py.for";
        if is_for && self.runs_in_parallel(op) {
            return Err(error(
                self.ctx,
                op,
                "a prange loop cannot `break` or `return`: its iterations run in parallel",
            ));
        }
        let loc = self.ctx.loc(op).clone();
        let operands = self.ctx.operands(op).to_vec();
        let (it, carried_operands) = match is_for {
            true => (
                Some(self.iter_of(op, self.get(operands[0]))?),
                &operands[1..],
            ),
            false => (None, &operands[..]),
        };
        let (inits, _) = self.carried_inits(op, carried_operands)?;
        let (inits, carried) = self.flag_inits(&inits, &loc);
        let ret_types: Vec<Type> = if then.is_some() {
            self.return_types.clone()
        } else {
            vec![]
        };
        let n = it.as_ref().map(|it| self.trip_count(it, &loc));
        let i64t = self.ctx.i64();
        let i8t = self.ctx.int_type(8);
        let mut state_types = vec![i64t, i8t];
        state_types.extend(&ret_types);
        state_types.extend(&carried);
        let mut state_inits = vec![self.const_int(0, i64t, &loc), self.const_int(0, i8t, &loc)];
        for t in &ret_types {
            // Until a `return`, the slots hold placeholders (arrays: an empty one, not owned).
            let z = match self.ctx.type_kind(*t).rank() {
                Some(rank) => self.empty_array(*t, rank, &loc),
                None => self.zero_of(*t, 0.0, &loc),
            };
            state_inits.push(z);
        }
        state_inits.extend(inits);
        let r = ret_types.len();
        let outer = self.block;
        // Before: go on while no exit happened and items remain / the condition holds.
        let (before_r, before_b) = self.ctx.create_region_with_block(&state_types);
        self.block = before_b;
        let args = self.ctx.block_args(before_b).to_vec();
        let zero8 = self.const_int(0, i8t, &loc);
        let running = self.cmp(&arith::CMPI, "eq", args[1], zero8, &loc);
        let (go, variables) = match n {
            Some(n) => {
                let more = self.cmp(&arith::CMPI, "slt", args[0], n, &loc);
                let go = self.binary(&arith::ANDI, more, running, &loc);
                (go, args[2 + r..].to_vec())
            }
            None => match self.condition_while_running(op, running, &args[2 + r..]) {
                Ok(passed) => (passed[0], passed[1..].to_vec()),
                Err(e) => {
                    self.block = outer;
                    return Err(e);
                }
            },
        };
        let mut passed = vec![go];
        passed.extend(&args[..2 + r]);
        passed.extend(variables);
        self.emit(&loops::CONDITION, &passed, &[], &[], vec![], &loc);
        // After: the body (for item k).
        let (after_r, after_b) = self.ctx.create_region_with_block(&state_types);
        self.block = after_b;
        let args = self.ctx.block_args(after_b).to_vec();
        let one = self.const_int(1, i64t, &loc);
        let next = self.binary(&arith::ADDI, args[0], one, &loc);
        let py_body = self
            .ctx
            .entry_block(*self.ctx.regions(op).last().expect("a body"));
        let mut py_args = self.ctx.block_args(py_body).to_vec();
        if let Some(it) = &it {
            let item = self.item(it, args[0], &loc);
            self.map.insert(py_args.remove(0), item);
        }
        let (ret_slots, mut entering) = self.unflag_entering(&args[2..2 + r]);
        let (variables, carried_in) = self.unflag_entering(&args[2 + r..]);
        entering.extend(carried_in);
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
        let result = self.loop_body(py_body, state_types.clone(), escape, Some(frame), entering);
        self.block = outer;
        result?;
        let while_op = self.emit(
            &loops::WHILE,
            &state_inits,
            &state_types,
            &[],
            vec![before_r, after_r],
            &loc,
        );
        let results = self.ctx.results(while_op).to_vec();
        let variables = self.unflag(&results[2 + r..]);
        self.bind_results(op, variables);
        let Some((rest, exit, outer_escape)) = then else {
            return Ok(());
        };
        // `if code == 2:` the values leave through the enclosing escape, else the rest follows.
        let two = self.const_int(2, i8t, &loc);
        let returned = self.cmp(&arith::CMPI, "eq", results[1], two, &loc);
        let (then_r, then_b) = self.ctx.create_region_with_block(&[]);
        let (else_r, else_b) = self.ctx.create_region_with_block(&[]);
        self.block = then_b;
        let exit_types = self.leave_returning(&results[2..2 + r], outer_escape, &loc);
        self.block = else_b;
        // After `while True:` without `break` nothing follows: the loop only returns.
        let rest_result = match rest.first() {
            Some(o) if self.ctx.op_name(*o) == "py.unreachable" => {
                self.leave_returning(&results[2..2 + r], outer_escape, &loc);
                Ok(())
            }
            _ => {
                self.temps.push(vec![]);
                let result = self.ops(rest, Exit::Yield, outer_escape);
                self.temps.pop();
                result
            }
        };
        self.block = outer;
        rest_result?;
        let if_op = self.emit(
            &loops::IF,
            &[returned],
            &exit_types,
            &[],
            vec![then_r, else_r],
            &loc,
        );
        let values = self.ctx.results(if_op).to_vec();
        let values = self.unflag(&values);
        self.finish(exit, &values, op)
    }

    /// In a branch after a loop that returned: yield `returned` (flagged return values)
    /// through `outer_escape` — as the function's return values, or as the enclosing loop's
    /// exit (next counter, code 2, the values, its variables). Returns the yielded types.
    fn leave_returning(
        &mut self,
        returned: &[Value],
        outer_escape: Escape,
        loc: &Location,
    ) -> Vec<Type> {
        self.temps.push(vec![]);
        let return_values = self.unflag(returned);
        let (leaving, exit_types) = if outer_escape == Escape::LoopExitReturn {
            let i8t = self.ctx.int_type(8);
            let code = self.const_int(2, i8t, loc);
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
        let leaving = self.hand_over(&leaving, loc);
        self.temps.pop();
        self.emit(&loops::YIELD, &leaving, &[], &[], vec![], loc);
        exit_types
    }

    /// An empty array of memref type `t` (on the stack: nothing to free).
    fn empty_array(&mut self, t: Type, rank: usize, loc: &Location) -> Value {
        let elem = self.ctx.type_kind(t).element_type().expect("an array type");
        let empty = self.ctx.intern_type(TypeKind::MemRef {
            shape: vec![Some(0); rank],
            elem,
            layout: MemLayout::Identity,
        });
        let buffer = self.value(&loops::ALLOCA, &[], empty, loc);
        self.value(&loops::CAST, &[buffer], t, loc)
    }

    /// The condition of the `py.while` `op`, evaluated only when `running` (else false), with
    /// its variables bound to `variables`: returns the truth followed by the values passed on.
    fn condition_while_running(
        &mut self,
        op: OpId,
        running: Value,
        variables: &[Value],
    ) -> CResult<Vec<Value>> {
        let loc = self.ctx.loc(op).clone();
        let outer = self.block;
        let mut types = vec![self.ctx.i1()];
        types.extend(variables.iter().map(|v| self.ctx.value_type(*v)));
        let (then_r, then_b) = self.ctx.create_region_with_block(&[]);
        self.block = then_b;
        let passed = self.while_condition(op, variables);
        if let Ok(passed) = &passed {
            let passed_types: Vec<Type> = passed.iter().map(|v| self.ctx.value_type(*v)).collect();
            if passed_types != types {
                self.block = outer;
                return Err(not_yet(
                    self.ctx,
                    op,
                    "a `while` condition that changes its variables' types",
                ));
            }
            self.emit(&loops::YIELD, passed, &[], &[], vec![], &loc);
        }
        self.block = outer;
        passed?;
        let (else_r, else_b) = self.ctx.create_region_with_block(&[]);
        self.block = else_b;
        let i1 = self.ctx.i1();
        let mut stop = vec![self.const_int(0, i1, &loc)];
        stop.extend(variables);
        self.emit(&loops::YIELD, &stop, &[], &[], vec![], &loc);
        self.block = outer;
        let if_op = self.emit(
            &loops::IF,
            &[running],
            &types,
            &[],
            vec![then_r, else_r],
            &loc,
        );
        Ok(self.ctx.results(if_op).to_vec())
    }

    fn while_op(&mut self, op: OpId) -> CResult<()> {
        if self.breaks(op) {
            return self.loop_with_exits(op, None);
        }
        let loc = self.ctx.loc(op).clone();
        let operands = self.ctx.operands(op).to_vec();
        let (inits, _) = self.carried_inits(op, &operands)?;
        let (inits, carried) = self.flag_inits(&inits, &loc);
        let outer = self.block;
        // Before region: the condition.
        let (before_r, before_b) = self.ctx.create_region_with_block(&carried);
        self.block = before_b;
        let args = self.ctx.block_args(before_b).to_vec();
        let result = self.while_condition(op, &args);
        let passed = match result {
            Ok(p) => p,
            Err(e) => {
                self.block = outer;
                return Err(e);
            }
        };
        let passed_types: Vec<Type> = passed[1..]
            .iter()
            .map(|v| self.ctx.value_type(*v))
            .collect();
        self.emit(&loops::CONDITION, &passed, &[], &[], vec![], &loc);
        // After region: the body.
        let (after_r, after_b) = self.ctx.create_region_with_block(&passed_types);
        self.block = after_b;
        let py_after = self.ctx.entry_block(self.ctx.region(op, 1));
        let py_args = self.ctx.block_args(py_after).to_vec();
        let args = self.ctx.block_args(after_b).to_vec();
        let (variables, entering) = self.unflag_entering(&args);
        self.bind_args(&py_args, &variables);
        let result = self.loop_body(py_after, carried.clone(), Escape::Continue, None, entering);
        self.block = outer;
        result?;
        let while_op = self.emit(
            &loops::WHILE,
            &inits,
            &passed_types,
            &[],
            vec![before_r, after_r],
            &loc,
        );
        let values = self.ctx.results(while_op).to_vec();
        let values = self.unflag(&values);
        self.bind_results(op, values);
        Ok(())
    }

    /// Convert the condition region of the `py.while` `op` into the current block, its
    /// variables bound to `args` (flagged): returns the truth of the condition followed by the
    /// values it passes to the body (flagged).
    fn while_condition(&mut self, op: OpId, args: &[Value]) -> CResult<Vec<Value>> {
        let loc = self.ctx.loc(op).clone();
        let py_before = self.ctx.entry_block(self.ctx.region(op, 0));
        let py_args = self.ctx.block_args(py_before).to_vec();
        let (variables, entering) = self.unflag_entering(args);
        self.bind_args(&py_args, &variables);
        let mut ops = self.ctx.block_ops(py_before).to_vec();
        let cond_op = ops.pop().expect("py.condition ends the region");
        // The condition's temporaries are freed (or handed on) before `loop.condition`.
        self.temps.push(entering);
        let result = self.ops(&ops, Exit::Yield, Escape::Nothing).and_then(|_| {
            let c = self.scalar(cond_op, self.ctx.operand(cond_op, 0))?;
            let c = self.truth(c, &loc);
            let mut values = vec![];
            for v in self.ctx.operands(cond_op)[1..].iter() {
                self.flatten(&self.get(*v), &mut values);
            }
            let mut passed = vec![c];
            passed.extend(self.hand_over(&values, &loc));
            Ok(passed)
        });
        self.temps.pop();
        result
    }

    fn builtin(&mut self, op: OpId) -> CResult<L> {
        let loc = self.ctx.loc(op).clone();
        let name = self.ctx.attr_str(op, "name").to_string();
        let operands = self.ctx.operands(op).to_vec();
        let i64t = self.ctx.i64();
        let f64t = self.ctx.f64();
        let rt = self
            .ctx
            .results(op)
            .first()
            .map(|r| self.ctx.value_type(*r));
        let scalar_args = |s: &mut Self| -> CResult<Vec<Value>> {
            operands.iter().map(|v| s.scalar(op, *v)).collect()
        };
        Ok(match name.as_str() {
            "print" => {
                let values = scalar_args(self)?;
                let format = self.ctx.attr(op, "format").expect("print has a format");
                self.emit(
                    &loops::PRINT,
                    &values,
                    &[],
                    &[("format", format)],
                    vec![],
                    &loc,
                );
                L::None
            }
            "range" | "prange" => {
                let a = scalar_args(self)?;
                let a: Vec<Value> = a.into_iter().map(|v| self.coerce(v, i64t, &loc)).collect();
                let (start, stop, step) = match a.len() {
                    1 => (
                        self.const_int(0, i64t, &loc),
                        a[0],
                        self.const_int(1, i64t, &loc),
                    ),
                    2 => (a[0], a[1], self.const_int(1, i64t, &loc)),
                    _ => (a[0], a[1], a[2]),
                };
                L::Iter(Iter::Range { start, stop, step })
            }
            "enumerate" => L::Iter(Iter::Enumerate(Box::new(
                self.iter_of(op, self.get(operands[0]))?,
            ))),
            "zip" => {
                let items = operands
                    .iter()
                    .map(|v| self.iter_of(op, self.get(*v)))
                    .collect::<CResult<Vec<_>>>()?;
                L::Iter(Iter::Zip(items))
            }
            "len" => match self.get(operands[0]) {
                L::Tuple(items) => L::V(self.const_int(items.len() as i64, i64t, &loc)),
                L::V(m) if self.ctx.type_kind(self.ctx.value_type(m)).is_shaped() => {
                    L::V(self.dim(m, 0, &loc))
                }
                _ => return Err(not_yet(self.ctx, op, "len() of this value")),
            },
            "min" | "max" if operands.len() >= 2 => {
                let rt = rt.unwrap();
                let a = scalar_args(self)?;
                let mut acc = self.coerce(a[0], rt, &loc);
                for x in &a[1..] {
                    let x = self.coerce(*x, rt, &loc);
                    // Python keeps the first extreme value: replace only when strictly better.
                    let better = if name == "max" { "gt" } else { "lt" };
                    let c = self.compare(better, x, acc, &loc);
                    acc = self.select(c, x, acc, &loc);
                }
                L::V(acc)
            }
            "min" | "max" => {
                // Over a vector's items as Python iterates them: the first item, replaced by
                // each strictly greater (smaller) one (a NaN first stays; later NaNs are
                // skipped).
                let L::V(src) = self.get(operands[0]) else {
                    return Err(not_yet(self.ctx, op, &format!("{name}() of this value")));
                };
                let n = self.element_count(src, &loc);
                let zero = self.const_int(0, i64t, &loc);
                let empty = self.cmp(&arith::CMPI, "eq", n, zero, &loc);
                let message = format!("{name}() arg is an empty sequence");
                self.raise_if(empty, "ValueError", &message, &loc);
                let init = self.first_element(src, empty, &loc);
                let better = if name == "max" { "gt" } else { "lt" };
                L::V(self.reduce_all(src, init, &loc, &mut |s, acc, x| {
                    let c = s.compare(better, x, acc, &loc);
                    s.select(c, x, acc, &loc)
                })?)
            }
            "abs" => {
                let rt = rt.unwrap();
                let a = self.scalar(op, operands[0])?;
                let a = self.coerce(a, rt, &loc);
                let def = if self.is_float(rt) {
                    &math::ABSF
                } else {
                    &math::ABSI
                };
                L::V(self.value(def, &[a], rt, &loc))
            }
            "int" | "float" | "bool" => {
                let a = self.scalar(op, operands[0])?;
                L::V(self.coerce(a, rt.unwrap(), &loc))
            }
            n if n.starts_with("math.") => {
                let f = &n[5..];
                let a = scalar_args(self)?;
                let a: Vec<Value> = a.into_iter().map(|v| self.coerce(v, f64t, &loc)).collect();
                let unary = |s: &mut Self, def: &'static OpDef| s.value(def, &[a[0]], f64t, &loc);
                L::V(match f {
                    "sqrt" => unary(self, &math::SQRT),
                    "exp" => unary(self, &math::EXP),
                    "log" => unary(self, &math::LOG),
                    "log10" => unary(self, &math::LOG10),
                    "sin" => unary(self, &math::SIN),
                    "cos" => unary(self, &math::COS),
                    "tan" => unary(self, &math::TAN),
                    "tanh" => unary(self, &math::TANH),
                    "atan" => unary(self, &math::ATAN),
                    "fabs" => unary(self, &math::ABSF),
                    "atan2" => self.value(&math::ATAN2, &[a[0], a[1]], f64t, &loc),
                    "pow" => self.value(&math::POWF, &[a[0], a[1]], f64t, &loc),
                    "floor" | "ceil" | "trunc" => {
                        let r = match f {
                            "floor" => unary(self, &math::FLOOR),
                            "ceil" => unary(self, &math::CEIL),
                            _ => a[0],
                        };
                        self.value(&arith::FPTOSI, &[r], i64t, &loc)
                    }
                    "isnan" | "isinf" | "isfinite" => self.float_class(f, a[0], &loc),
                    other => return Err(not_yet(self.ctx, op, &format!("math.{other}"))),
                })
            }
            n if n.starts_with("np.") || n.starts_with("ndarray.") => {
                return self.numpy_call(op, n)
            }
            n if n.starts_with("cuda.") => return self.cuda_call(op, n),
            other => return Err(not_yet(self.ctx, op, &format!("`{other}`"))),
        })
    }
}

/// What a scalar reduction's value travels in through a `loop.parallel` reduction.
#[derive(Copy, Clone, PartialEq)]
enum Carrier {
    /// The value itself.
    Itself,
    /// A float minimum or maximum: its [`Converter::order_key`] (integer min/max, exact).
    OrderKey,
    /// A bool: a byte holding 0 or 1 (OpenMP's atomic updates take no 1-bit integers).
    Byte,
}

/// One reduction of a parallel `prange` loop.
struct Reduction {
    /// Its index among the loop's carried variables.
    variable: usize,
    /// Its position among the loop's flattened carried values.
    position: usize,
    /// The value from before the loop.
    init: Value,
    /// What the body starts from.
    identity: prange::Identity,
    /// The `loop.parallel` reduction kind.
    name: &'static str,
    combine: prange::Combine,
    /// What carries its value through the parallel loop's reduction.
    carrier: Carrier,
    /// An array (reduced through partial rows, see [`Converter::parallel_chunks`]).
    array: bool,
    /// Every update is an augmented assignment: an array is updated in its own buffer.
    in_place: bool,
}
