//! Python lists (see `loop::LIST_NEW`): a list value is the `loop` list itself (a reference:
//! aliases share it); its elements are read and written through a fresh `loop.list_data` at
//! each access, as an append may move them. Indexing always checks bounds (IndexError), as
//! CPython does.

use blackbird_dialects::ir::{Location, OpId, Type, TypeKind, Value};
use blackbird_dialects::py::BinOpKind;
use blackbird_dialects::{arith, loops};

use super::emit::{fold_carried, loop_nest};
use super::{error, CResult, Converter, L};

/// Whether `v` (a `py` or a lowered value) is a list.
pub(crate) fn is_list(c: &Converter<'_>, v: Value) -> bool {
    matches!(
        c.e.ctx.type_kind(c.e.ctx.value_type(v)),
        TypeKind::PyList(_)
    )
}

impl Converter<'_> {
    /// The element type of list `l`.
    pub(crate) fn list_elem(&self, l: Value) -> Type {
        self.e
            .ctx
            .type_kind(self.e.ctx.value_type(l))
            .element_type()
            .expect("a list")
    }

    /// A new list of `n` (i64) unwritten elements of type `elem`.
    pub(crate) fn new_list(&mut self, elem: Type, n: Value, loc: &Location) -> Value {
        let t = self.e.ctx.intern_type(TypeKind::PyList(elem));
        let n = self.e.index_value(n, loc);
        self.e.value(&loops::LIST_NEW, &[n], t, loc)
    }

    /// The length of `l` (i64).
    pub(crate) fn list_len(&mut self, l: Value, loc: &Location) -> Value {
        let index = self.e.ctx.index();
        let n = self.e.value(&loops::LIST_LEN, &[l], index, loc);
        let i64t = self.e.ctx.i64();
        self.e.value(&arith::INDEX_CAST, &[n], i64t, loc)
    }

    /// A buffer over the elements of `l` now (valid until its next resize).
    pub(crate) fn list_data(&mut self, l: Value, loc: &Location) -> Value {
        let elem = self.list_elem(l);
        let t = self.e.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None],
            elem,
            layout: blackbird_dialects::ir::MemLayout::Identity,
        });
        self.e.value(&loops::LIST_DATA, &[l], t, loc)
    }

    /// Make `l` `n` (i64) elements long.
    pub(crate) fn list_resize(&mut self, l: Value, n: Value, loc: &Location) {
        let n = self.e.index_value(n, loc);
        self.e
            .emit(&loops::LIST_RESIZE, &[l, n], &[], &[], vec![], loc);
    }

    /// Element `i` (i64, in range) of `l`.
    pub(crate) fn list_load(&mut self, l: Value, i: Value, loc: &Location) -> Value {
        let data = self.list_data(l, loc);
        let i = self.e.index_value(i, loc);
        let elem = self.list_elem(l);
        self.e.value(&loops::LOAD, &[data, i], elem, loc)
    }

    /// Write `x` (converted to the element type) at `i` (i64, in range) of `l`.
    pub(crate) fn list_store(&mut self, l: Value, i: Value, x: Value, loc: &Location) {
        let elem = self.list_elem(l);
        let x = self.e.coerce(x, elem, loc);
        let data = self.list_data(l, loc);
        let i = self.e.index_value(i, loc);
        self.e
            .emit(&loops::STORE, &[x, data, i], &[], &[], vec![], loc);
    }

    /// `l.append(x)`: one store and a length increment while the capacity lasts.
    pub(crate) fn list_append(&mut self, l: Value, x: Value, loc: &Location) {
        let i64t = self.e.ctx.i64();
        let n = self.list_len(l, loc);
        let one = self.e.const_int(1, i64t, loc);
        let n1 = self.e.binary(&arith::ADDI, n, one, loc);
        self.list_resize(l, n1, loc);
        self.list_store(l, n, x, loc);
    }

    /// Python index `i` of `l` (negative counts from the end) as a position (i64): IndexError
    /// with `message` when out of range (then 0, which the buffer's capacity always holds).
    pub(crate) fn list_position(
        &mut self,
        l: Value,
        i: Value,
        message: &str,
        loc: &Location,
    ) -> Value {
        let i64t = self.e.ctx.i64();
        let n = self.list_len(l, loc);
        let i = self.e.coerce(i, i64t, loc);
        let zero = self.e.const_int(0, i64t, loc);
        let negative = self.e.cmp(&arith::CMPI, "slt", i, zero, loc);
        let wrapped = self.e.binary(&arith::ADDI, i, n, loc);
        let i = self.e.select(negative, wrapped, i, loc);
        let lo = self.e.cmp(&arith::CMPI, "sge", i, zero, loc);
        let hi = self.e.cmp(&arith::CMPI, "slt", i, n, loc);
        let ok = self.e.binary(&arith::ANDI, lo, hi, loc);
        self.e.raise_unless(ok, "IndexError", message, loc);
        self.e.select(ok, i, zero, loc)
    }

    /// Run `f` with each list among `values` seen as a buffer of its current elements (for
    /// library functions and indices that read lists as 1-D arrays and do not resize them).
    pub(crate) fn with_list_buffers<T>(
        &mut self,
        values: &[Value],
        loc: &Location,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let mut saved = vec![];
        for v in values {
            if let L::V(l) = self.get(*v) {
                if is_list(self, l) && !saved.iter().any(|(s, _)| s == v) {
                    let data = self.list_data(l, loc);
                    saved.push((*v, l));
                    self.map.insert(*v, L::V(data));
                }
            }
        }
        let r = f(self);
        for (v, l) in saved {
            self.map.insert(v, L::V(l));
        }
        r
    }

    /// A list literal: a new list with its items.
    pub(super) fn lower_list(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let elem = match self.e.ctx.type_kind(self.result_type(op)) {
            TypeKind::PyList(e) => *e,
            _ => unreachable!("typed py.list"),
        };
        let items = self.e.ctx.operands(op).to_vec();
        let i64t = self.e.ctx.i64();
        let n = self.e.const_int(items.len() as i64, i64t, &loc);
        let l = self.new_list(elem, n, &loc);
        for (i, v) in items.into_iter().enumerate() {
            let x = self.scalar(op, v)?;
            let i = self.e.const_int(i as i64, i64t, &loc);
            self.list_store(l, i, x, &loc);
        }
        self.set(op, L::V(l));
        Ok(())
    }

    /// `l[i]` (IndexError out of range) or `l[a:b:c]` (a new list).
    pub(super) fn list_getitem(&mut self, op: OpId, l: Value, index: Value) -> CResult<L> {
        let loc = self.e.ctx.loc(op).clone();
        match self.get(index) {
            L::V(i) => {
                let i = self.list_position(l, i, "list index out of range", &loc);
                Ok(L::V(self.list_load(l, i, &loc)))
            }
            L::Slice(start, stop, step) => {
                let n = self.list_len(l, &loc);
                let (first, count, step) = self.normalize_slice(start, stop, step, n, &loc);
                let elem = self.list_elem(l);
                let out = self.new_list(elem, count, &loc);
                let (src, dst) = (self.list_data(l, &loc), self.list_data(out, &loc));
                let mut s = &mut self.e;
                loop_nest(&mut s, &[count], &loc, &mut |s, ivs| {
                    let off = s.binary(&arith::MULI, ivs[0], step, &loc);
                    let k = s.binary(&arith::ADDI, first, off, &loc);
                    let x = s.load_at(src, &[k], &loc);
                    s.store_at(x, dst, &[ivs[0]], &loc);
                    Ok(())
                })?;
                Ok(L::V(out))
            }
            _ => Err(error(
                self.e.ctx,
                op,
                "lists take one integer index or a slice",
            )),
        }
    }

    /// `l[i] = x` (IndexError out of range).
    pub(super) fn list_setitem(&mut self, op: OpId, l: Value) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let x = self.scalar(op, operands[0])?;
        let i = self.scalar(op, operands[2])?;
        let i = self.list_position(l, i, "list assignment index out of range", &loc);
        self.list_store(l, i, x, &loc);
        Ok(())
    }

    /// A new list with the items of `l`.
    pub(crate) fn list_copy(&mut self, l: Value, loc: &Location) -> CResult<Value> {
        let n = self.list_len(l, loc);
        let elem = self.list_elem(l);
        let out = self.new_list(elem, n, loc);
        let (src, dst) = (self.list_data(l, loc), self.list_data(out, loc));
        let mut s = &mut self.e;
        loop_nest(&mut s, &[n], loc, &mut |s, ivs| {
            let x = s.load_at(src, &[ivs[0]], loc);
            s.store_at(x, dst, &[ivs[0]], loc);
            Ok(())
        })?;
        Ok(out)
    }

    /// The scalar an iterator's item is.
    pub(crate) fn scalar_of(&self, op: OpId, l: L) -> CResult<Value> {
        match l {
            L::V(x) => Ok(x),
            _ => Err(error(self.e.ctx, op, "expected a number")),
        }
    }

    /// Copy `count` items of `src` from `from` into `dst` from `to` (converted to its items).
    fn list_copy_into(
        &mut self,
        src: Value,
        from: Value,
        dst: Value,
        to: Value,
        count: Value,
        loc: &Location,
    ) -> CResult<()> {
        loop_nest(self, &[count], loc, &mut |c, ivs| {
            let i = c.e.binary(&arith::ADDI, from, ivs[0], loc);
            let j = c.e.binary(&arith::ADDI, to, ivs[0], loc);
            let x = c.list_load(src, i, loc);
            c.list_store(dst, j, x, loc);
            Ok(())
        })
    }

    /// `l + m`, `l * k`, `k * l`: a new list.
    pub(super) fn list_binop(&mut self, op: OpId, kind: BinOpKind) -> CResult<Value> {
        let loc = self.e.ctx.loc(op).clone();
        let rt = self.result_type(op);
        let elem = self.e.ctx.type_kind(rt).element_type().expect("a list");
        let a = self.get(self.e.ctx.operand(op, 0));
        let b = self.get(self.e.ctx.operand(op, 1));
        let (L::V(a), L::V(b)) = (a, b) else {
            return Err(error(self.e.ctx, op, "expected lists"));
        };
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, &loc);
        if kind == BinOpKind::Add {
            let (n, m) = (self.list_len(a, &loc), self.list_len(b, &loc));
            let total = self.e.binary(&arith::ADDI, n, m, &loc);
            let out = self.new_list(elem, total, &loc);
            self.list_copy_into(a, zero, out, zero, n, &loc)?;
            self.list_copy_into(b, zero, out, n, m, &loc)?;
            return Ok(out);
        }
        let (l, k) = if is_list(self, a) { (a, b) } else { (b, a) };
        let k = self.e.coerce(k, i64t, &loc);
        let k = self.e.binary(&arith::MAXSI, k, zero, &loc);
        let n = self.list_len(l, &loc);
        let total = self.e.binary(&arith::MULI, n, k, &loc);
        let out = self.new_list(elem, total, &loc);
        loop_nest(self, &[k], &loc, &mut |c, ivs| {
            let to = c.e.binary(&arith::MULI, ivs[0], n, &loc);
            c.list_copy_into(l, zero, out, to, n, &loc)
        })?;
        Ok(out)
    }

    /// `x in l` (`x not in l` when `!present`).
    pub(super) fn list_contains(
        &mut self,
        l: Value,
        x: Value,
        present: bool,
        loc: &Location,
    ) -> Value {
        let n = self.list_len(l, loc);
        let i1 = self.e.ctx.i1();
        let init = self.e.const_int(0, i1, loc);
        let mut s = &mut *self;
        let found = fold_carried(&mut s, &[n], init, loc, &mut |c, acc, ivs| {
            let item = c.list_load(l, ivs[0], loc);
            let equal = c.compare("eq", item, x, loc);
            c.e.binary(&arith::ORI, acc, equal, loc)
        });
        if present {
            found
        } else {
            let one = self.e.const_int(1, i1, loc);
            self.e.binary(&arith::XORI, found, one, loc)
        }
    }
}
