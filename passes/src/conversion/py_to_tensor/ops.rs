//! The per-op lowerings and their table ([`LOWERINGS`], which [`Converter::op`] dispatches
//! on for the driver, [`Converter::ops`]); builtins (`range`, `len`, `min`, `math.*`…) and the
//! library-call dispatch.

use blackbird_dialects::ir::{Attr, AttrKind, OpDef, OpId, Symbol, Type, TypeKind, Value};
use blackbird_dialects::py::{BinOpKind, CompareKind};
use blackbird_dialects::{arith, func, loops, py};

use super::{calls, not_yet, CResult, Converter, L};
use crate::transforms::infer_types::strings;

/// How one `py` op is lowered: into the converter's current block, binding its results.
type Lowering = fn(&mut Converter<'_>, OpId) -> CResult<()>;

/// The lowering of each `py` op but terminators (`py.yield`, `py.return`…: see
/// [`Converter::ops`]) and complex numbers' ops (`complex_op`, tried first).
const LOWERINGS: &[(&OpDef, Lowering)] = &[
    (&py::CONSTANT, |c, op| c.lower_constant(op)),
    (&py::CAST, |c, op| c.lower_cast(op)),
    (&py::UNDEF, |c, op| {
        let t = c.result_type(op);
        let l = c.undefined(op, t)?;
        c.set(op, l);
        Ok(())
    }),
    (&py::BINOP, |c, op| c.lower_binop(op)),
    (&py::UNARYOP, |c, op| c.lower_unaryop(op)),
    (&py::COMPARE, |c, op| c.lower_compare(op)),
    (&py::TUPLE, |c, op| c.lower_tuple(op)),
    (&py::UNPACK, |c, op| c.lower_unpack(op)),
    (&py::LIST, |c, op| c.lower_list(op)),
    (&py::DICT, |c, op| c.lower_container_literal(op)),
    (&py::SET, |c, op| c.lower_container_literal(op)),
    (&py::GETATTR, |c, op| c.lower_getattr(op)),
    (&py::GETITEM, |c, op| c.lower_getitem(op)),
    (&py::SETITEM, |c, op| c.setitem(op)),
    (&py::IF, |c, op| c.if_op(op)),
    (&py::FOR, |c, op| c.for_op(op)),
    (&py::WHILE, |c, op| c.while_op(op)),
    (&py::CALL, |c, op| c.lower_call(op)),
    (&py::CALL_BUILTIN, |c, op| c.lower_call_builtin(op)),
    (&py::SLICE, |c, op| c.lower_slice(op)),
    (&py::RAISED, |c, op| c.lower_raised(op)),
    (&py::THROW, |c, op| c.lower_exception_op(op, &loops::RAISE)),
    (&py::CATCH, |c, op| c.lower_exception_op(op, &loops::CATCH)),
    (&py::EXCEPTION_IS, |c, op| {
        c.lower_exception_op(op, &loops::EXCEPTION_IS)
    }),
    (&py::RETHROW, |c, op| {
        c.lower_exception_op(op, &loops::RETHROW)
    }),
];

impl Converter<'_> {
    pub(super) fn set(&mut self, op: OpId, l: L) {
        let r = self.e.ctx.result(op, 0);
        self.map.insert(r, l);
    }

    pub(crate) fn result_type(&self, op: OpId) -> Type {
        self.e.ctx.value_type(self.e.ctx.result(op, 0))
    }

    /// Lower one `py` op into the current block, binding its results (the driver,
    /// [`Converter::ops`], handles terminators and escaping `if`s).
    pub(super) fn op(&mut self, op: OpId) -> CResult<()> {
        if self.complex_op(op)? {
            return Ok(());
        }
        if let Some((_, lower)) = LOWERINGS.iter().find(|(d, _)| self.e.ctx.is_op(op, d)) {
            return lower(self, op);
        }
        let ctx = &*self.e.ctx;
        Err(if ctx.is_op(op, &py::BREAK) {
            not_yet(ctx, op, "`break` here")
        } else if ctx.is_op(op, &py::CONTINUE) {
            not_yet(ctx, op, "`continue` here")
        } else {
            not_yet(ctx, op, &format!("`{}`", ctx.op_name(op)))
        })
    }

    fn lower_constant(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let l = match py::constant::VALUE.get(self.e.ctx, op) {
            Some(AttrKind::Int(v, t)) => L::V(self.e.const_int(v, t, &loc)),
            Some(AttrKind::Float(bits, t)) => {
                L::V(self.e.const_float(f64::from_bits(bits), t, &loc))
            }
            Some(AttrKind::Bool(b)) => {
                let i1 = self.e.ctx.i1();
                L::V(self.e.const_int(b as i64, i1, &loc))
            }
            Some(AttrKind::Type(_)) => L::DType,
            // A string lives in its type (`!py.str<"…">`): no run-time value.
            _ => L::None,
        };
        self.set(op, l);
        Ok(())
    }

    /// A placeholder of type `t` for a variable not assigned yet (`py.undef`; the program
    /// checks its flag before any use): zeros, and empty arrays.
    fn undefined(&mut self, op: OpId, t: Type) -> CResult<L> {
        let loc = self.e.ctx.loc(op).clone();
        Ok(match self.e.ctx.type_kind(t).clone() {
            TypeKind::Int { .. } | TypeKind::Float(_) => L::V(self.e.zero_of(t, 0.0, &loc)),
            TypeKind::Complex(part) => {
                let zero = self.e.zero_of(part, 0.0, &loc);
                L::Tuple(vec![L::V(zero), L::V(zero)])
            }
            TypeKind::PyArray { rank, .. } => {
                let memref = self.lower_type(op, t)?[0];
                L::V(self.empty_array(memref, rank as usize, &loc))
            }
            TypeKind::Tuple(items) => L::Tuple(
                items
                    .into_iter()
                    .map(|item| self.undefined(op, item))
                    .collect::<CResult<_>>()?,
            ),
            TypeKind::None | TypeKind::PyStr(_) | TypeKind::PyUndefined => L::None,
            _ => {
                return Err(not_yet(
                    self.e.ctx,
                    op,
                    &format!(
                        "a variable of type {} first assigned inside a loop, a `try` or some branches of an `if` and used after it (assign it before)",
                        crate::transforms::infer_types::rules::display(self.e.ctx, t)
                    ),
                ))
            }
        })
    }

    fn lower_cast(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let to = self.result_type(op);
        if self.e.ctx.type_kind(to).is_shaped() {
            // Every array is a fully strided memref: a layout change is no change.
            let l = self.get(self.e.ctx.operand(op, 0));
            self.set(op, l);
            return Ok(());
        }
        let v = self.scalar(op, self.e.ctx.operand(op, 0))?;
        let c = self.e.coerce(v, to, &loc);
        self.set(op, L::V(c));
        Ok(())
    }

    fn lower_binop(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let rt = self.result_type(op);
        // `@` of two vectors is a scalar computed from arrays.
        let kind = py::binop::OP.of(self.e.ctx, op);
        if matches!(self.e.ctx.type_kind(rt), TypeKind::PySet(_)) {
            let s = self.set_binop(op, kind)?;
            self.set(op, L::V(s));
            return Ok(());
        }
        if matches!(self.e.ctx.type_kind(rt), TypeKind::PyList(_)) {
            let l = self.list_binop(op, kind)?;
            self.set(op, L::V(l));
            return Ok(());
        }
        if self.e.ctx.type_kind(rt).is_shaped() || kind == BinOpKind::MatMul {
            let l = self.array_binop(op)?;
            self.set(op, l);
            return Ok(());
        }
        let a = self.scalar(op, self.e.ctx.operand(op, 0))?;
        let b = self.scalar(op, self.e.ctx.operand(op, 1))?;
        let b_const = py::int_constant(self.e.ctx, self.e.ctx.operand(op, 1));
        let numpy = self.numpy_errors;
        let v = self.binop(op, kind.as_str(), a, b, b_const, rt, numpy, &loc)?;
        self.set(op, L::V(v));
        Ok(())
    }

    fn lower_unaryop(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let rt = self.result_type(op);
        let kind = py::unaryop::OP.of(self.e.ctx, op).as_str();
        let v = if self.e.ctx.type_kind(rt).is_shaped() {
            // `-a`, `+a`, `~a` of an array: elementwise (a new array, as NumPy).
            let input = self.get(self.e.ctx.operand(op, 0));
            let elem = self.e.ctx.type_kind(rt).element_type().unwrap_or(rt);
            self.map_arrays(&[input], elem, &loc, &mut |s, xs| {
                Ok(s.unary(kind, xs[0], elem, &loc))
            })?
        } else {
            let a = self.scalar(op, self.e.ctx.operand(op, 0))?;
            self.unary(kind, a, rt, &loc)
        };
        self.set(op, L::V(v));
        Ok(())
    }

    fn lower_compare(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let kind = py::compare::OP.of(self.e.ctx, op);
        if self.e.ctx.type_kind(self.result_type(op)).is_shaped() {
            let inputs = [
                self.get(self.e.ctx.operand(op, 0)),
                self.get(self.e.ctx.operand(op, 1)),
            ];
            let i1 = self.e.ctx.i1();
            let v = self.map_arrays(&inputs, i1, &loc, &mut |s, xs| {
                Ok(s.compare(kind.as_str(), xs[0], xs[1], &loc))
            })?;
            self.set(op, L::V(v));
            return Ok(());
        }
        let (lv, rv) = (self.e.ctx.operand(op, 0), self.e.ctx.operand(op, 1));
        let (lt, rt) = (self.e.ctx.value_type(lv), self.e.ctx.value_type(rv));
        if let Some(Ok(decided)) = strings::compare(self.e.ctx, kind, lt, rt) {
            let i1 = self.e.ctx.i1();
            let v = self.e.const_int(i64::from(decided), i1, &loc);
            self.set(op, L::V(v));
            return Ok(());
        }
        if matches!(kind, CompareKind::Is | CompareKind::IsNot) {
            let same = matches!((self.get(lv), self.get(rv)), (L::None, L::None));
            let i1 = self.e.ctx.i1();
            let v = self
                .e
                .const_int((same == (kind == CompareKind::Is)) as i64, i1, &loc);
            self.set(op, L::V(v));
            return Ok(());
        }
        let container =
            |c: &Self, v: Value| matches!(c.get(v), L::V(x) if super::dicts::is_container(c, x));
        if container(self, rv)
            || (container(self, lv) && !matches!(kind, CompareKind::Is | CompareKind::IsNot))
        {
            let v = self.container_compare(op, kind, lv, rv)?;
            self.set(op, L::V(v));
            return Ok(());
        }
        if let L::V(l) = self.get(rv) {
            if super::lists::is_list(self, l) {
                let x = self.scalar(op, lv)?;
                let v = self.list_contains(l, x, kind == CompareKind::In, &loc);
                self.set(op, L::V(v));
                return Ok(());
            }
        }
        let a = self.scalar(op, lv)?;
        let b = self.scalar(op, rv)?;
        let v = self.compare(kind.as_str(), a, b, &loc);
        self.set(op, L::V(v));
        Ok(())
    }

    fn lower_tuple(&mut self, op: OpId) -> CResult<()> {
        let items = self
            .e
            .ctx
            .operands(op)
            .iter()
            .map(|v| self.get(*v))
            .collect();
        self.set(op, L::Tuple(items));
        Ok(())
    }

    fn lower_unpack(&mut self, op: OpId) -> CResult<()> {
        let L::Tuple(items) = self.get(self.e.ctx.operand(op, 0)) else {
            return Err(not_yet(self.e.ctx, op, "unpacking this value"));
        };
        for (r, l) in self.e.ctx.results(op).to_vec().into_iter().zip(items) {
            self.map.insert(r, l);
        }
        Ok(())
    }

    fn lower_getattr(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let name = py::getattr::NAME.of(self.e.ctx, op);
        let L::V(m) = self.get(self.e.ctx.operand(op, 0)) else {
            return Err(not_yet(self.e.ctx, op, "this attribute"));
        };
        let rank = self
            .e
            .ctx
            .type_kind(self.e.ctx.value_type(m))
            .rank()
            .unwrap_or(0);
        let i64t = self.e.ctx.i64();
        let l = match name.as_str() {
            "shape" => L::Tuple((0..rank).map(|d| L::V(self.e.dim(m, d, &loc))).collect()),
            "ndim" => L::V(self.e.const_int(rank as i64, i64t, &loc)),
            "size" => {
                let mut acc = self.e.const_int(1, i64t, &loc);
                for d in 0..rank {
                    let n = self.e.dim(m, d, &loc);
                    acc = self.e.binary(&arith::MULI, acc, n, &loc);
                }
                L::V(acc)
            }
            "T" => L::V(self.transposed(m, &loc)),
            // A dtype is known from the type (`np.empty(n, a.dtype)`), as `np.float64` is.
            "dtype" => L::DType,
            other => {
                return Err(not_yet(
                    self.e.ctx,
                    op,
                    &format!("the attribute `.{other}`"),
                ))
            }
        };
        self.set(op, l);
        Ok(())
    }

    fn lower_getitem(&mut self, op: OpId) -> CResult<()> {
        let l = self.getitem(op)?;
        self.set(op, l);
        Ok(())
    }

    fn lower_call(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let mut args = vec![];
        for v in self.e.ctx.operands(op).to_vec() {
            self.flatten(&self.get(v), &mut args);
        }
        let Symbol(callee) = py::call::CALLEE.of(self.e.ctx, op);
        let py_result = self
            .e
            .ctx
            .results(op)
            .first()
            .map(|r| self.e.ctx.value_type(*r));
        let lowered = match py_result {
            Some(t) => self.lower_type(op, t)?,
            None => vec![],
        };
        let abi: Vec<Type> = lowered.iter().map(|t| self.abi_type(*t)).collect();
        let sym = self.e.ctx.intern_attr(AttrKind::Symbol(callee));
        let call = self.e.emit(
            &func::CALL,
            &args,
            &abi,
            &[(func::call::CALLEE.name, sym)],
            vec![],
            &loc,
        );
        let values: Vec<Value> = self
            .e
            .ctx
            .results(call)
            .to_vec()
            .into_iter()
            .zip(&lowered)
            .map(|(v, t)| {
                if self.e.ctx.value_type(v) != *t {
                    self.e.value(&arith::TRUNCI, &[v], *t, &loc)
                } else {
                    v
                }
            })
            .collect();
        if let Some(t) = py_result {
            let l = self.unflatten(t, &mut values.into_iter());
            self.set(op, l);
        }
        Ok(())
    }

    fn lower_call_builtin(&mut self, op: OpId) -> CResult<()> {
        let l = calls::lower(self, op)?;
        if !self.e.ctx.results(op).is_empty() {
            self.set(op, l);
        }
        Ok(())
    }

    /// `py.raised` (see `py-propagate-raises`): the runtime's record of the current call.
    fn lower_raised(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let i1 = self.e.ctx.i1();
        let raised = self.e.emit(&loops::RAISED, &[], &[i1], &[], vec![], &loc);
        let flag = self.e.ctx.result(raised, 0);
        self.set(op, L::V(flag));
        Ok(())
    }

    /// The ops of `try` (`py.throw`, `py.catch`, `py.exception_is`, `py.rethrow`): their
    /// `loop` twin (`def`), with the same attributes, scalar operands and result.
    fn lower_exception_op(&mut self, op: OpId, def: &'static OpDef) -> CResult<()> {
        let ctx = &*self.e.ctx;
        let loc = ctx.loc(op).clone();
        let attrs: Vec<(String, Attr)> =
            ctx.attrs(op).iter().map(|(k, v)| (k.clone(), *v)).collect();
        let attrs: Vec<(&str, Attr)> = attrs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let results: Vec<Type> = ctx.results(op).iter().map(|r| ctx.value_type(*r)).collect();
        let operands: Vec<Value> = ctx
            .operands(op)
            .to_vec()
            .into_iter()
            .map(|v| match self.get(v) {
                L::V(v) => Ok(v),
                _ => Err(not_yet(self.e.ctx, op, "this operand of an exception op")),
            })
            .collect::<CResult<_>>()?;
        let lowered = self.e.emit(def, &operands, &results, &attrs, vec![], &loc);
        if !results.is_empty() {
            let r = self.e.ctx.result(lowered, 0);
            self.set(op, L::V(r));
        }
        Ok(())
    }

    fn lower_slice(&mut self, op: OpId) -> CResult<()> {
        let part = |s: &Self, i: usize| match s.get(s.e.ctx.operand(op, i)) {
            L::V(v) => Some(v),
            _ => None,
        };
        let l = L::Slice(part(self, 0), part(self, 1), part(self, 2));
        self.set(op, l);
        Ok(())
    }
}
