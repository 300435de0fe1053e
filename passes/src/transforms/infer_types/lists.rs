//! The typing of Python lists: literals, an empty list typed from its first `append`, `insert`,
//! `extend` or item assignment (as Numba types a reflected list), and the element a value
//! stored into a list becomes.
//!
//! An empty literal `[]` whose element type is not known yet is typed `list(pyobject)`; the
//! first store into it records its element type (per specialisation and literal) and the
//! function is typed again from the start (see [`Inference::type_function`]), the literal then
//! typed with that element.

use std::collections::HashMap;

use blackbird_dialects::ir::{OpId, Type, TypeKind, Value};
use blackbird_dialects::py::{self, BinOpKind};

use super::rules::{is_complex, is_int, is_number, unify};
use super::{error, Inference, TResult};

/// What typing the lists of the function being typed has learnt.
#[derive(Default)]
pub(crate) struct ListTyping {
    /// The element type of each empty literal, by specialisation and the literal's location.
    pub(crate) elements: HashMap<(String, String), Type>,
    /// The specialisation being typed.
    pub(crate) symbol: String,
    /// An empty literal's element type was learnt during this attempt: type the function again.
    pub(crate) learnt: bool,
    /// The empty literals typed with an unknown element during this attempt.
    pub(crate) unknown: Vec<OpId>,
}

impl Inference<'_> {
    fn list_key(&self, op: OpId) -> (String, String) {
        (self.lists.symbol.clone(), format!("{:?}", self.ctx.loc(op)))
    }

    /// A list literal: its element type is its items' (numbers and booleans of one type, ints
    /// widening to floats), or for `[]` the one learnt from its first store.
    pub(crate) fn list(&mut self, op: OpId, types: &[Type]) -> TResult<()> {
        let Some(first) = types.first() else {
            let elem = match self.lists.elements.get(&self.list_key(op)) {
                Some(t) => *t,
                None => {
                    self.lists.unknown.push(op);
                    self.object()
                }
            };
            let t = self.ctx.intern_type(TypeKind::PyList(elem));
            self.set(op, 0, t);
            return Ok(());
        };
        let mut elem = *first;
        for t in &types[1..] {
            elem = unify(self.ctx, elem, *t).ok_or_else(|| {
                error(
                    self.ctx,
                    op,
                    format!(
                        "cannot make a list of {} and {}: the items of a list must have one type",
                        self.show(elem),
                        self.show(*t)
                    ),
                )
            })?;
        }
        self.check_list_element(op, elem)?;
        let t = self.ctx.intern_type(TypeKind::PyList(elem));
        self.set(op, 0, t);
        Ok(())
    }

    /// Lists hold numbers and booleans (not complex numbers, arrays or tuples yet).
    fn check_list_element(&self, op: OpId, elem: Type) -> TResult<()> {
        if is_number(self.ctx, elem) && !is_complex(self.ctx, elem) {
            return Ok(());
        }
        Err(error(
            self.ctx,
            op,
            format!(
                "lists of {} are not supported (lists of numbers and booleans are)",
                self.show(elem)
            ),
        ))
    }

    /// `value` (of type `t`) stored into `list` by `op`: the list's element type, learnt from
    /// `t` when the list is an empty literal not typed yet. A value that the element type
    /// does not hold exactly (a float into a list of ints) is an error.
    pub(crate) fn list_store(&mut self, op: OpId, list: Value, t: Type) -> TResult<Type> {
        let TypeKind::PyList(elem) = self.ctx.type_kind(self.ty(list)).clone() else {
            unreachable!("list_store of a list")
        };
        if self.is_unknown(elem) {
            self.check_list_element(op, t)?;
            let literal = self
                .ctx
                .defining_op(list)
                .filter(|d| self.ctx.is_op(*d, &py::LIST) && self.ctx.operands(*d).is_empty());
            let Some(literal) = literal else {
                return Err(error(
                    self.ctx,
                    op,
                    "cannot infer the type of this list: give its first item where it is made",
                ));
            };
            let key = self.list_key(literal);
            self.lists.elements.insert(key, t);
            self.lists.learnt = true;
            let typed = self.ctx.intern_type(TypeKind::PyList(t));
            self.ctx.set_value_type(list, typed);
            return Ok(t);
        }
        let joined = unify(self.ctx, elem, t);
        if joined != Some(elem) || !is_number(self.ctx, t) {
            return Err(error(
                self.ctx,
                op,
                format!(
                    "cannot store {} into {}",
                    self.show(t),
                    self.show(self.ty(list))
                ),
            )
            .with_note(format!(
                "a list keeps the type of its first items ({}); make them {} to mix them",
                self.show(elem),
                self.show(joined.unwrap_or(t))
            )));
        }
        Ok(elem)
    }

    /// After typing a function: an empty literal whose element type is still unknown.
    pub(crate) fn check_empty_lists(&mut self) -> TResult<()> {
        for op in std::mem::take(&mut self.lists.unknown) {
            if self.ctx.is_erased(op) {
                continue;
            }
            let t = self.ty(self.ctx.result(op, 0));
            if matches!(self.ctx.type_kind(t), TypeKind::PyDict(k, _) | TypeKind::PySet(k) if self.is_unknown(*k))
            {
                return Err(error(
                    self.ctx,
                    op,
                    "cannot infer the type of an empty dict or set: store an item into it before it is used",
                ));
            }
            if matches!(self.ctx.type_kind(t), TypeKind::PyList(e) if self.is_unknown(*e)) {
                return Err(error(
                    self.ctx,
                    op,
                    "cannot infer the type of an empty list: append an item to it (or assign one) before it is used",
                ));
            }
        }
        Ok(())
    }

    /// `l[i] = x` (`operands`: the value, the list, the index).
    pub(crate) fn list_setitem(&mut self, op: OpId, operands: &[Value]) -> TResult<()> {
        match operands[2..] {
            [i] if is_int(self.ctx, self.ty(i)) => {
                self.list_store(op, operands[1], self.ty(operands[0]))?;
                Ok(())
            }
            _ => Err(error(
                self.ctx,
                op,
                "a list item is assigned with one integer index (slice assignment is not supported yet)",
            )),
        }
    }

    /// `l + m` (a new list of both's items) and `l * k`, `k * l` (`k` copies of the items).
    pub(crate) fn list_binop(
        &mut self,
        op: OpId,
        kind: BinOpKind,
        a: Type,
        b: Type,
    ) -> TResult<Type> {
        let elem = |s: &Self, t: Type| match s.ctx.type_kind(t) {
            TypeKind::PyList(e) if !s.is_unknown(*e) => Some(*e),
            _ => None,
        };
        let t = match (kind, elem(self, a), elem(self, b)) {
            (BinOpKind::Add, Some(x), Some(y)) => {
                unify(self.ctx, x, y).map(|e| self.ctx.intern_type(TypeKind::PyList(e)))
            }
            (BinOpKind::Mul, Some(_), None) if is_int(self.ctx, b) => Some(a),
            (BinOpKind::Mul, None, Some(_)) if is_int(self.ctx, a) => Some(b),
            _ => None,
        };
        t.ok_or_else(|| {
            error(
                self.ctx,
                op,
                format!(
                    "unsupported operand types for {}: {} and {}",
                    kind.as_str(),
                    self.show(a),
                    self.show(b)
                ),
            )
        })
    }
}
