//! `py-infer-types`: give every value of a `py` function a concrete type, as Numba's nopython
//! mode does, for given argument types.
//!
//! Input: a module of untyped `py.func`s (from the frontend). Output: a new module holding one
//! typed copy of the entry function and of every function it calls, specialised per argument
//! types (a second specialisation of a function is named `name__1`, …). Loop-carried values
//! and branch results are unified (numbers promote, arrays join to layout A) and `py.cast` ops
//! make every conversion explicit. Recursion is typed from the non-recursive return paths.
//! Errors are located diagnostics that name the types involved.

pub(crate) mod builtins;
mod dicts;
mod fancy;
mod lists;
mod ops;
pub mod rules;
pub mod strings;

use std::collections::HashMap;

use blackbird_dialects::ir::{
    ArrayLayout, AttrKind, BlockId, Context, Diagnostic, FunctionType, Location, OpDef, OpId,
    OperationState, RegionId, Type, TypeKind, Value, ValueDef,
};
use blackbird_dialects::py::{BinOpKind, CompareKind, UnaryOpKind};
use blackbird_dialects::{builtin, func, py};

use rules::{array, array_parts, display, is_array, is_bool, is_float, is_int, is_number, unify};

pub(crate) type TResult<T> = Result<T, Diagnostic>;

/// Type `entry` of `module` for `args`; returns the new module of typed functions and the typed
/// entry function.
pub fn infer_types(
    ctx: &mut Context,
    module: OpId,
    entry: &str,
    args: &[Type],
) -> TResult<(OpId, OpId)> {
    let (region, body) = ctx.create_region_with_block(&[]);
    let typed = ctx
        .create_op(OperationState::new(&builtin::MODULE, ctx.loc(module).clone()).region(region));
    let mut inf = Inference {
        ctx,
        source: module,
        body,
        specs: vec![],
        returns: vec![],
        unknown_from: None,
        callees: HashMap::new(),
        lists: Default::default(),
    };
    let loc = inf.ctx.loc(module).clone();
    let (symbol, result) = inf.specialize(entry, args, &[], &loc)?;
    let op = func::lookup_function(inf.ctx, typed, &symbol).expect("the entry was specialised");
    if let Some(r) = result.filter(|r| strings::holds_str(inf.ctx, *r)) {
        return Err(error(
            inf.ctx,
            op,
            format!(
                "`{entry}` returns {}: a string cannot leave compiled code",
                display(inf.ctx, r)
            ),
        )
        .with_note("strings are compile-time constants in compiled code (unicode_type values are not supported)"));
    }
    Ok((typed, op))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SpecState {
    /// Being typed; the result type found so far (`None` while unknown).
    InProgress(Option<Option<Type>>),
    Done(Option<Type>),
    /// Typed with the unknown result of a function it calls that calls it back (mutual
    /// recursion), which is still being typed: typed again at its next call.
    Tentative,
}

/// What typing a function gave.
enum Typed {
    Done(Option<Type>),
    /// Its result as far as it is known (unknown: `object`), from the unknown result of
    /// specialisation `on` (see [`SpecState::Tentative`]).
    Tentative {
        provisional: Option<Type>,
        on: usize,
    },
}

struct Spec {
    name: String,
    args: Vec<Type>,
    /// The arguments' values where they are specialised on (see [`Inference::specialize`]).
    literals: Vec<Option<bool>>,
    symbol: String,
    state: SpecState,
}

pub(crate) struct Inference<'c> {
    pub(crate) ctx: &'c mut Context,
    source: OpId,
    body: BlockId,
    specs: Vec<Spec>,
    /// Types returned by the function being typed.
    returns: Vec<Type>,
    /// The smallest index among the specialisations still being typed whose unknown result was
    /// used: the function is typed again once it is known (see [`Inference::type_function`]).
    unknown_from: Option<usize>,
    /// The function each `py.call` named in the program, before it was pointed at a
    /// specialisation.
    callees: HashMap<OpId, String>,
    /// What the typing of lists has learnt (see `lists.rs`).
    lists: lists::ListTyping,
}

pub(crate) fn error(ctx: &Context, op: OpId, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(ctx.loc(op).clone(), message)
}

impl Inference<'_> {
    fn object(&mut self) -> Type {
        self.ctx.intern_type(TypeKind::PyObject)
    }
    fn is_unknown(&self, t: Type) -> bool {
        matches!(self.ctx.type_kind(t), TypeKind::PyObject)
    }
    pub(crate) fn ty(&self, v: Value) -> Type {
        self.ctx.value_type(v)
    }
    pub(crate) fn show(&self, t: Type) -> String {
        display(self.ctx, t)
    }

    // ----- functions -----

    /// The specialisation of function `name` for `args`, typed when first asked for. Where
    /// `literals` gives an argument's value (a literal `True`/`False` passed to a prelude
    /// function: `return_counts=True`), the copy is specialised on it too, so that the
    /// branches it decides are pruned (Numba's literal dispatch).
    fn specialize(
        &mut self,
        name: &str,
        args: &[Type],
        literals: &[Option<bool>],
        call_loc: &blackbird_dialects::ir::Location,
    ) -> TResult<(String, Option<Type>)> {
        let object = self.object();
        let found = self
            .specs
            .iter()
            .position(|s| s.name == name && s.args == args && s.literals == literals);
        if let Some(i) = found {
            let symbol = self.specs[i].symbol.clone();
            match self.specs[i].state {
                SpecState::Done(r) | SpecState::InProgress(Some(r)) => return Ok((symbol, r)),
                SpecState::InProgress(None) => {
                    self.saw_unknown(i);
                    return Ok((symbol, Some(object)));
                }
                SpecState::Tentative => {
                    let original = func::lookup_function(self.ctx, self.source, name)
                        .expect("specialised before");
                    self.specs[i].state = SpecState::InProgress(None);
                    return self.type_spec(original, symbol, args, i);
                }
            }
        }
        let Some(original) = func::lookup_function(self.ctx, self.source, name) else {
            return Err(Diagnostic::error(
                call_loc.clone(),
                format!("unknown function `{name}`"),
            ));
        };
        let entry = self.ctx.entry_block(self.ctx.region(original, 0));
        let n_params = self.ctx.block_args(entry).len();
        if n_params != args.len() {
            let loc = if self.specs.is_empty() {
                self.ctx.loc(original).clone()
            } else {
                call_loc.clone()
            };
            let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
            return Err(Diagnostic::error(
                loc,
                format!(
                    "{name}() takes {n_params} {} but {} {} given",
                    plural(n_params),
                    args.len(),
                    if args.len() == 1 { "was" } else { "were" }
                ),
            ));
        }
        let same_name = self.specs.iter().filter(|s| s.name == name).count();
        let symbol = if same_name == 0 {
            name.to_string()
        } else {
            format!("{name}__{same_name}")
        };
        self.specs.push(Spec {
            name: name.to_string(),
            args: args.to_vec(),
            literals: literals.to_vec(),
            symbol: symbol.clone(),
            state: SpecState::InProgress(None),
        });
        let index = self.specs.len() - 1;
        self.type_spec(original, symbol, args, index)
    }

    /// Type specialisation `index` (of `original` for `args`, named `symbol`), from the typing
    /// of its caller.
    fn type_spec(
        &mut self,
        original: OpId,
        symbol: String,
        args: &[Type],
        index: usize,
    ) -> TResult<(String, Option<Type>)> {
        let saved_returns = std::mem::take(&mut self.returns);
        let saved_unknown = self.unknown_from.take();
        let outcome = self.type_function(original, &symbol, args, index);
        self.returns = saved_returns;
        self.unknown_from = saved_unknown;
        match outcome? {
            Typed::Done(result) => {
                self.specs[index].state = SpecState::Done(result);
                Ok((symbol, result))
            }
            Typed::Tentative { provisional, on } => {
                self.specs[index].state = SpecState::Tentative;
                self.saw_unknown(on);
                Ok((symbol, provisional))
            }
        }
    }

    /// In a specialisation on literal arguments, their uses read the value: a `py.constant`
    /// at the top of the body replaces the parameter.
    fn bind_literals(&mut self, entry: BlockId, index: usize) {
        let literals = self.specs[index].literals.clone();
        let params = self.ctx.block_args(entry).to_vec();
        for (param, literal) in params.into_iter().zip(literals) {
            let Some(b) = literal else { continue };
            let function = self.ctx.block_parent_op(entry).expect("a function body");
            let loc = self.ctx.loc(function).clone();
            let value = self.ctx.intern_attr(AttrKind::Bool(b));
            let i1 = self.ctx.i1();
            let op = self.ctx.create_op(
                OperationState::new(&py::CONSTANT, loc)
                    .attr("value", value)
                    .results(&[i1]),
            );
            match self.ctx.first_op(entry) {
                Some(first) => self.ctx.insert_op_before(first, op),
                None => self.ctx.append_op(entry, op),
            }
            let constant = self.ctx.result(op, 0);
            self.ctx.replace_all_uses(param, constant);
        }
    }

    /// The unknown result of specialisation `index` (still being typed) was used.
    fn saw_unknown(&mut self, index: usize) {
        self.unknown_from = Some(self.unknown_from.map_or(index, |u| u.min(index)));
    }

    fn type_function(
        &mut self,
        original: OpId,
        symbol: &str,
        args: &[Type],
        index: usize,
    ) -> TResult<Typed> {
        let outer = std::mem::replace(
            &mut self.lists,
            lists::ListTyping {
                symbol: symbol.to_string(),
                ..Default::default()
            },
        );
        let typed = self.type_function_attempts(original, symbol, args, index);
        self.lists = outer;
        typed
    }

    fn type_function_attempts(
        &mut self,
        original: OpId,
        symbol: &str,
        args: &[Type],
        index: usize,
    ) -> TResult<Typed> {
        let mut attempt = 0;
        // An error of an attempt that learnt a list's type: a callee that failed to type in it
        // is not typed again, so a later attempt may only see its unknown result.
        let mut earlier_error = None;
        loop {
            attempt += 1;
            let copy = self.ctx.clone_op(original, &mut HashMap::new());
            let entry = self.ctx.entry_block(self.ctx.region(copy, 0));
            for (a, t) in self.ctx.block_args(entry).to_vec().into_iter().zip(args) {
                self.ctx.set_value_type(a, *t);
            }
            self.bind_literals(entry, index);
            self.returns.clear();
            self.unknown_from = None;
            self.lists.learnt = false;
            self.lists.unknown.clear();
            let typed = self.type_block(entry);
            // An empty list's element type was learnt: type the function again with it (each
            // attempt learns at least one literal's, so this ends).
            if self.lists.learnt && attempt < 64 {
                if let Err(e) = typed {
                    earlier_error.get_or_insert(e);
                }
                self.ctx.erase_op(copy);
                continue;
            }
            typed?;
            self.check_empty_lists()?;
            let mut result: Option<Type> = None;
            let returns = self.returns.clone();
            let known: Vec<Type> = returns
                .iter()
                .copied()
                .filter(|t| !self.is_unknown(*t))
                .collect();
            for t in known {
                result = Some(match result {
                    None => t,
                    Some(r) => unify(self.ctx, r, t).ok_or_else(|| {
                        error(
                            self.ctx,
                            original,
                            format!(
                                "function returns both {} and {}",
                                display(self.ctx, r),
                                display(self.ctx, t)
                            ),
                        )
                    })?,
                });
            }
            let returns_nothing = returns.is_empty()
                && func::function_signature(self.ctx, original).is_some_and(|(_, r)| r.is_empty());
            let found = if returns_nothing {
                Some(None)
            } else {
                result.map(Some)
            };
            // Calls of a function that called this one, still being typed: this one is typed
            // again once that one is known (mutual recursion).
            if let Some(on) = self.unknown_from.filter(|u| *u < index) {
                self.ctx.erase_op(copy);
                let object = self.object();
                let provisional = found.unwrap_or(Some(object));
                return Ok(Typed::Tentative { provisional, on });
            }
            let unknown_seen = self.unknown_from.is_some();
            if unknown_seen
                && attempt < 3
                && found.is_some()
                && self.specs[index].state != SpecState::InProgress(found)
            {
                self.specs[index].state = SpecState::InProgress(found);
                self.ctx.erase_op(copy);
                continue;
            }
            if unknown_seen || found.is_none() {
                self.ctx.erase_op(copy);
                if let Some(e) = earlier_error {
                    return Err(e);
                }
                return Err(error(self.ctx, original, format!(
                    "cannot infer the return type of recursive function `{symbol}`: every return path calls it again"
                )));
            }
            let result = found.unwrap();
            self.materialize_casts(copy, result)?;
            let fn_ty = self.ctx.function_type(args, result.as_slice());
            py::func::FUNCTION_TYPE.set(self.ctx, copy, FunctionType(fn_ty));
            py::func::SYM_NAME.set(self.ctx, copy, symbol.to_string());
            self.ctx.remove_attr(copy, py::func::SIGNATURES.name);
            self.ctx.append_op(self.body, copy);
            return Ok(Typed::Done(result));
        }
    }

    // ----- blocks and ops -----

    fn type_block(&mut self, block: BlockId) -> TResult<()> {
        for op in self.ctx.block_ops(block).to_vec() {
            // An `if` pruned before it (see [`Self::pruned_if`]) may have erased the rest.
            if !self.ctx.is_erased(op) {
                self.type_op(op)?;
            }
        }
        Ok(())
    }

    fn set(&mut self, op: OpId, index: usize, t: Type) {
        let r = self.ctx.result(op, index);
        self.ctx.set_value_type(r, t);
    }

    // ----- operators -----

    fn binop(&mut self, op: OpId, a: Type, b: Type) -> TResult<Type> {
        let kind = py::binop::OP.of(self.ctx, op);
        let is_set = |t: Type| {
            matches!(
                self.ctx.type_kind(t),
                TypeKind::PySet(_) | TypeKind::PyDict(..)
            )
        };
        if is_set(a) || is_set(b) {
            return self.set_binop(op, kind, a, b);
        }
        let is_list = |t: Type| matches!(self.ctx.type_kind(t), TypeKind::PyList(_));
        if is_list(a) || is_list(b) {
            return self.list_binop(op, kind, a, b);
        }
        let symbol = match kind {
            BinOpKind::Add => "+",
            BinOpKind::Sub => "-",
            BinOpKind::Mul => "*",
            BinOpKind::TrueDiv => "/",
            BinOpKind::FloorDiv => "//",
            BinOpKind::Mod => "%",
            BinOpKind::Pow => "**",
            BinOpKind::MatMul => "@",
            BinOpKind::LShift => "<<",
            BinOpKind::RShift => ">>",
            BinOpKind::BitAnd => "&",
            BinOpKind::BitOr => "|",
            BinOpKind::BitXor => "^",
        };
        let fail = |s: &Self| {
            error(
                s.ctx,
                op,
                format!(
                    "unsupported operand types for {symbol}: {} and {}",
                    s.show(a),
                    s.show(b)
                ),
            )
        };
        if kind == BinOpKind::MatMul {
            let ((ea, ra, _), (eb, rb, _)) =
                match (array_parts(self.ctx, a), array_parts(self.ctx, b)) {
                    (Some(x), Some(y)) => (x, y),
                    _ => return Err(fail(self)),
                };
            let elem = rules::promote_dtypes(self.ctx, ea, eb);
            let rank = match (ra, rb) {
                (2, 2) => 2,
                (2, 1) | (1, 2) => 1,
                (1, 1) => 0,
                _ => return Err(error(self.ctx, op, "`@` needs 1-D or 2-D arrays")),
            };
            return Ok(array(self.ctx, elem, rank, ArrayLayout::C));
        }
        if is_array(self.ctx, a) || is_array(self.ctx, b) {
            let dtype = |s: &mut Self, t: Type| array_parts(s.ctx, t).map(|(e, _, _)| e);
            let elem = match (dtype(self, a), dtype(self, b)) {
                (Some(x), Some(y)) => rules::promote_dtypes(self.ctx, x, y),
                (Some(x), None) if is_number(self.ctx, b) => {
                    rules::promote_array_scalar(self.ctx, x, b)
                }
                (None, Some(y)) if is_number(self.ctx, a) => {
                    rules::promote_array_scalar(self.ctx, y, a)
                }
                _ => return Err(fail(self)),
            };
            let elem = self
                .scalar_result(kind, elem, elem, true)
                .ok_or_else(|| fail(self))?;
            if kind == BinOpKind::Sub && is_bool(self.ctx, elem) {
                return Err(error(
                    self.ctx,
                    op,
                    "numpy boolean subtract, the `-` operator, is not supported, use the \
                     bitwise_xor, the `^` operator, or the logical_xor function instead.",
                ));
            }
            if py::binop::INPLACE.get(self.ctx, op).is_some() && is_array(self.ctx, a) {
                if rules::is_readonly(self.ctx, a) {
                    let target = self.ctx.operand(op, 0);
                    return Err(self.readonly_write(op, target));
                }
                // `a += x` writes into `a` by NumPy's "same_kind" casting.
                let target = array_parts(self.ctx, a).map(|(e, _, _)| e).unwrap_or(a);
                if !rules::can_cast_same_kind(self.ctx, elem, target) {
                    return Err(error(
                        self.ctx,
                        op,
                        format!(
                            "cannot cast ufunc '{}' output from {} to {} with casting rule \
                             'same_kind'",
                            ufunc_name(kind),
                            self.show(elem),
                            self.show(target)
                        ),
                    ));
                }
                return Ok(a);
            }
            let rank = rules::broadcast_rank(self.ctx, &[a, b]);
            return Ok(array(self.ctx, elem, rank, ArrayLayout::C));
        }
        if !is_number(self.ctx, a) || !is_number(self.ctx, b) {
            return Err(fail(self));
        }
        self.scalar_result(kind, a, b, false)
            .ok_or_else(|| fail(self))
    }

    /// The result of a scalar operator (or of an array operator's elements when `array`).
    fn scalar_result(&mut self, kind: BinOpKind, a: Type, b: Type, array: bool) -> Option<Type> {
        let promoted = if array {
            rules::promote_dtypes(self.ctx, a, b)
        } else {
            rules::promote_scalars(self.ctx, a, b)
        };
        let both_bool = is_bool(self.ctx, a) && is_bool(self.ctx, b);
        let integral = !is_float(self.ctx, promoted)
            && !matches!(self.ctx.type_kind(promoted), TypeKind::Complex(_));
        use BinOpKind::*;
        Some(match kind {
            TrueDiv => rules::float_result(self.ctx, promoted),
            BitAnd | BitOr | BitXor if both_bool => a,
            // NumPy has no boolean loops for these: booleans compute as int8.
            FloorDiv | Mod | Pow | LShift | RShift if array && both_bool => self.ctx.int_type(8),
            LShift | RShift | BitAnd | BitOr | BitXor => {
                if !integral {
                    return None;
                }
                promoted
            }
            FloorDiv | Mod if matches!(self.ctx.type_kind(promoted), TypeKind::Complex(_)) => {
                return None
            }
            Add | Mul if array && both_bool => a,
            _ => promoted,
        })
    }

    fn unaryop(&mut self, op: OpId, a: Type) -> TResult<Type> {
        let kind = py::unaryop::OP.of(self.ctx, op);
        let elem = array_parts(self.ctx, a).map_or(a, |(e, _, _)| e);
        if !is_number(self.ctx, elem) {
            return Err(error(
                self.ctx,
                op,
                format!(
                    "unsupported operand type for unary {kind}: {}",
                    self.show(a)
                ),
            ));
        }
        Ok(match kind {
            UnaryOpKind::Not if is_array(self.ctx, a) => {
                return Err(
                    error(self.ctx, op, "the truth value of an array is ambiguous")
                        .with_note("use np.logical_not(a) or ~a"),
                )
            }
            UnaryOpKind::Not => self.ctx.i1(),
            UnaryOpKind::Invert if is_float(self.ctx, elem) => {
                return Err(error(
                    self.ctx,
                    op,
                    format!("bad operand type for unary ~: {}", self.show(a)),
                ))
            }
            UnaryOpKind::Neg | UnaryOpKind::Pos if is_bool(self.ctx, a) => self.ctx.i64(),
            UnaryOpKind::Neg if is_bool(self.ctx, elem) => {
                return Err(error(
                    self.ctx,
                    op,
                    "The numpy boolean negative, the `-` operator, is not supported, use the \
                     `~` operator or the logical_not function instead.",
                ))
            }
            UnaryOpKind::Pos if is_bool(self.ctx, elem) => {
                return Err(error(
                    self.ctx,
                    op,
                    format!("ufunc 'positive' has no loop for {}", self.show(a)),
                ))
            }
            // A ufunc of an array (`~v`, `-v` of a view too) is a new C-contiguous array.
            _ => match array_parts(self.ctx, a) {
                Some((e, rank, _)) => array(self.ctx, e, rank, ArrayLayout::C),
                None => a,
            },
        })
    }

    fn compare(&mut self, op: OpId, a: Type, b: Type) -> TResult<Type> {
        let kind = py::compare::OP.of(self.ctx, op);
        let i1 = self.ctx.i1();
        if let Some(decided) = strings::compare(self.ctx, kind, a, b) {
            return decided.map(|_| i1).map_err(|m| error(self.ctx, op, m));
        }
        let is_container = |t: Type| {
            matches!(
                self.ctx.type_kind(t),
                TypeKind::PySet(_) | TypeKind::PyDict(..)
            )
        };
        if is_container(b)
            || (is_container(a) && !matches!(kind, CompareKind::Is | CompareKind::IsNot))
        {
            return self.container_compare(op, kind, a, b);
        }
        match kind {
            CompareKind::Is | CompareKind::IsNot => return Ok(i1),
            CompareKind::In | CompareKind::NotIn
                if matches!(self.ctx.type_kind(b), TypeKind::PyList(e) if is_number(self.ctx, *e))
                    && is_number(self.ctx, a) =>
            {
                return Ok(i1)
            }
            CompareKind::In | CompareKind::NotIn => {
                return Err(error(
                    self.ctx,
                    op,
                    "`in` is not supported in compiled code",
                ))
            }
            _ => {}
        }
        let ok = |s: &Self, t: Type| {
            is_number(s.ctx, t)
                || array_parts(s.ctx, t).is_some_and(|(e, _, _)| is_number(s.ctx, e))
        };
        if !ok(self, a) || !ok(self, b) {
            return Err(error(
                self.ctx,
                op,
                format!("cannot compare {} and {}", self.show(a), self.show(b)),
            ));
        }
        let complex = |t: Type| {
            let elem = array_parts(self.ctx, t).map_or(t, |(e, _, _)| e);
            rules::is_complex(self.ctx, elem)
        };
        if (complex(a) || complex(b)) && !matches!(kind, CompareKind::Eq | CompareKind::Ne) {
            let symbol = match kind {
                CompareKind::Lt => "<",
                CompareKind::Le => "<=",
                CompareKind::Gt => ">",
                _ => ">=",
            };
            return Err(error(
                self.ctx,
                op,
                format!(
                    "'{symbol}' is not supported between {} and {}",
                    self.show(a),
                    self.show(b)
                ),
            )
            .with_note("complex numbers are not ordered; compare abs(z) or z.real"));
        }
        let rank = rules::broadcast_rank(self.ctx, &[a, b]);
        Ok(array(self.ctx, i1, rank, ArrayLayout::C))
    }

    /// A value tested for truth (`if x:`, `while x:`) must be a scalar.
    fn check_truthy(&self, op: OpId, t: Type) -> TResult<()> {
        if is_number(self.ctx, t) || self.is_unknown(t) {
            Ok(())
        } else if is_array(self.ctx, t) {
            Err(
                error(self.ctx, op, "the truth value of an array is ambiguous")
                    .with_note("use a.any() or a.all(), or compare elements one by one"),
            )
        } else {
            Err(error(
                self.ctx,
                op,
                format!("cannot test the truth of {}", self.show(t)),
            ))
        }
    }

    // ----- structured control flow -----

    /// Terminators of `block` that belong to the enclosing construct: its own terminator and,
    /// through nested `py.if`s (not nested loops), `break`/`continue` (ops `exit`).
    fn exits(&self, block: BlockId, exit: &OpDef, out: &mut Vec<OpId>) {
        for op in self.ctx.block_ops(block) {
            if self.ctx.is_op(*op, exit) {
                out.push(*op);
            }
            if self.ctx.is_op(*op, &py::IF) {
                for r in self.ctx.regions(*op) {
                    self.exits(self.ctx.entry_block(*r), exit, out);
                }
            }
        }
    }

    fn operand_types(&self, op: OpId, skip: usize) -> Vec<Type> {
        self.ctx.operands(op)[skip..]
            .iter()
            .map(|v| self.ty(*v))
            .collect()
    }

    /// Join a list of type rows (one per incoming edge) column by column.
    fn join(&mut self, at: OpId, rows: &[Vec<Type>], what: &str) -> TResult<Vec<Type>> {
        let object = self.object();
        let mut out: Vec<Option<Type>> = vec![None; rows.first().map_or(0, |r| r.len())];
        for row in rows {
            for (i, (slot, t)) in out.iter_mut().zip(row).enumerate() {
                if *t == object {
                    continue;
                }
                *slot = Some(match *slot {
                    None => *t,
                    Some(prev) => unify(self.ctx, prev, *t).ok_or_else(|| {
                        let variable = self.variable_name(at, i).map_or("a variable".to_string(), |n| format!("variable `{n}`"));
                        if let (Some(x), Some(y)) = (strings::literal(self.ctx, prev), strings::literal(self.ctx, *t)) {
                            return error(self.ctx, at, strings::not_constant(&variable, x, y));
                        }
                        error(self.ctx, at, format!("{variable} {what} changes type from {} to {}", display(self.ctx, prev), display(self.ctx, *t)))
                            .with_note("Blackbird, like Numba, gives each variable one type; unify the types or use another variable")
                    })?,
                });
            }
        }
        Ok(out.into_iter().map(|t| t.unwrap_or(object)).collect())
    }

    /// Numba's error for a write (`op`) into read-only array `target` (a read-only NumPy array
    /// passed as an argument, or a view of one).
    pub(crate) fn readonly_write(&self, op: OpId, target: Value) -> Diagnostic {
        let d = error(
            self.ctx,
            op,
            format!("Cannot modify readonly array of type: {}", self.show(self.ty(target))),
        )
        .with_note("a read-only NumPy array (`flags.writeable` is False) and its views are typed read-only: compiled code may not write into them");
        self.argument_note(d, target)
    }

    /// `d`, with a note naming the argument and its type where `v` is a parameter of the
    /// function being typed (as the caller passed it: `f(3)` where `f` indexes an array).
    fn argument_note(&self, d: Diagnostic, v: Value) -> Diagnostic {
        let ValueDef::BlockArg { block, index } = self.ctx.value_def(v) else {
            return d;
        };
        let function = self.ctx.block_parent_op(block);
        let Some(f) = function.filter(|f| self.ctx.is_op(*f, &py::FUNC)) else {
            return d;
        };
        match py::func::ARG_NAMES
            .get(self.ctx, f)
            .and_then(|names| names.into_iter().nth(index))
        {
            Some(name) => d.with_note(format!("argument `{name}` is {}", self.show(self.ty(v)))),
            None => d,
        }
    }

    /// The Python name of result `i` of a `py.if`/`py.for`/`py.while` (its `names` attribute).
    fn variable_name(&self, op: OpId, i: usize) -> Option<String> {
        let names = if self.ctx.is_op(op, &py::FOR) {
            py::for_::NAMES
        } else if self.ctx.is_op(op, &py::WHILE) {
            py::while_::NAMES
        } else {
            py::if_::NAMES
        };
        names.get(self.ctx, op)?.into_iter().nth(i)
    }

    fn set_args(&mut self, block: BlockId, skip: usize, types: &[Type]) {
        let args = self.ctx.block_args(block)[skip..].to_vec();
        for (a, t) in args.into_iter().zip(types) {
            self.ctx.set_value_type(a, *t);
        }
    }

    fn if_op(&mut self, op: OpId) -> TResult<()> {
        let condition = self.ctx.operand(op, 0);
        let cond = self.ty(condition);
        self.check_truthy(op, cond)?;
        if let Some(taken) = self.known_truth(condition) {
            return self.pruned_if(op, taken);
        }
        let mut rows = vec![];
        for r in self.ctx.regions(op).to_vec() {
            let block = self.ctx.entry_block(r);
            self.type_block(block)?;
            if let Some(t) = self.final_yield(block) {
                rows.push(self.operand_types(t, 0));
            }
        }
        let joined = self.join(op, &rows, "assigned in this `if`")?;
        for (i, t) in joined.into_iter().enumerate() {
            self.set(op, i, t);
        }
        Ok(())
    }

    /// An `if` whose condition the types decide (`w is None`, `a.ndim == 2`): only the
    /// branch taken is typed, and its ops replace the `if` (Numba prunes such branches too),
    /// so that the other may hold code that does not type for these arguments. A branch that
    /// leaves (`return`) takes the rest of the block with it.
    fn pruned_if(&mut self, op: OpId, taken: bool) -> TResult<()> {
        let block = self
            .ctx
            .entry_block(self.ctx.region(op, usize::from(!taken)));
        self.type_block(block)?;
        let end = self.ctx.last_op(block);
        let yielded = end.filter(|t| self.ctx.is_op(*t, &py::YIELD));
        for inner in self.ctx.block_ops(block).to_vec() {
            if Some(inner) != yielded {
                self.ctx.move_op_before(inner, op);
            }
        }
        match yielded {
            Some(y) => {
                let values = self.ctx.operands(y).to_vec();
                for (i, v) in values.into_iter().enumerate() {
                    let r = self.ctx.result(op, i);
                    self.ctx.replace_all_uses(r, v);
                }
                self.ctx.erase_op(op);
            }
            None => {
                // What follows (the `if` first) never runs: erased last to first, each op
                // after the ops using its results.
                let mut dead = vec![];
                let mut next = Some(op);
                while let Some(d) = next {
                    dead.push(d);
                    next = self.ctx.next_op(d);
                }
                for d in dead.into_iter().rev() {
                    self.ctx.erase_op(d);
                }
            }
        }
        Ok(())
    }

    /// Whether `v`, a condition, is known from the types alone: `x is None` (and `is not`)
    /// where `x`'s type says, comparisons of integer constants and array ranks (`a.ndim`),
    /// `not` of those.
    fn known_truth(&self, v: Value) -> Option<bool> {
        self.known_int(v).map(|i| i != 0)
    }

    /// The integer (or bool) value of `v` when the types decide it (see
    /// [`Self::known_truth`]).
    fn known_int(&self, v: Value) -> Option<i64> {
        let op = self.ctx.defining_op(v)?;
        if self.ctx.is_op(op, &py::CONSTANT) {
            return match py::constant::VALUE.get(self.ctx, op)? {
                AttrKind::Int(i, _) => Some(i),
                AttrKind::Bool(b) => Some(i64::from(b)),
                _ => None,
            };
        }
        if self.ctx.is_op(op, &py::GETATTR)
            && py::getattr::NAME.get(self.ctx, op).as_deref() == Some("ndim")
        {
            let (_, rank, _) = array_parts(self.ctx, self.ty(self.ctx.operand(op, 0)))?;
            return Some(i64::from(rank));
        }
        if self.ctx.is_op(op, &py::UNARYOP)
            && py::unaryop::OP.get(self.ctx, op) == Some(UnaryOpKind::Not)
        {
            return self
                .known_int(self.ctx.operand(op, 0))
                .map(|i| i64::from(i == 0));
        }
        if self.ctx.is_op(op, &py::UNARYOP)
            && py::unaryop::OP.get(self.ctx, op) == Some(UnaryOpKind::Neg)
        {
            return self.known_int(self.ctx.operand(op, 0))?.checked_neg();
        }
        if self.ctx.is_op(op, &py::CALL_BUILTIN) {
            let name = py::call_builtin::NAME.get(self.ctx, op)?;
            let x = self.ty(*self.ctx.operands(op).first()?);
            if name == "isinstance" {
                return crate::library::builtins::isinstance_holds(self.ctx, op, x).map(i64::from);
            }
            return crate::library::builtins::type_test(self.ctx, &name, x).map(i64::from);
        }
        if !self.ctx.is_op(op, &py::COMPARE) {
            return None;
        }
        let (a, b) = (self.ctx.operand(op, 0), self.ctx.operand(op, 1));
        let kind = py::compare::OP.get(self.ctx, op)?;
        if let Some(Ok(decided)) = strings::compare(self.ctx, kind, self.ty(a), self.ty(b)) {
            return Some(i64::from(decided));
        }
        if let CompareKind::Is | CompareKind::IsNot = kind {
            let none = |v: Value| match self.ctx.type_kind(self.ty(v)) {
                TypeKind::None => Some(true),
                TypeKind::PyObject => None,
                _ => Some(false),
            };
            let (a_none, b_none) = (none(a)?, none(b)?);
            // Two values of other types are not known to be one object.
            let same = match (a_none, b_none) {
                (true, true) => true,
                (false, false) => return None,
                _ => false,
            };
            return Some(i64::from(same == (kind == CompareKind::Is)));
        }
        let (x, y) = (self.known_int(a)?, self.known_int(b)?);
        let holds = match kind {
            CompareKind::Eq => x == y,
            CompareKind::Ne => x != y,
            CompareKind::Lt => x < y,
            CompareKind::Le => x <= y,
            CompareKind::Gt => x > y,
            CompareKind::Ge => x >= y,
            _ => return None,
        };
        Some(i64::from(holds))
    }

    fn for_op(&mut self, op: OpId) -> TResult<()> {
        let iterable = self.ty(self.ctx.operand(op, 0));
        let item = self.item_type(op, iterable)?;
        let body = self.ctx.entry_block(self.ctx.region(op, 0));
        let item_arg = self.ctx.block_args(body)[0];
        self.ctx.set_value_type(item_arg, item);
        let mut carried = self.operand_types(op, 1);
        for _ in 0..8 {
            self.set_args(body, 1, &carried);
            self.type_block(body)?;
            let mut next = self.join_back_edges(op, body, &carried)?;
            if next == carried {
                next = self.unknown_from_breaks(op, body, &carried)?;
                if next == carried {
                    return self.loop_results(op, body, carried);
                }
            }
            carried = next;
        }
        Err(error(
            self.ctx,
            op,
            "the types of this loop's variables do not settle",
        ))
    }

    /// The block's own `py.yield`, if it ends with one.
    fn final_yield(&self, block: BlockId) -> Option<OpId> {
        self.ctx
            .last_op(block)
            .filter(|t| self.ctx.is_op(*t, &py::YIELD))
    }

    /// The carried types joined with what every back edge of a loop body passes: its
    /// `continue`s and its final `py.yield`.
    fn join_back_edges(&mut self, op: OpId, body: BlockId, carried: &[Type]) -> TResult<Vec<Type>> {
        let mut edges = vec![];
        self.exits(body, &py::CONTINUE, &mut edges);
        edges.extend(self.final_yield(body));
        let mut rows = vec![carried.to_vec()];
        rows.extend(edges.iter().map(|e| self.operand_types(*e, 0)));
        self.join(op, &rows, "carried by this loop")
    }

    /// The carried types, those still unknown taken from what the loop's `break`s pass: a
    /// variable first assigned just before a `break` is never carried defined to the next
    /// iteration, but its placeholder (`py.undef`) needs the type it leaves the loop with.
    fn unknown_from_breaks(
        &mut self,
        op: OpId,
        body: BlockId,
        carried: &[Type],
    ) -> TResult<Vec<Type>> {
        let unknown = |inf: &Self, t: Type| {
            inf.is_unknown(t) || matches!(inf.ctx.type_kind(t), TypeKind::PyUndefined)
        };
        if !carried.iter().any(|t| unknown(self, *t)) {
            return Ok(carried.to_vec());
        }
        let mut breaks = vec![];
        self.exits(body, &py::BREAK, &mut breaks);
        let mut rows = vec![carried.to_vec()];
        rows.extend(breaks.iter().map(|b| self.operand_types(*b, 0)));
        let left = self.join(op, &rows, "carried by this loop")?;
        Ok(carried
            .iter()
            .zip(left)
            .map(|(c, l)| if unknown(self, *c) { l } else { *c })
            .collect())
    }

    /// Loop results: the carried types joined with the values `break` passes.
    fn loop_results(&mut self, op: OpId, body: BlockId, carried: Vec<Type>) -> TResult<()> {
        let mut breaks = vec![];
        self.exits(body, &py::BREAK, &mut breaks);
        let mut rows = vec![carried];
        rows.extend(breaks.iter().map(|b| self.operand_types(*b, 0)));
        let results = self.join(op, &rows, "carried by this loop")?;
        for (i, t) in results.into_iter().enumerate() {
            self.set(op, i, t);
        }
        Ok(())
    }

    pub(crate) fn item_type(&mut self, op: OpId, iterable: Type) -> TResult<Type> {
        match self.ctx.type_kind(iterable).clone() {
            TypeKind::PyIter(item) => Ok(item),
            TypeKind::PyArray {
                elem,
                rank,
                layout,
                readonly,
            } => {
                let layout = if layout == ArrayLayout::C {
                    ArrayLayout::C
                } else {
                    ArrayLayout::A
                };
                // The rows of a read-only array are read-only views.
                let row = array(self.ctx, elem, rank - 1, layout);
                Ok(rules::readonly_if(self.ctx, row, readonly))
            }
            TypeKind::PyList(elem) => Ok(elem),
            TypeKind::PyDict(key, _) | TypeKind::PySet(key) if !self.is_unknown(key) => Ok(key),
            TypeKind::Tuple(elems) if !elems.is_empty() && elems.iter().all(|e| *e == elems[0]) => {
                Ok(elems[0])
            }
            _ => {
                let d = error(
                    self.ctx,
                    op,
                    format!("cannot iterate over {}", self.show(iterable)),
                );
                Err(self.argument_note(d, self.ctx.operand(op, 0)))
            }
        }
    }

    fn while_op(&mut self, op: OpId) -> TResult<()> {
        let before = self.ctx.entry_block(self.ctx.region(op, 0));
        let after = self.ctx.entry_block(self.ctx.region(op, 1));
        let mut carried = self.operand_types(op, 0);
        for _ in 0..8 {
            self.set_args(before, 0, &carried);
            self.type_block(before)?;
            let cond = *self
                .ctx
                .block_ops(before)
                .last()
                .expect("py.while's condition region ends with py.condition");
            self.check_truthy(cond, self.ty(self.ctx.operand(cond, 0)))?;
            let passed = self.operand_types(cond, 1);
            self.set_args(after, 0, &passed);
            self.type_block(after)?;
            let mut next = self.join_back_edges(op, after, &carried)?;
            if next == carried {
                next = self.unknown_from_breaks(op, after, &carried)?;
                if next == carried {
                    return self.loop_results(op, after, passed);
                }
            }
            carried = next;
        }
        Err(error(
            self.ctx,
            op,
            "the types of this loop's variables do not settle",
        ))
    }

    // ----- attributes and subscripts -----

    fn getattr(&mut self, op: OpId, t: Type) -> TResult<Type> {
        let name = py::getattr::NAME.of(self.ctx, op);
        if let TypeKind::Complex(part) = *self.ctx.type_kind(t) {
            if matches!(name.as_str(), "real" | "imag") {
                return Ok(part);
            }
        }
        let Some((elem, rank, layout)) = array_parts(self.ctx, t) else {
            let d = error(
                self.ctx,
                op,
                format!("{} has no attribute `{name}`", self.show(t)),
            );
            return Err(self.argument_note(d, self.ctx.operand(op, 0)));
        };
        let i64t = self.ctx.i64();
        Ok(match name.as_str() {
            "shape" | "strides" => self
                .ctx
                .intern_type(TypeKind::Tuple(vec![i64t; rank as usize])),
            "ndim" | "size" => i64t,
            "T" => {
                let l = match layout {
                    ArrayLayout::C if rank > 1 => ArrayLayout::F,
                    ArrayLayout::F if rank > 1 => ArrayLayout::C,
                    l => l,
                };
                let transposed = array(self.ctx, elem, rank, l);
                rules::readonly_if(self.ctx, transposed, rules::is_readonly(self.ctx, t))
            }
            "dtype" => self.ctx.intern_type(TypeKind::PyDType(elem)),
            other => {
                return Err(error(
                    self.ctx,
                    op,
                    format!(
                        "attribute `{other}` of {} is not supported yet",
                        self.show(t)
                    ),
                ))
            }
        })
    }

    /// The type `obj[indices]` reads (and `obj[indices] = v` writes).
    fn getitem(&mut self, op: OpId, operands: &[Value]) -> TResult<Type> {
        let obj = self.ty(operands[0]);
        let indices = &operands[1..];
        if let Some(fancy) = self.fancy_getitem(op, obj, indices) {
            return fancy;
        }
        match self.ctx.type_kind(obj).clone() {
            TypeKind::PyArray {
                elem,
                rank,
                layout,
                readonly,
            } => {
                let (mut ints, mut slices, mut news) = (0u32, 0u32, 0u32);
                for v in indices {
                    let t = self.ty(*v);
                    match self.ctx.type_kind(t) {
                        TypeKind::Int { width, .. } if *width > 1 => ints += 1,
                        TypeKind::PySlice => slices += 1,
                        TypeKind::None => news += 1,
                        _ => {
                            return Err(error(self.ctx, op, format!("cannot index {} with {}", self.show(obj), self.show(t)))
                                .with_note("indices are integers, slices, None (np.newaxis), or one integer or boolean array"))
                        }
                    }
                }
                if ints + slices > rank {
                    return Err(error(self.ctx, op, format!(
                        "too many indices for array: array is {rank}-dimensional, but {} were indexed",
                        ints + slices
                    )));
                }
                let result_rank = rank - ints + news;
                let leading_ints = indices
                    .iter()
                    .take_while(|v| is_int(self.ctx, self.ty(**v)))
                    .count() as u32;
                let keeps_c =
                    layout == ArrayLayout::C && slices == 0 && news == 0 && leading_ints == ints;
                let view = array(
                    self.ctx,
                    elem,
                    result_rank,
                    if keeps_c {
                        ArrayLayout::C
                    } else {
                        ArrayLayout::A
                    },
                );
                // A view of a read-only array is read-only.
                Ok(rules::readonly_if(self.ctx, view, readonly))
            }
            TypeKind::Tuple(elems) => {
                let [index] = indices else {
                    return Err(error(self.ctx, op, "a tuple takes one index"));
                };
                let Some(i) = py::int_constant(self.ctx, *index) else {
                    return Err(error(
                        self.ctx,
                        op,
                        "tuple indices must be integer constants",
                    ));
                };
                let n = elems.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if !(0..n).contains(&j) {
                    return Err(error(
                        self.ctx,
                        op,
                        format!("tuple index {i} out of range for a tuple of {n}"),
                    ));
                }
                Ok(elems[j as usize])
            }
            TypeKind::PyDict(_, value) => {
                let key = self.subscript_key(indices);
                self.check_key(op, obj, key)?;
                Ok(value)
            }
            TypeKind::PyList(elem) => match indices {
                [i] if is_int(self.ctx, self.ty(*i)) => Ok(elem),
                // A slice of a list is a new list.
                [i] if matches!(self.ctx.type_kind(self.ty(*i)), TypeKind::PySlice) => Ok(obj),
                _ => Err(error(
                    self.ctx,
                    op,
                    "lists take one integer index or a slice",
                )),
            },
            _ => {
                let d = error(
                    self.ctx,
                    op,
                    format!("{} is not subscriptable", self.show(obj)),
                );
                Err(self.argument_note(d, operands[0]))
            }
        }
    }

    fn setitem(&mut self, op: OpId, operands: &[Value]) -> TResult<()> {
        let value = self.ty(operands[0]);
        let target = self.ctx.operand(op, 1);
        if matches!(self.ctx.type_kind(self.ty(target)), TypeKind::Tuple(_)) {
            return Err(error(self.ctx, op, "tuples are immutable"));
        }
        if rules::is_readonly(self.ctx, self.ty(target)) {
            return Err(self.readonly_write(op, target));
        }
        if matches!(self.ctx.type_kind(self.ty(target)), TypeKind::PyList(_)) {
            return self.list_setitem(op, operands);
        }
        if matches!(self.ctx.type_kind(self.ty(target)), TypeKind::PyDict(..)) {
            let key = self.subscript_key(&operands[2..]);
            return self.container_store(op, target, key, Some(value));
        }
        let slot = self.getitem(op, &operands[1..])?;
        let slot_elem = array_parts(self.ctx, slot).map_or(slot, |(e, _, _)| e);
        let value_elem = array_parts(self.ctx, value).map_or(value, |(e, _, _)| e);
        if !is_number(self.ctx, value_elem) || !is_number(self.ctx, slot_elem) {
            return Err(error(
                self.ctx,
                op,
                format!("cannot store {} into {}", self.show(value), self.show(slot)),
            ));
        }
        if !is_array(self.ctx, slot) && is_array(self.ctx, value) {
            return Err(error(
                self.ctx,
                op,
                format!(
                    "cannot store {} into one element of type {}",
                    self.show(value),
                    self.show(slot)
                ),
            ));
        }
        if let (Some((_, vr, _)), Some((_, sr, _))) =
            (array_parts(self.ctx, value), array_parts(self.ctx, slot))
        {
            if vr > sr {
                return Err(error(
                    self.ctx,
                    op,
                    format!(
                        "cannot broadcast {} into {}",
                        self.show(value),
                        self.show(slot)
                    ),
                ));
            }
        }
        Ok(())
    }

    // ----- explicit conversions -----

    /// Insert `py.cast` wherever a value flows into a slot of another type (loop entries and
    /// back edges, branch results, returns).
    fn materialize_casts(&mut self, func_op: OpId, result: Option<Type>) -> TResult<()> {
        for op in self.ctx.walk_preorder(func_op) {
            let Some((targets, skip)) = self.flow_targets(op, result) else {
                continue;
            };
            for (i, target) in targets.into_iter().enumerate() {
                let index = i + skip;
                if index >= self.ctx.operands(op).len() {
                    break;
                }
                let v = self.ctx.operand(op, index);
                let undef = self
                    .ctx
                    .defining_op(v)
                    .filter(|d| self.ctx.is_op(*d, &py::UNDEF));
                if let (Some(undef), true) = (undef, self.ty(v) != target) {
                    // A variable not assigned yet: its placeholder takes the slot's type.
                    let typed = self.ctx.create_op(
                        OperationState::new(&py::UNDEF, self.ctx.loc(undef).clone())
                            .results(&[target]),
                    );
                    self.ctx.insert_op_before(op, typed);
                    let r = self.ctx.result(typed, 0);
                    self.ctx.set_operand(op, index, r);
                    if !self.ctx.has_uses(v) {
                        self.ctx.erase_op(undef);
                    }
                } else if self.ty(v) != target {
                    let cast = self.ctx.create_op(
                        OperationState::new(&py::CAST, self.ctx.loc(op).clone())
                            .operands(&[v])
                            .results(&[target]),
                    );
                    self.ctx.insert_op_before(op, cast);
                    let r = self.ctx.result(cast, 0);
                    self.ctx.set_operand(op, index, r);
                }
            }
        }
        Ok(())
    }

    /// The types of the slots the values `op` passes on flow into (a loop's carried variables,
    /// an `if`'s or a loop's results, the function's result) and the index of its first
    /// operand passed on; `None` for ops that pass nothing on (or a `continue` outside loops).
    fn flow_targets(&self, op: OpId, result: Option<Type>) -> Option<(Vec<Type>, usize)> {
        let ctx = &*self.ctx;
        // A loop's carried variables (after `py.for`'s item).
        let carried =
            |l: OpId| self.block_arg_types(ctx.region(l, 0), usize::from(ctx.is_op(l, &py::FOR)));
        let results = |o: OpId| ctx.results(o).iter().map(|v| ctx.value_type(*v)).collect();
        Some(if ctx.is_op(op, &py::FOR) {
            (carried(op), 1)
        } else if ctx.is_op(op, &py::WHILE) {
            (carried(op), 0)
        } else if ctx.is_op(op, &py::RETURN) {
            (result.into_iter().collect(), 0)
        } else if ctx.is_op(op, &py::YIELD) {
            let parent = ctx.parent_op(op).expect("terminators have parents");
            if ctx.is_op(parent, &py::IF) {
                (results(parent), 0)
            } else {
                (carried(parent), 0)
            }
        } else if ctx.is_op(op, &py::CONTINUE) {
            (carried(self.enclosing_loop(op)?), 0)
        } else if ctx.is_op(op, &py::BREAK) {
            (results(self.enclosing_loop(op)?), 0)
        } else if ctx.is_op(op, &py::CONDITION) {
            (results(self.enclosing_loop(op)?), 1)
        } else {
            return None;
        })
    }

    fn block_arg_types(&self, region: RegionId, skip: usize) -> Vec<Type> {
        let block = self.ctx.entry_block(region);
        self.ctx.block_args(block)[skip..]
            .iter()
            .map(|v| self.ctx.value_type(*v))
            .collect()
    }

    fn enclosing_loop(&self, op: OpId) -> Option<OpId> {
        let mut p = self.ctx.parent_op(op);
        while let Some(o) = p {
            if self.ctx.is_op(o, &py::FOR) || self.ctx.is_op(o, &py::WHILE) {
                return Some(o);
            }
            p = self.ctx.parent_op(o);
        }
        None
    }
}

/// Convert the typed function's return values to a declared result type (an eager signature's
/// `float32(...)`), as Numba does; numbers convert, other mismatches are errors.
pub fn apply_declared_result(
    ctx: &mut Context,
    func_op: OpId,
    declared: Option<Type>,
) -> TResult<()> {
    let (inputs, results) =
        func::function_signature(ctx, func_op).expect("typed functions have a type");
    let object = ctx.intern_type(TypeKind::PyObject);
    let declared = match declared {
        Some(t) if t == object => return Ok(()),
        d => d,
    };
    if results.first().copied() == declared {
        return Ok(());
    }
    let inferred = results.first().copied();
    let to_any_layout =
        |ctx: &Context, a: Type, b: Type| match (array_parts(ctx, a), array_parts(ctx, b)) {
            (Some((ea, ra, _)), Some((eb, rb, lb))) => ea == eb && ra == rb && lb == ArrayLayout::A,
            _ => false,
        };
    let convertible = matches!((inferred, declared), (Some(a), Some(b)) if (is_number(ctx, a) && is_number(ctx, b)) || to_any_layout(ctx, a, b));
    let none_ok = matches!((inferred, declared), (None, None));
    if !convertible && !none_ok {
        let show = |t: Option<Type>| t.map_or("none".to_string(), |t| display(ctx, t));
        return Err(error(
            ctx,
            func_op,
            format!(
                "the function returns {} but its signature declares {}",
                show(inferred),
                show(declared)
            ),
        ));
    }
    for op in ctx.walk_preorder(func_op) {
        if ctx.is_op(op, &py::RETURN) && !ctx.operands(op).is_empty() {
            let v = ctx.operand(op, 0);
            let cast = ctx.create_op(
                OperationState::new(&py::CAST, ctx.loc(op).clone())
                    .operands(&[v])
                    .results(declared.as_slice()),
            );
            ctx.insert_op_before(op, cast);
            let r = ctx.result(cast, 0);
            ctx.set_operand(op, 0, r);
        }
    }
    let fn_ty = ctx.function_type(&inputs, declared.as_slice());
    py::func::FUNCTION_TYPE.set(ctx, func_op, FunctionType(fn_ty));
    Ok(())
}

/// NumPy's name of the ufunc behind a binary operator (`add` for `+`).
fn ufunc_name(kind: BinOpKind) -> &'static str {
    match kind {
        BinOpKind::Sub => "subtract",
        BinOpKind::Mul => "multiply",
        BinOpKind::TrueDiv => "divide",
        BinOpKind::FloorDiv => "floor_divide",
        BinOpKind::Mod => "remainder",
        BinOpKind::Pow => "power",
        BinOpKind::LShift => "left_shift",
        BinOpKind::RShift => "right_shift",
        BinOpKind::BitAnd => "bitwise_and",
        BinOpKind::BitOr => "bitwise_or",
        BinOpKind::BitXor => "bitwise_xor",
        other => other.as_str(),
    }
}

/// An error inside a NumPy prelude function (see [`crate::library::prelude`]; the random
/// prelude's too) reported at the user's call of it, which is where the user can act: the
/// function named (a `Generator` method as `Generator.NAME`), the prelude's line in a note.
fn at_prelude_call(e: Diagnostic, callee: &str, call: &Location) -> Diagnostic {
    use crate::library::prelude::{GENERATOR_METHOD_PREFIX, NUMPY_FILE, RANDOM_FILE};
    let in_prelude = |loc: &Location| {
        let at = loc.to_string();
        at.starts_with(NUMPY_FILE) || at.starts_with(RANDOM_FILE)
    };
    if !in_prelude(&e.loc) || in_prelude(call) {
        return e;
    }
    let method = callee
        .strip_prefix("np.random.")
        .and_then(|name| name.strip_prefix(GENERATOR_METHOD_PREFIX))
        .map(|name| format!("Generator.{name}"));
    let callee = method.as_deref().unwrap_or(callee);
    let mut relocated = Diagnostic::error(call.clone(), format!("{callee}(): {}", e.message));
    // An invalid option string is the call's own error: the prelude's line would not help.
    if !strings::is_option_error(&e.message) {
        relocated = relocated.with_note(format!(
            "raised by the NumPy prelude's {callee}, at {}",
            e.loc
        ));
    }
    relocated.notes.extend(e.notes);
    relocated
}
