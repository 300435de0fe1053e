//! Indexing: element indices (wraparound, bounds checks), `a[i]`, `a[i] = x` and slices;
//! integer and boolean array indices are in [`super::fancy`].

use blackbird_dialects::ir::{OpId, TypeKind, Value};
use blackbird_dialects::{arith, loops, py};

use super::{error, not_yet, CResult, Converter, L};

impl Converter<'_> {
    /// Element indices as `index` values: negative ones wrap; with boundscheck, out-of-range
    /// ones raise IndexError (and read element 0 of a non-empty array instead).
    pub(super) fn element_indices(
        &mut self,
        op: OpId,
        m: Value,
        indices: &[Value],
    ) -> CResult<(Vec<Value>, Option<Value>)> {
        let rank = self
            .e
            .ctx
            .type_kind(self.e.ctx.value_type(m))
            .rank()
            .unwrap_or(0);
        if indices.len() != rank {
            return Err(not_yet(
                self.e.ctx,
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
    pub(super) fn lowered_element_indices(
        &mut self,
        op: OpId,
        m: Value,
        indices: Vec<Value>,
    ) -> CResult<(Vec<Value>, Option<Value>)> {
        let loc = self.e.ctx.loc(op).clone();
        if indices.len() != self.e.rank(m) {
            return Err(error(
                self.e.ctx,
                op,
                format!(
                    "expected {} indices, found {}",
                    self.e.rank(m),
                    indices.len()
                ),
            ));
        }
        let i64t = self.e.ctx.i64();
        let index = self.e.ctx.index();
        let mut out = vec![];
        let mut all_in_bounds: Option<Value> = None;
        for (d, i) in indices.into_iter().enumerate() {
            if !matches!(
                self.e.ctx.type_kind(self.e.ctx.value_type(i)),
                TypeKind::Int { .. }
            ) {
                return Err(not_yet(self.e.ctx, op, "this kind of index"));
            }
            let n = self.e.dim(m, d, &loc);
            let (mut i, in_bounds) = self.e.wrap_index(i, n, &loc);
            if let Some(ok) = in_bounds {
                all_in_bounds = Some(match all_in_bounds {
                    Some(acc) => self.e.binary(&arith::ANDI, acc, ok, &loc),
                    None => ok,
                });
                let zero = self.e.const_int(0, i64t, &loc);
                i = self.e.select(ok, i, zero, &loc);
            }
            out.push(self.e.value(&arith::INDEX_CAST, &[i], index, &loc));
        }
        if let Some(ok) = all_in_bounds {
            self.e
                .raise_unless(ok, "IndexError", "index out of bounds", &loc);
        }
        Ok((out, all_in_bounds))
    }

    pub(super) fn getitem(&mut self, op: OpId) -> CResult<L> {
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        if let L::V(l) = self.get(operands[0]) {
            if super::lists::is_list(self, l) {
                return self.list_getitem(op, l, operands[1]);
            }
            if super::dicts::is_container(self, l) {
                return self.dict_getitem(op, l, &operands[1..]);
            }
        }
        // A list as an index reads its elements (`a[[0, 2]]`).
        self.with_list_buffers(&operands[1..], &loc, |c| c.getitem_here(op, &operands))
    }

    fn getitem_here(&mut self, op: OpId, operands: &[Value]) -> CResult<L> {
        let loc = self.e.ctx.loc(op).clone();
        match self.get(operands[0]) {
            L::Tuple(items) => {
                let i = py::int_constant(self.e.ctx, operands[1])
                    .expect("typed tuple indices are constants");
                let n = items.len() as i64;
                Ok(items[(if i < 0 { i + n } else { i }) as usize].clone())
            }
            L::V(m) if self.is_advanced(&operands[1..]) => {
                Ok(L::V(self.advanced_getitem(op, m, &operands[1..])?))
            }
            L::V(m) if self.fancy_index(&operands[1..]).is_some() => {
                let index = self.fancy_index(&operands[1..]).expect("checked");
                Ok(L::V(self.fancy_getitem(op, m, index)?))
            }
            L::V(m)
                if self.e.ctx.type_kind(self.e.ctx.value_type(m)).is_shaped()
                    && !self.is_element_access(m, &operands[1..]) =>
            {
                Ok(L::V(self.view(op, m, &operands[1..])?))
            }
            L::V(m) if self.e.ctx.type_kind(self.e.ctx.value_type(m)).is_shaped() => {
                let (idx, in_bounds) = self.element_indices(op, m, &operands[1..])?;
                let elem = self.e.element_type(m);
                let mut load_operands = vec![m];
                load_operands.extend(&idx);
                match in_bounds {
                    None => Ok(L::V(self.e.value(&loops::LOAD, &load_operands, elem, &loc))),
                    // Only read when in bounds (an empty array has no element 0).
                    Some(ok) => Ok(L::V(self.e.when_or_zero(ok, elem, &loc, &mut |s| {
                        s.value(&loops::LOAD, &load_operands, elem, &loc)
                    }))),
                }
            }
            _ => Err(not_yet(self.e.ctx, op, "this subscript")),
        }
    }

    pub(super) fn setitem(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        if let L::V(l) = self.get(operands[1]) {
            if super::lists::is_list(self, l) {
                return self.list_setitem(op, l);
            }
            if super::dicts::is_container(self, l) {
                return self.dict_setitem(op, l);
            }
        }
        // A list as an index or as the value assigned reads its elements.
        let mut lists = vec![operands[0]];
        lists.extend(&operands[2..]);
        self.with_list_buffers(&lists, &loc, |c| c.setitem_here(op))
    }

    fn setitem_here(&mut self, op: OpId) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let L::V(m) = self.get(operands[1]) else {
            return Err(not_yet(self.e.ctx, op, "this assignment"));
        };
        if self.is_advanced(&operands[2..]) {
            let value = self.get(operands[0]);
            return self.advanced_setitem(op, m, &operands[2..], value);
        }
        if let Some(index) = self.fancy_index(&operands[2..]) {
            let value = self.get(operands[0]);
            return self.fancy_setitem(op, m, index, value);
        }
        if !self.is_element_access(m, &operands[2..]) {
            let target = self.view(op, m, &operands[2..])?;
            let value = self.get(operands[0]);
            return self.assign_array(op, target, value);
        }
        let value = self.scalar(op, operands[0])?;
        let elem = self.e.element_type(m);
        let value = self.e.coerce(value, elem, &loc);
        let (idx, in_bounds) = self.element_indices(op, m, &operands[2..])?;
        let mut store = vec![value, m];
        store.extend(idx);
        match in_bounds {
            None => {
                self.e.emit(&loops::STORE, &store, &[], &[], vec![], &loc);
            }
            Some(ok) => {
                let (then_r, then_b) = self.e.ctx.create_region_with_block(&[]);
                let (else_r, else_b) = self.e.ctx.create_region_with_block(&[]);
                let outer = std::mem::replace(&mut self.e.block, then_b);
                self.e.emit(&loops::STORE, &store, &[], &[], vec![], &loc);
                self.e.emit(&loops::YIELD, &[], &[], &[], vec![], &loc);
                self.e.block = else_b;
                self.e.emit(&loops::YIELD, &[], &[], &[], vec![], &loc);
                self.e.block = outer;
                self.e
                    .emit(&loops::IF, &[ok], &[], &[], vec![then_r, else_r], &loc);
            }
        }
        Ok(())
    }
}
