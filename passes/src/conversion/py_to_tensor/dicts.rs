//! Dicts and sets (see `loop::DICT_MAKE`, `loop::DICT_CALL`): a dict or set value is the
//! runtime's table itself (a reference: aliases share it). Keys and values are passed as
//! their scalars (a tuple as one per item), converted to the dict's key and value types.
//! A missing key is a KeyError, as CPython's.

use blackbird_dialects::ir::{Location, OpId, Type, TypeKind, Value};
use blackbird_dialects::py::{BinOpKind, CompareKind};
use blackbird_dialects::{arith, loops};

use super::{error, CResult, Converter, L};

/// What iterating a dict yields.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Part {
    Keys,
    Values,
    Items,
}

/// Whether `v` (a `py` or lowered value) is a dict or set.
pub(crate) fn is_container(c: &Converter<'_>, v: Value) -> bool {
    matches!(
        c.e.ctx.type_kind(c.e.ctx.value_type(v)),
        TypeKind::PyDict(..) | TypeKind::PySet(_)
    )
}

/// The key and value types (a set has no value) of dict or set `d`.
pub(crate) fn parts(c: &Converter<'_>, d: Value) -> (Type, Option<Type>) {
    match c.e.ctx.type_kind(c.e.ctx.value_type(d)) {
        TypeKind::PyDict(k, v) => (*k, Some(*v)),
        TypeKind::PySet(k) => (*k, None),
        _ => unreachable!("a dict or set"),
    }
}

impl Converter<'_> {
    /// A new table: `new` of type `t`, or `copy`/`union`/... of `operands`.
    pub(crate) fn dict_make(
        &mut self,
        method: &str,
        operands: &[Value],
        t: Type,
        loc: &Location,
    ) -> Value {
        let m = self.e.ctx.str_attr(method);
        let op = self.e.emit(
            &loops::DICT_MAKE,
            operands,
            &[t],
            &[("method", m)],
            vec![],
            loc,
        );
        self.e.ctx.result(op, 0)
    }

    /// Runtime operation `method` on `d` with `arg` (i64), the scalars `inputs`: its answer
    /// (i64) and outputs of types `outputs`.
    pub(crate) fn dict_call(
        &mut self,
        method: &str,
        d: Value,
        arg: Option<Value>,
        inputs: &[Value],
        outputs: &[Type],
        loc: &Location,
    ) -> (Value, Vec<Value>) {
        let i64t = self.e.ctx.i64();
        let arg = arg.unwrap_or_else(|| self.e.const_int(0, i64t, loc));
        let arg = self.e.index_value(arg, loc);
        let mut operands = vec![d, arg];
        operands.extend_from_slice(inputs);
        let index = self.e.ctx.index();
        let mut results = vec![index];
        results.extend_from_slice(outputs);
        let m = self.e.ctx.str_attr(method);
        let op = self.e.emit(
            &loops::DICT_CALL,
            &operands,
            &results,
            &[("method", m)],
            vec![],
            loc,
        );
        let rs = self.e.ctx.results(op).to_vec();
        let answer = self.e.value(&arith::INDEX_CAST, &[rs[0]], i64t, loc);
        (answer, rs[1..].to_vec())
    }

    /// The scalars of `x` as a key or value of type `t` (converted to it).
    pub(crate) fn words(&mut self, op: OpId, x: L, t: Type, loc: &Location) -> CResult<Vec<Value>> {
        match (x, self.e.ctx.type_kind(t).clone()) {
            (L::Tuple(items), TypeKind::Tuple(types)) if items.len() == types.len() => {
                let mut out = vec![];
                for (item, t) in items.into_iter().zip(types) {
                    out.extend(self.words(op, item, t, loc)?);
                }
                Ok(out)
            }
            (L::V(v), _) => Ok(vec![self.e.coerce(v, t, loc)]),
            _ => Err(error(
                self.e.ctx,
                op,
                "expected a number or a tuple of numbers",
            )),
        }
    }

    /// The scalar types a key or value of type `t` travels as.
    fn word_types(&self, t: Type, out: &mut Vec<Type>) {
        match self.e.ctx.type_kind(t) {
            TypeKind::Tuple(items) => {
                for i in items.clone() {
                    self.word_types(i, out);
                }
            }
            _ => out.push(t),
        }
    }

    /// A key or value of type `t` from its scalars.
    pub(crate) fn assemble(&self, t: Type, words: &mut impl Iterator<Item = Value>) -> L {
        match self.e.ctx.type_kind(t).clone() {
            TypeKind::Tuple(items) => {
                L::Tuple(items.into_iter().map(|i| self.assemble(i, words)).collect())
            }
            _ => L::V(words.next().expect("a word per scalar")),
        }
    }

    /// The key operand `v` of `op` as the words of `d`'s key type.
    pub(crate) fn key_words(
        &mut self,
        op: OpId,
        d: Value,
        v: Value,
        loc: &Location,
    ) -> CResult<Vec<Value>> {
        let (k, _) = parts(self, d);
        let x = self.get(v);
        self.words(op, x, k, loc)
    }

    /// `d[key]`'s value if present: (found, value).
    pub(crate) fn dict_lookup(&mut self, d: Value, key: &[Value], loc: &Location) -> (Value, L) {
        self.dict_find("get", d, key, loc)
    }

    /// Remove `key` from `d`: (found, its value).
    pub(crate) fn dict_remove(&mut self, d: Value, key: &[Value], loc: &Location) -> (Value, L) {
        self.dict_find("pop", d, key, loc)
    }

    /// The runtime's `method` ("get" or "pop") of `key` in `d`: (found, the value).
    fn dict_find(&mut self, method: &str, d: Value, key: &[Value], loc: &Location) -> (Value, L) {
        let (_, v) = parts(self, d);
        let mut types = vec![];
        if let Some(v) = v {
            self.word_types(v, &mut types);
        }
        let (found, outs) = self.dict_call(method, d, None, key, &types, loc);
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, loc);
        let found = self.e.cmp(&arith::CMPI, "ne", found, zero, loc);
        let value = match v {
            Some(v) => self.assemble(v, &mut outs.into_iter()),
            None => L::None,
        };
        (found, value)
    }

    /// Store `key` (and `value`'s words) into `d`.
    pub(crate) fn dict_store(&mut self, d: Value, key: &[Value], value: &[Value], loc: &Location) {
        let mut inputs = key.to_vec();
        inputs.extend_from_slice(value);
        self.dict_call("set", d, None, &inputs, &[], loc);
    }

    /// The length of `d` (i64).
    pub(crate) fn dict_len(&mut self, d: Value, loc: &Location) -> Value {
        self.dict_call("len", d, None, &[], &[], loc).0
    }

    /// A select of two key or value forms by `cond`.
    pub(crate) fn select_l(&mut self, cond: Value, a: L, b: L, loc: &Location) -> L {
        match (a, b) {
            (L::Tuple(x), L::Tuple(y)) => L::Tuple(
                x.into_iter()
                    .zip(y)
                    .map(|(p, q)| self.select_l(cond, p, q, loc))
                    .collect(),
            ),
            (L::V(x), L::V(y)) => {
                let y = self.e.coerce(y, self.e.ctx.value_type(x), loc);
                L::V(self.e.select(cond, x, y, loc))
            }
            (a, _) => a,
        }
    }

    /// The number of entries to iterate (the table compacted first).
    pub(crate) fn dict_iter_start(&mut self, d: Value, loc: &Location) -> Value {
        self.dict_call("iter", d, None, &[], &[], loc).0
    }

    /// Entry `k` of an iteration of `d` (RuntimeError when `d` changed size meanwhile).
    pub(crate) fn dict_entry(&mut self, d: Value, part: Part, k: Value, loc: &Location) -> L {
        let (kt, vt) = parts(self, d);
        let mut types = vec![];
        self.word_types(kt, &mut types);
        if let Some(v) = vt {
            self.word_types(v, &mut types);
        }
        let (ok, outs) = self.dict_call("entry", d, Some(k), &[], &types, loc);
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, loc);
        let changed = self.e.cmp(&arith::CMPI, "eq", ok, zero, loc);
        let what = if vt.is_some() { "dictionary" } else { "Set" };
        self.e.raise_if(
            changed,
            "RuntimeError",
            &format!("{what} changed size during iteration"),
            loc,
        );
        let mut words = outs.into_iter();
        let key = self.assemble(kt, &mut words);
        let value = vt.map(|v| self.assemble(v, &mut words));
        match (part, value) {
            (Part::Keys, _) | (_, None) => key,
            (Part::Values, Some(v)) => v,
            (Part::Items, Some(v)) => L::Tuple(vec![key, v]),
        }
    }

    /// A dict literal (keys and values alternating) or set literal.
    pub(super) fn lower_container_literal(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let t = self.result_type(op);
        let d = self.dict_make("new", &[], t, &loc);
        let operands = self.e.ctx.operands(op).to_vec();
        let (_, v) = parts(self, d);
        let step = if v.is_some() { 2 } else { 1 };
        for pair in operands.chunks(step) {
            let key = self.key_words(op, d, pair[0], &loc)?;
            let value = match v {
                Some(v) => {
                    let x = self.get(pair[1]);
                    self.words(op, x, v, &loc)?
                }
                None => vec![],
            };
            self.dict_store(d, &key, &value, &loc);
        }
        self.set(op, L::V(d));
        Ok(())
    }

    /// The key of `d[i]` (or `d[i, j]`, a tuple) as words of `d`'s key type.
    fn subscript_words(
        &mut self,
        op: OpId,
        d: Value,
        indices: &[Value],
        loc: &Location,
    ) -> CResult<Vec<Value>> {
        let x = match indices {
            [k] => self.get(*k),
            _ => L::Tuple(indices.iter().map(|v| self.get(*v)).collect()),
        };
        let (k, _) = parts(self, d);
        self.words(op, x, k, loc)
    }

    /// `d[k]` (KeyError when absent).
    pub(super) fn dict_getitem(&mut self, op: OpId, d: Value, indices: &[Value]) -> CResult<L> {
        let loc = self.e.ctx.loc(op).clone();
        let key = self.subscript_words(op, d, indices, &loc)?;
        let (found, value) = self.dict_lookup(d, &key, &loc);
        self.e
            .raise_unless(found, "KeyError", "key not found", &loc);
        Ok(value)
    }

    /// `d[k] = v`.
    pub(super) fn dict_setitem(&mut self, op: OpId, d: Value) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let key = self.subscript_words(op, d, &operands[2..], &loc)?;
        let (_, v) = parts(self, d);
        let x = self.get(operands[0]);
        let value = self.words(op, x, v.expect("a dict"), &loc)?;
        self.dict_store(d, &key, &value, &loc);
        Ok(())
    }

    /// `k in d`, `d == e`, `s <= t` and the like.
    pub(super) fn container_compare(
        &mut self,
        op: OpId,
        kind: CompareKind,
        a: Value,
        b: Value,
    ) -> CResult<Value> {
        let loc = self.e.ctx.loc(op).clone();
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, &loc);
        let (answer, negate) = match kind {
            CompareKind::In | CompareKind::NotIn => {
                let L::V(d) = self.get(b) else {
                    unreachable!("a dict")
                };
                let key = self.key_words(op, d, a, &loc)?;
                let (found, _) = self.dict_lookup(d, &key, &loc);
                let i1 = self.e.ctx.i1();
                let t = self.e.const_int(1, i1, &loc);
                let v = if kind == CompareKind::In {
                    found
                } else {
                    self.e.binary(&arith::XORI, found, t, &loc)
                };
                return Ok(v);
            }
            _ => {
                let (L::V(x), L::V(y)) = (self.get(a), self.get(b)) else {
                    unreachable!("dicts or sets")
                };
                let call = |c: &mut Self, m: &str, p: Value, q: Value| {
                    c.dict_call(m, p, None, &[q], &[], &loc).0
                };
                match kind {
                    CompareKind::Eq => (call(self, "equal", x, y), false),
                    CompareKind::Ne => (call(self, "equal", x, y), true),
                    CompareKind::Le => (call(self, "issubset", x, y), false),
                    CompareKind::Ge => (call(self, "issubset", y, x), false),
                    CompareKind::Lt | CompareKind::Gt => {
                        let (p, q) = if kind == CompareKind::Lt {
                            (x, y)
                        } else {
                            (y, x)
                        };
                        let sub = call(self, "issubset", p, q);
                        let same = call(self, "equal", p, q);
                        let proper = self.e.binary(&arith::SUBI, sub, same, &loc);
                        (proper, false)
                    }
                    _ => unreachable!("typing allows these"),
                }
            }
        };
        let pred = if negate { "eq" } else { "ne" };
        Ok(self.e.cmp(&arith::CMPI, pred, answer, zero, &loc))
    }

    /// `s | t`, `s & t`, `s - t`, `s ^ t`: a new set (`s |= t` and the like: `s`, changed).
    pub(super) fn set_binop(&mut self, op: OpId, kind: BinOpKind) -> CResult<Value> {
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let (L::V(a), L::V(b)) = (self.get(operands[0]), self.get(operands[1])) else {
            unreachable!("sets")
        };
        let method = match kind {
            BinOpKind::BitOr => "union",
            BinOpKind::BitAnd => "intersection",
            BinOpKind::Sub => "difference",
            _ => "symmetric_difference",
        };
        // `s |= t` and the like change `s` itself (its aliases see it), as CPython's.
        if self.e.ctx.attr(op, "inplace").is_some() {
            let update = match method {
                "union" => "update".to_string(),
                m => format!("{m}_update"),
            };
            self.dict_call(&update, a, None, &[b], &[], &loc);
            return Ok(a);
        }
        let t = self.result_type(op);
        Ok(self.dict_make(method, &[a, b], t, &loc))
    }

    /// The type of the items iterating the `py` value `v` yields.
    pub(crate) fn item_type_of(&self, v: Value) -> Type {
        match self.e.ctx.type_kind(self.e.ctx.value_type(v)) {
            TypeKind::PyDict(k, _) | TypeKind::PySet(k) | TypeKind::PyIter(k) => *k,
            _ => unreachable!("an iterable"),
        }
    }

    /// A new list of the items of `items` (of type `elem`).
    pub(crate) fn list_of_items(
        &mut self,
        op: OpId,
        items: L,
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let it = self.iter_of(op, items)?;
        let n = self.trip_count(&it, loc);
        let l = self.new_list(elem, n, loc);
        super::emit::loop_nest(self, &[n], loc, &mut |c, ivs| {
            let x = c.item(&it, ivs[0], loc);
            let x = c.scalar_of(op, x)?;
            c.list_store(l, ivs[0], x, loc);
            Ok(())
        })?;
        Ok(l)
    }

    /// Remove the last item of `d`: (whether there was one, the key or the (key, value)).
    pub(crate) fn dict_pop_last(&mut self, d: Value, loc: &Location) -> (Value, L) {
        let (kt, vt) = parts(self, d);
        let mut types = vec![];
        self.word_types(kt, &mut types);
        if let Some(v) = vt {
            self.word_types(v, &mut types);
        }
        let (ok, outs) = self.dict_call("popitem", d, None, &[], &types, loc);
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, loc);
        let ok = self.e.cmp(&arith::CMPI, "ne", ok, zero, loc);
        let mut words = outs.into_iter();
        let key = self.assemble(kt, &mut words);
        let item = match vt {
            Some(v) => L::Tuple(vec![key, self.assemble(v, &mut words)]),
            None => key,
        };
        (ok, item)
    }
}
