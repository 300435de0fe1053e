//! The typing of each `py` op ([`TYPINGS`], which [`Inference::type_op`] dispatches on), and
//! the typings of the ops too small for a method of their own elsewhere.

use blackbird_dialects::ir::{AttrKind, OpDef, OpId, Symbol, Type, TypeKind, Value};
use blackbird_dialects::{func, py};

use super::rules::{array_parts, is_bool, is_int};
use super::{at_prelude_call, builtins, error, Inference, TResult};

/// How one `py` op is typed: its results' types set from its operands' (given with their
/// types).
type Typing = fn(&mut Inference<'_>, OpId, &[Value], &[Type]) -> TResult<()>;

/// Ops with nothing to type: terminators (their operands are typed where they are defined;
/// [`Inference::materialize_casts`] converts them) and casts (typed when made).
const UNTYPED: Typing = |_, _, _, _| Ok(());

const TYPINGS: &[(&OpDef, Typing)] = &[
    (&py::CONSTANT, |inf, op, _, _| inf.constant(op)),
    (&py::BINOP, |inf, op, _, t| {
        let r = inf.binop(op, t[0], t[1])?;
        inf.set(op, 0, r);
        Ok(())
    }),
    (&py::UNARYOP, |inf, op, _, t| {
        let r = inf.unaryop(op, t[0])?;
        inf.set(op, 0, r);
        Ok(())
    }),
    (&py::COMPARE, |inf, op, _, t| {
        let r = inf.compare(op, t[0], t[1])?;
        inf.set(op, 0, r);
        Ok(())
    }),
    (&py::IF, |inf, op, _, _| inf.if_op(op)),
    (&py::FOR, |inf, op, _, _| inf.for_op(op)),
    (&py::WHILE, |inf, op, _, _| inf.while_op(op)),
    (&py::YIELD, UNTYPED),
    (&py::BREAK, UNTYPED),
    (&py::CONTINUE, UNTYPED),
    (&py::CONDITION, UNTYPED),
    (&py::UNREACHABLE, UNTYPED),
    // Retyped where it flows (see `Inference::materialize_casts`).
    (&py::UNDEF, |inf, op, _, _| {
        let undefined = inf.ctx.intern_type(TypeKind::PyUndefined);
        inf.set(op, 0, undefined);
        Ok(())
    }),
    (&py::RAISE, UNTYPED),
    (&py::THROW, UNTYPED),
    (&py::RETHROW, UNTYPED),
    (&py::RAISED, |inf, op, _, _| {
        let i1 = inf.ctx.i1();
        inf.set(op, 0, i1);
        Ok(())
    }),
    (&py::CATCH, |inf, op, _, _| {
        let i64 = inf.ctx.i64();
        inf.set(op, 0, i64);
        Ok(())
    }),
    (&py::EXCEPTION_IS, |inf, op, _, _| {
        let i1 = inf.ctx.i1();
        inf.set(op, 0, i1);
        Ok(())
    }),
    (&py::CAST, UNTYPED),
    (&py::RETURN, |inf, _, operands, t| {
        if !operands.is_empty() {
            inf.returns.push(t[0]);
        }
        Ok(())
    }),
    (&py::TUPLE, |inf, op, _, t| {
        let r = inf.ctx.intern_type(TypeKind::Tuple(t.to_vec()));
        inf.set(op, 0, r);
        Ok(())
    }),
    (&py::LIST, |inf, op, _, t| inf.list(op, t)),
    (&py::DICT, |inf, op, _, t| {
        inf.container_literal(op, t, true)
    }),
    (&py::SET, |inf, op, _, t| {
        inf.container_literal(op, t, false)
    }),
    (&py::UNPACK, |inf, op, _, t| inf.unpack(op, t[0])),
    (&py::SLICE, |inf, op, _, t| inf.slice(op, t)),
    (&py::GETATTR, |inf, op, _, t| {
        let r = inf.getattr(op, t[0])?;
        inf.set(op, 0, r);
        Ok(())
    }),
    (&py::GETITEM, |inf, op, operands, _| {
        let r = inf.getitem(op, operands)?;
        inf.set(op, 0, r);
        Ok(())
    }),
    (&py::SETITEM, |inf, op, operands, _| {
        inf.setitem(op, operands)
    }),
    (&py::CALL, |inf, op, _, t| inf.call(op, t)),
    (&py::CALL_BUILTIN, |inf, op, _, _| {
        let r = builtins::call(inf, op)?;
        if !inf.ctx.results(op).is_empty() {
            inf.set(op, 0, r);
        }
        Ok(())
    }),
];

impl Inference<'_> {
    pub(super) fn type_op(&mut self, op: OpId) -> TResult<()> {
        let operands = self.ctx.operands(op).to_vec();
        let structured = [&py::IF, &py::FOR, &py::WHILE];
        let unknown =
            |t: Type| self.is_unknown(t) || matches!(self.ctx.type_kind(t), TypeKind::PyUndefined);
        if operands.iter().any(|v| unknown(self.ty(*v)))
            && !structured.iter().any(|d| self.ctx.is_op(op, d))
        {
            // Downstream of a recursive call whose type is not known yet, or of a variable
            // a loop has not assigned yet when it first types its body: stay unknown.
            let object = self.object();
            for i in 0..self.ctx.results(op).len() {
                self.set(op, i, object);
            }
            if self.ctx.is_op(op, &py::RETURN) {
                self.returns.push(object);
            }
            return Ok(());
        }
        let types: Vec<Type> = operands.iter().map(|v| self.ty(*v)).collect();
        match TYPINGS.iter().find(|(d, _)| self.ctx.is_op(op, d)) {
            Some((_, typing)) => typing(self, op, &operands, &types),
            None => {
                let name = self.ctx.op_name(op);
                Err(error(self.ctx, op, format!("cannot type `{name}`")))
            }
        }
    }

    fn constant(&mut self, op: OpId) -> TResult<()> {
        let t = match py::constant::VALUE.get(self.ctx, op) {
            Some(AttrKind::Int(_, t)) | Some(AttrKind::Float(_, t)) => t,
            Some(AttrKind::Bool(_)) => self.ctx.i1(),
            Some(AttrKind::Type(t)) => self.ctx.intern_type(TypeKind::PyDType(t)),
            Some(AttrKind::Str(s)) => self.ctx.intern_type(TypeKind::PyStr(s)),
            _ => self.ctx.intern_type(TypeKind::None),
        };
        self.set(op, 0, t);
        Ok(())
    }

    fn unpack(&mut self, op: OpId, tuple: Type) -> TResult<()> {
        let n = self.ctx.results(op).len();
        let elems = match self.ctx.type_kind(tuple).clone() {
            TypeKind::Tuple(e) => e,
            _ => {
                return Err(error(
                    self.ctx,
                    op,
                    format!(
                        "cannot unpack {}: only tuples can be unpacked",
                        self.show(tuple)
                    ),
                ))
            }
        };
        if elems.len() != n {
            return Err(error(
                self.ctx,
                op,
                format!(
                    "cannot unpack a tuple of {} values into {n} variables",
                    elems.len()
                ),
            ));
        }
        for (i, t) in elems.into_iter().enumerate() {
            self.set(op, i, t);
        }
        Ok(())
    }

    fn slice(&mut self, op: OpId, types: &[Type]) -> TResult<()> {
        for t in types {
            if !is_int(self.ctx, *t) && !matches!(self.ctx.type_kind(*t), TypeKind::None) {
                return Err(error(
                    self.ctx,
                    op,
                    format!("slice bounds must be integers, found {}", self.show(*t)),
                ));
            }
        }
        let t = self.ctx.intern_type(TypeKind::PySlice);
        self.set(op, 0, t);
        Ok(())
    }

    fn call(&mut self, op: OpId, types: &[Type]) -> TResult<()> {
        // The callee as the program names it: a call typed again (a loop's body while its
        // carried types settle) already names the specialisation it got before.
        let callee = match self.callees.get(&op) {
            Some(name) => name.clone(),
            None => {
                let Symbol(name) = py::call::CALLEE.of(self.ctx, op);
                self.callees.insert(op, name.clone());
                name
            }
        };
        let loc = self.ctx.loc(op).clone();
        if callee.starts_with("np.") {
            self.check_prelude_axis(op, &callee, types)?;
        }
        // A prelude function is specialised on the literal booleans it is passed.
        let literals: Vec<Option<bool>> = if callee.starts_with("np.") {
            let operands = self.ctx.operands(op).to_vec();
            operands
                .iter()
                .zip(types)
                .map(|(v, t)| {
                    is_bool(self.ctx, *t)
                        .then(|| self.known_truth(*v))
                        .flatten()
                })
                .collect()
        } else {
            vec![]
        };
        let (symbol, result) = self
            .specialize(&callee, types, &literals, &loc)
            .map_err(|e| at_prelude_call(e, &callee, &loc))?;
        py::call::CALLEE.set(self.ctx, op, Symbol(symbol));
        if !self.ctx.results(op).is_empty() {
            let t = result.unwrap_or_else(|| self.ctx.intern_type(TypeKind::None));
            self.set(op, 0, t);
        }
        Ok(())
    }

    /// The `axis` argument of a prelude function: a known integer must name an axis of the
    /// first argument (NumPy's AxisError otherwise: the prelude's branches would take any
    /// other integer as the last axis), a float is NumPy's TypeError. An `axis` only known at
    /// run time is the prelude's to check.
    fn check_prelude_axis(&self, op: OpId, callee: &str, types: &[Type]) -> TResult<()> {
        let Some(function) = func::lookup_function(self.ctx, self.source, callee) else {
            return Ok(());
        };
        let names = py::func::ARG_NAMES
            .get(self.ctx, function)
            .unwrap_or_default();
        let Some(position) = names.iter().position(|n| n == "axis") else {
            return Ok(());
        };
        let (Some(&axis_type), Some(array)) = (types.get(position), types.first()) else {
            return Ok(());
        };
        if matches!(self.ctx.type_kind(axis_type), TypeKind::Float(_)) {
            return Err(error(
                self.ctx,
                op,
                "TypeError: 'float' object cannot be interpreted as an integer (axis)",
            ));
        }
        let Some((_, rank, _)) = array_parts(self.ctx, *array) else {
            return Ok(());
        };
        let Some(axis) = self.known_int(self.ctx.operand(op, position)) else {
            return Ok(());
        };
        let rank = i64::from(rank);
        if axis < -rank || axis >= rank {
            return Err(error(
                self.ctx,
                op,
                format!("AxisError: axis {axis} is out of bounds for array of dimension {rank}"),
            ));
        }
        Ok(())
    }
}
