//! The typing of dicts and sets (Numba's typed `DictType[K,V]` and `set(K)`): literals, an
//! empty `{}`, `dict()` or `set()` typed from its first store (as an empty list is, see
//! `lists.rs`), keys that fit the key type, and the set operators.
//!
//! Keys are numbers, booleans or tuples of them; values numbers, booleans or tuples of them.
//! A key or value of another number type than the dict's is converted when the dict's type
//! holds it (an int key into a float-keyed dict), else it is an error.

use blackbird_dialects::ir::{OpId, Type, TypeKind, Value};
use blackbird_dialects::py::{self, BinOpKind, CompareKind};

use super::rules::{is_complex, is_number, unify};
use super::{error, Inference, TResult};

impl Inference<'_> {
    /// Whether `t` may be a dict key or set item (or, `hashable` false, a dict value).
    fn storable(&self, t: Type) -> bool {
        match self.ctx.type_kind(t) {
            TypeKind::Tuple(items) => !items.is_empty() && items.iter().all(|i| self.storable(*i)),
            _ => is_number(self.ctx, t) && !is_complex(self.ctx, t),
        }
    }

    /// Whether a slot of type `slot` holds a value of type `t` (converted if need be).
    pub(crate) fn fits(&mut self, slot: Type, t: Type) -> bool {
        match (self.ctx.type_kind(slot), self.ctx.type_kind(t)) {
            (TypeKind::Tuple(a), TypeKind::Tuple(b)) => {
                let (a, b) = (a.clone(), b.clone());
                a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| self.fits(*x, *y))
            }
            (TypeKind::Tuple(_), _) | (_, TypeKind::Tuple(_)) => false,
            _ => is_number(self.ctx, t) && unify(self.ctx, slot, t) == Some(slot),
        }
    }

    /// The join of two key (or value) types, for literals: numbers widen, tuples item by item.
    fn join_items(&mut self, a: Type, b: Type) -> Option<Type> {
        match (self.ctx.type_kind(a).clone(), self.ctx.type_kind(b).clone()) {
            (TypeKind::Tuple(x), TypeKind::Tuple(y)) if x.len() == y.len() => {
                let mut items = vec![];
                for (p, q) in x.iter().zip(&y) {
                    items.push(self.join_items(*p, *q)?);
                }
                let items = Some(items);
                items.map(|items| self.ctx.intern_type(TypeKind::Tuple(items)))
            }
            (TypeKind::Tuple(_), _) | (_, TypeKind::Tuple(_)) => None,
            _ => unify(self.ctx, a, b),
        }
    }

    fn check_storable(&mut self, op: OpId, t: Type, what: &str) -> TResult<()> {
        if self.storable(t) {
            return Ok(());
        }
        let python_name = match self.ctx.type_kind(t) {
            TypeKind::PyList(_) => Some("list"),
            TypeKind::PyDict(..) => Some("dict"),
            TypeKind::PySet(_) => Some("set"),
            TypeKind::PyArray { .. } => Some("numpy.ndarray"),
            _ => None,
        };
        if let (Some(name), "key") = (python_name, what) {
            return Err(error(
                self.ctx,
                op,
                format!(
                    "unhashable type: '{name}' ({} cannot be a key)",
                    self.show(t)
                ),
            ));
        }
        Err(error(
            self.ctx,
            op,
            format!(
                "{} is not supported as a {what} (numbers, booleans and tuples of them are)",
                self.show(t)
            ),
        ))
    }

    fn container_key(&self, op: OpId) -> (String, String) {
        (
            self.lists.symbol.clone(),
            format!("container {:?}", self.ctx.loc(op)),
        )
    }

    /// A dict literal (`py.dict`: keys and values alternating) or set literal (`py.set`).
    pub(crate) fn container_literal(
        &mut self,
        op: OpId,
        types: &[Type],
        dict: bool,
    ) -> TResult<()> {
        if types.is_empty() {
            let t = match self.lists.elements.get(&self.container_key(op)) {
                Some(t) => *t,
                None => {
                    self.lists.unknown.push(op);
                    let o = self.object();
                    if dict {
                        self.ctx.intern_type(TypeKind::PyDict(o, o))
                    } else {
                        self.ctx.intern_type(TypeKind::PySet(o))
                    }
                }
            };
            self.set(op, 0, t);
            return Ok(());
        }
        let step = if dict { 2 } else { 1 };
        let mut parts = vec![];
        for offset in 0..step {
            let mut joined = types[offset];
            for t in types.iter().skip(offset + step).step_by(step) {
                joined = self.join_items(joined, *t).ok_or_else(|| {
                    error(
                        self.ctx,
                        op,
                        format!(
                            "cannot unify {} and {}: the {} of a {} must have one type",
                            self.show(joined),
                            self.show(*t),
                            if offset == 0 { "keys" } else { "values" },
                            if dict { "dict" } else { "set" }
                        ),
                    )
                })?;
            }
            let what = if offset == 0 { "key" } else { "value" };
            self.check_storable(op, joined, what)?;
            parts.push(joined);
        }
        let t = if dict {
            self.ctx.intern_type(TypeKind::PyDict(parts[0], parts[1]))
        } else {
            self.ctx.intern_type(TypeKind::PySet(parts[0]))
        };
        self.set(op, 0, t);
        Ok(())
    }

    /// A key (and for a dict a value) of types `key`, `value` stored into `container` by `op`:
    /// learnt when the container is an empty literal not typed yet, else checked.
    pub(crate) fn container_store(
        &mut self,
        op: OpId,
        container: Value,
        key: Type,
        value: Option<Type>,
    ) -> TResult<()> {
        let t = self.ty(container);
        let (k, v) = match self.ctx.type_kind(t).clone() {
            TypeKind::PyDict(k, v) => (k, Some(v)),
            TypeKind::PySet(k) => (k, None),
            _ => unreachable!("container_store of a dict or set"),
        };
        if self.is_unknown(k) {
            self.check_storable(op, key, "key")?;
            if let Some(value) = value {
                self.check_storable(op, value, "value")?;
            }
            let literal = self.ctx.defining_op(container).filter(|d| {
                (self.ctx.is_op(*d, &py::DICT) || self.ctx.is_op(*d, &py::SET))
                    && self.ctx.operands(*d).is_empty()
            });
            let Some(literal) = literal else {
                return Err(error(
                    self.ctx,
                    op,
                    "cannot infer the type of this empty dict or set: store into it where it is made",
                ));
            };
            let typed = match value {
                Some(value) => self.ctx.intern_type(TypeKind::PyDict(key, value)),
                None => self.ctx.intern_type(TypeKind::PySet(key)),
            };
            let at = self.container_key(literal);
            self.lists.elements.insert(at, typed);
            self.lists.learnt = true;
            self.ctx.set_value_type(container, typed);
            return Ok(());
        }
        self.check_key(op, t, key)?;
        if let (Some(v), Some(value)) = (v, value) {
            if !self.fits(v, value) {
                return Err(error(
                    self.ctx,
                    op,
                    format!(
                        "cannot store a value of {} into {}",
                        self.show(value),
                        self.show(t)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// `key` is a key of the dict or set of type `t` (or converts to one).
    pub(crate) fn check_key(&mut self, op: OpId, t: Type, key: Type) -> TResult<()> {
        let k = match self.ctx.type_kind(t) {
            TypeKind::PyDict(k, _) | TypeKind::PySet(k) => *k,
            _ => unreachable!("a dict or set"),
        };
        if self.is_unknown(k) {
            return Err(error(
                self.ctx,
                op,
                "cannot infer the type of this empty dict or set before it is used: store an item into it first",
            ));
        }
        if !self.storable(key) {
            return Err(error(
                self.ctx,
                op,
                format!(
                    "{} is unhashable: keys are numbers, booleans or tuples of them",
                    self.show(key)
                ),
            ));
        }
        if !self.fits(k, key) {
            return Err(error(
                self.ctx,
                op,
                format!(
                    "a key of {} cannot be used with {}: its keys are {}",
                    self.show(key),
                    self.show(t),
                    self.show(k)
                ),
            ));
        }
        Ok(())
    }

    /// The key `d[i]` or `d[i, j]` (a tuple) gives.
    pub(crate) fn subscript_key(&mut self, indices: &[Value]) -> Type {
        match indices {
            [k] => self.ty(*k),
            _ => {
                let items = indices.iter().map(|v| self.ty(*v)).collect();
                self.ctx.intern_type(TypeKind::Tuple(items))
            }
        }
    }

    /// `s | t`, `s & t`, `s - t`, `s ^ t` of two sets of one type.
    pub(crate) fn set_binop(
        &mut self,
        op: OpId,
        kind: BinOpKind,
        a: Type,
        b: Type,
    ) -> TResult<Type> {
        let ok = matches!(
            kind,
            BinOpKind::BitOr | BinOpKind::BitAnd | BinOpKind::Sub | BinOpKind::BitXor
        ) && a == b
            && matches!(self.ctx.type_kind(a), TypeKind::PySet(_));
        if ok {
            return Ok(a);
        }
        Err(error(
            self.ctx,
            op,
            format!(
                "unsupported operand types for {}: {} and {}",
                kind.as_str(),
                self.show(a),
                self.show(b)
            ),
        ))
    }

    /// `k in d`, `d == e`, `s <= t` and the like, where `b` (or `a`) is a dict or set.
    pub(crate) fn container_compare(
        &mut self,
        op: OpId,
        kind: CompareKind,
        a: Type,
        b: Type,
    ) -> TResult<Type> {
        let is_set = |t: Type| matches!(self.ctx.type_kind(t), TypeKind::PySet(_));
        let ok = match kind {
            CompareKind::In | CompareKind::NotIn => {
                let untyped = matches!(self.ctx.type_kind(b), TypeKind::PyDict(k, _) | TypeKind::PySet(k) if self.is_unknown(*k));
                if !untyped {
                    self.check_key(op, b, a)?;
                }
                true
            }
            CompareKind::Eq | CompareKind::Ne => a == b,
            CompareKind::Lt | CompareKind::Le | CompareKind::Gt | CompareKind::Ge => {
                a == b && is_set(a)
            }
            _ => false,
        };
        if !ok {
            return Err(error(
                self.ctx,
                op,
                format!("cannot compare {} and {}", self.show(a), self.show(b)),
            ));
        }
        Ok(self.ctx.i1())
    }
}
