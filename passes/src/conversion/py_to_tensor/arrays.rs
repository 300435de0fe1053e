//! Whole arrays: views and slicing, elementwise operations with broadcasting, assignment.

use blackbird_dialects::ir::{Location, MemLayout, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, py};

use super::{error, not_yet, CResult, Converter, L};

impl Converter<'_> {
    /// Is `m[indices]` one element (an integer per dimension)?
    pub(super) fn is_element_access(&self, m: Value, indices: &[Value]) -> bool {
        let rank = self
            .ctx
            .type_kind(self.ctx.value_type(m))
            .rank()
            .unwrap_or(0);
        indices.len() == rank
            && indices.iter().all(|v| {
                matches!(
                    self.ctx.type_kind(self.ctx.value_type(*v)),
                    TypeKind::Int { .. }
                )
            })
    }

    pub(super) fn index_value(&mut self, v: Value, loc: &Location) -> Value {
        let index = self.ctx.index();
        self.value(&arith::INDEX_CAST, &[v], index, loc)
    }

    /// Python's slice normalisation (as `PySlice_AdjustIndices`) for a dimension of `n`
    /// elements: the first index, the number of elements and the step, as i64.
    pub(super) fn normalize_slice(
        &mut self,
        start: Option<Value>,
        stop: Option<Value>,
        step: Option<Value>,
        n: Value,
        loc: &Location,
    ) -> (Value, Value, Value) {
        let i64t = self.ctx.i64();
        let zero = self.const_int(0, i64t, loc);
        let one = self.const_int(1, i64t, loc);
        let minus_one = self.const_int(-1, i64t, loc);
        let step = match step {
            Some(s) => {
                let s = self.coerce(s, i64t, loc);
                let is_zero = self.cmp(&arith::CMPI, "eq", s, zero, loc);
                self.raise_if(is_zero, "ValueError", "slice step cannot be zero", loc);
                self.select(is_zero, one, s, loc)
            }
            None => one,
        };
        let positive = self.cmp(&arith::CMPI, "sgt", step, zero, loc);
        let n_minus_one = self.binary(&arith::SUBI, n, one, loc);
        let lower = self.select(positive, zero, minus_one, loc);
        let upper = self.select(positive, n, n_minus_one, loc);
        let norm = |s: &mut Self, x: Option<Value>, default: Value| -> Value {
            let Some(x) = x else { return default };
            let x = s.coerce(x, i64t, loc);
            let negative = s.cmp(&arith::CMPI, "slt", x, zero, loc);
            let wrapped = s.binary(&arith::ADDI, x, n, loc);
            let low_clamped = s.binary(&arith::MAXSI, wrapped, lower, loc);
            let high_clamped = s.binary(&arith::MINSI, x, upper, loc);
            s.select(negative, low_clamped, high_clamped, loc)
        };
        let start_default = self.select(positive, lower, upper, loc);
        let stop_default = self.select(positive, upper, lower, loc);
        let start = norm(self, start, start_default);
        let stop = norm(self, stop, stop_default);
        let forward = self.binary(&arith::SUBI, stop, start, loc);
        let backward = self.binary(&arith::SUBI, start, stop, loc);
        let diff = self.select(positive, forward, backward, loc);
        let neg_step = self.binary(&arith::SUBI, zero, step, loc);
        let abs_step = self.select(positive, step, neg_step, loc);
        let d1 = self.binary(&arith::SUBI, diff, one, loc);
        let q = self.binary(&arith::DIVSI, d1, abs_step, loc);
        let count = self.binary(&arith::ADDI, q, one, loc);
        let nonempty = self.cmp(&arith::CMPI, "sgt", diff, zero, loc);
        let len = self.select(nonempty, count, zero, loc);
        (start, len, step)
    }

    /// The view `m[indices]` (integers drop a dimension, slices keep one, `None` adds one).
    pub(super) fn view(&mut self, op: OpId, m: Value, indices: &[Value]) -> CResult<Value> {
        let loc = self.ctx.loc(op).clone();
        let index = self.ctx.index();
        let i64t = self.ctx.i64();
        let (mut offset, sizes, strides) = self.metadata(m, &loc);
        let rank = sizes.len();
        let (mut out_sizes, mut out_strides) = (vec![], vec![]);
        let mut d = 0;
        for v in indices {
            match self.get(*v) {
                L::None => {
                    out_sizes.push(self.const_int(1, index, &loc));
                    out_strides.push(self.const_int(0, index, &loc));
                }
                L::Slice(start, stop, step) => {
                    if d >= rank {
                        return Err(error(self.ctx, op, "too many indices for array"));
                    }
                    let n = self.value(&arith::INDEX_CAST, &[sizes[d]], i64t, &loc);
                    let (first, len, step) = self.normalize_slice(start, stop, step, n, &loc);
                    let (first, len, step) = (
                        self.index_value(first, &loc),
                        self.index_value(len, &loc),
                        self.index_value(step, &loc),
                    );
                    let skip = self.binary(&arith::MULI, first, strides[d], &loc);
                    offset = self.binary(&arith::ADDI, offset, skip, &loc);
                    out_sizes.push(len);
                    out_strides.push(self.binary(&arith::MULI, strides[d], step, &loc));
                    d += 1;
                }
                L::V(i)
                    if matches!(
                        self.ctx.type_kind(self.ctx.value_type(i)),
                        TypeKind::Int { .. }
                    ) =>
                {
                    if d >= rank {
                        return Err(error(self.ctx, op, "too many indices for array"));
                    }
                    let n = self.value(&arith::INDEX_CAST, &[sizes[d]], i64t, &loc);
                    let (i, in_bounds) = self.wrap_index(i, n, &loc);
                    if let Some(ok) = in_bounds {
                        self.raise_unless(ok, "IndexError", "index out of bounds", &loc);
                    }
                    let i = self.index_value(i, &loc);
                    let skip = self.binary(&arith::MULI, i, strides[d], &loc);
                    offset = self.binary(&arith::ADDI, offset, skip, &loc);
                    d += 1;
                }
                _ => return Err(not_yet(self.ctx, op, "this kind of index")),
            }
        }
        for k in d..rank {
            out_sizes.push(sizes[k]);
            out_strides.push(strides[k]);
        }
        Ok(self.make_view(m, offset, &out_sizes, &out_strides, &loc))
    }

    /// The offset, sizes and strides (`index` values) of a buffer.
    pub(super) fn metadata(&mut self, m: Value, loc: &Location) -> (Value, Vec<Value>, Vec<Value>) {
        let rank = self
            .ctx
            .type_kind(self.ctx.value_type(m))
            .rank()
            .unwrap_or(0);
        let index = self.ctx.index();
        let op = self.emit(
            &loops::METADATA,
            &[m],
            &vec![index; 1 + 2 * rank],
            &[],
            vec![],
            loc,
        );
        let meta = self.ctx.results(op).to_vec();
        (meta[0], meta[1..=rank].to_vec(), meta[1 + rank..].to_vec())
    }

    /// A view of `m`'s memory with the given offset, sizes and strides (`index` values).
    pub(super) fn make_view(
        &mut self,
        m: Value,
        offset: Value,
        sizes: &[Value],
        strides: &[Value],
        loc: &Location,
    ) -> Value {
        let elem = self
            .ctx
            .type_kind(self.ctx.value_type(m))
            .element_type()
            .unwrap();
        let ty = self.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None; sizes.len()],
            elem,
            layout: MemLayout::Strided,
        });
        let mut operands = vec![m, offset];
        operands.extend(sizes);
        operands.extend(strides);
        let v = self.value(&loops::VIEW, &operands, ty, loc);
        self.view_base.insert(v, m);
        v
    }

    /// A fresh array of `sizes` (i64), freed at the end of the current region.
    pub(super) fn alloc(&mut self, elem: Type, sizes: &[Value], loc: &Location) -> Value {
        let sizes: Vec<Value> = sizes.iter().map(|s| self.index_value(*s, loc)).collect();
        let identity = self.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None; sizes.len()],
            elem,
            layout: MemLayout::Identity,
        });
        let buf = self.value(&loops::ALLOC, &sizes, identity, loc);
        let strided = self.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None; sizes.len()],
            elem,
            layout: MemLayout::Strided,
        });
        let view = self.value(&loops::CAST, &[buf], strided, loc);
        self.temps
            .last_mut()
            .expect("a region scope is open")
            .push(view);
        view
    }

    pub(super) fn sizes(&mut self, m: Value, loc: &Location) -> Vec<Value> {
        let rank = self
            .ctx
            .type_kind(self.ctx.value_type(m))
            .rank()
            .unwrap_or(0);
        (0..rank).map(|d| self.dim(m, d, loc)).collect()
    }

    /// The broadcast shape (i64 sizes) of arrays with `shapes`, raising ValueError when
    /// sizes differ and neither is 1.
    pub(super) fn broadcast(&mut self, shapes: &[Vec<Value>], loc: &Location) -> Vec<Value> {
        let rank = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
        let i64t = self.ctx.i64();
        let one = self.const_int(1, i64t, loc);
        let mut out = vec![];
        for d in 0..rank {
            let dims: Vec<Value> = shapes
                .iter()
                .filter(|s| d + s.len() >= rank)
                .map(|s| s[d + s.len() - rank])
                .collect();
            let mut size = one;
            for n in &dims {
                let is_one = self.cmp(&arith::CMPI, "eq", size, one, loc);
                size = self.select(is_one, *n, size, loc);
            }
            for n in &dims {
                let same = self.cmp(&arith::CMPI, "eq", *n, size, loc);
                let unit = self.cmp(&arith::CMPI, "eq", *n, one, loc);
                let ok = self.binary(&arith::ORI, same, unit, loc);
                self.raise_unless(
                    ok,
                    "ValueError",
                    "operands could not be broadcast together",
                    loc,
                );
            }
            out.push(size);
        }
        out
    }

    /// Loop nest over `sizes` (i64); `body` gets the induction variables.
    pub(super) fn loop_nest(
        &mut self,
        sizes: &[Value],
        loc: &Location,
        body: &mut dyn FnMut(&mut Self, &[Value]) -> CResult<()>,
    ) -> CResult<()> {
        self.nest(sizes, &mut vec![], loc, body)
    }

    pub(super) fn nest(
        &mut self,
        sizes: &[Value],
        ivs: &mut Vec<Value>,
        loc: &Location,
        body: &mut dyn FnMut(&mut Self, &[Value]) -> CResult<()>,
    ) -> CResult<()> {
        let Some((n, rest)) = sizes.split_first() else {
            return body(self, ivs);
        };
        let i64t = self.ctx.i64();
        let lb = self.const_int(0, i64t, loc);
        let step = self.const_int(1, i64t, loc);
        let (region, block) = self.ctx.create_region_with_block(&[i64t]);
        let outer = std::mem::replace(&mut self.block, block);
        ivs.push(self.ctx.block_args(block)[0]);
        let r = self.nest(rest, ivs, loc, body);
        ivs.pop();
        if r.is_ok() {
            self.emit(&loops::YIELD, &[], &[], &[], vec![], loc);
        }
        self.block = outer;
        r?;
        self.emit(&loops::FOR, &[lb, *n, step], &[], &[], vec![region], loc);
        Ok(())
    }

    /// Element of a broadcast operand at the result position `ivs`.
    pub(super) fn broadcast_load(&mut self, l: &L, ivs: &[Value], loc: &Location) -> Value {
        let L::V(v) = l else {
            unreachable!("operands are values")
        };
        let Some(rank) = self.ctx.type_kind(self.ctx.value_type(*v)).rank() else {
            return *v;
        };
        let elem = self
            .ctx
            .type_kind(self.ctx.value_type(*v))
            .element_type()
            .unwrap();
        let i64t = self.ctx.i64();
        let one = self.const_int(1, i64t, loc);
        let zero = self.const_int(0, i64t, loc);
        let mut idx = vec![*v];
        for d in 0..rank {
            let n = self.dim(*v, d, loc);
            let iv = ivs[ivs.len() - rank + d];
            let is_one = self.cmp(&arith::CMPI, "eq", n, one, loc);
            let i = self.select(is_one, zero, iv, loc);
            idx.push(self.index_value(i, loc));
        }
        self.value(&loops::LOAD, &idx, elem, loc)
    }

    pub(super) fn store_at(&mut self, value: Value, target: Value, ivs: &[Value], loc: &Location) {
        let mut operands = vec![value, target];
        for iv in ivs {
            operands.push(self.index_value(*iv, loc));
        }
        self.emit(&loops::STORE, &operands, &[], &[], vec![], loc);
    }

    /// `a OP b` where one side is an array: a new array (or, for `a OP= b` on an array, `a`
    /// updated in place), computed element by element with NumPy's broadcasting.
    pub(super) fn array_binop(&mut self, op: OpId) -> CResult<L> {
        let loc = self.ctx.loc(op).clone();
        let kind = self.ctx.attr_str(op, "op").to_string();
        if kind == "matmul" {
            let (L::V(a), L::V(b)) = (
                self.get(self.ctx.operand(op, 0)),
                self.get(self.ctx.operand(op, 1)),
            ) else {
                return Err(not_yet(self.ctx, op, "`@` on these values"));
            };
            let elem = self
                .ctx
                .type_kind(self.result_type(op))
                .element_type()
                .unwrap_or(self.result_type(op));
            return Ok(L::V(self.matmul(a, b, elem, &loc)?));
        }
        let rt = self.result_type(op);
        let elem = self.ctx.type_kind(rt).element_type().unwrap();
        let (a, b) = (
            self.get(self.ctx.operand(op, 0)),
            self.get(self.ctx.operand(op, 1)),
        );
        let mut shapes = vec![];
        for l in [&a, &b] {
            if let L::V(v) = l {
                if self.ctx.type_kind(self.ctx.value_type(*v)).is_shaped() {
                    shapes.push(self.sizes(*v, &loc));
                }
            } else {
                return Err(not_yet(self.ctx, op, "this operand of an array operation"));
            }
        }
        let shape = self.broadcast(&shapes, &loc);
        let inplace = self.ctx.attr(op, "inplace").is_some()
            && matches!(&a, L::V(v) if self.ctx.type_kind(self.ctx.value_type(*v)).is_shaped());
        let target = match (&a, inplace) {
            (L::V(v), true) => *v,
            _ => self.alloc(elem, &shape, &loc),
        };
        let b_const = py::int_constant(self.ctx, self.ctx.operand(op, 1));
        self.loop_nest(&shape, &loc, &mut |s, ivs| {
            let x = s.broadcast_load(&a, ivs, &loc);
            let y = s.broadcast_load(&b, ivs, &loc);
            let r = s.binop(op, &kind, x, y, b_const, elem, true, &loc)?;
            s.store_at(r, target, ivs, &loc);
            Ok(())
        })?;
        Ok(L::V(target))
    }

    /// `target[...] = value`: a scalar fills the view, an array is broadcast into it. The
    /// value is complete before the copy starts, so overlapping source and target are safe.
    pub(super) fn assign_array(&mut self, op: OpId, target: Value, value: L) -> CResult<()> {
        let loc = self.ctx.loc(op).clone();
        let elem = self
            .ctx
            .type_kind(self.ctx.value_type(target))
            .element_type()
            .unwrap();
        let shape = self.sizes(target, &loc);
        let source_shape = match &value {
            L::V(v) if self.ctx.type_kind(self.ctx.value_type(*v)).is_shaped() => {
                Some(self.sizes(*v, &loc))
            }
            L::V(_) => None,
            _ => return Err(not_yet(self.ctx, op, "assigning this value")),
        };
        if let Some(src) = &source_shape {
            // The value must broadcast to the target's shape.
            let joined = self.broadcast(&[shape.clone(), src.clone()], &loc);
            for (j, t) in joined.iter().zip(&shape) {
                let same = self.cmp(&arith::CMPI, "eq", *j, *t, &loc);
                self.raise_unless(
                    same,
                    "ValueError",
                    "could not broadcast the value into the target's shape",
                    &loc,
                );
            }
        }
        self.loop_nest(&shape, &loc, &mut |s, ivs| {
            let x = s.broadcast_load(&value, ivs, &loc);
            let x = s.coerce(x, elem, &loc);
            s.store_at(x, target, ivs, &loc);
            Ok(())
        })
    }
}
