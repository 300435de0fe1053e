//! Whole arrays: views and slicing, elementwise operations with broadcasting, assignment.

use blackbird_dialects::ir::{Location, MemLayout, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, py, tensor};

use super::{emit, error, not_yet, CResult, Converter, L};
use crate::transforms::infer_types::rules;

impl Converter<'_> {
    /// Is `m[indices]` one element (an integer per dimension)?
    pub(crate) fn is_element_access(&self, m: Value, indices: &[Value]) -> bool {
        let rank = self
            .e
            .ctx
            .type_kind(self.e.ctx.value_type(m))
            .rank()
            .unwrap_or(0);
        indices.len() == rank
            && indices.iter().all(|v| {
                matches!(
                    self.e.ctx.type_kind(self.e.ctx.value_type(*v)),
                    TypeKind::Int { .. }
                )
            })
    }

    /// Python's slice normalisation (as `PySlice_AdjustIndices`) for a dimension of `n`
    /// elements: the first index, the number of elements and the step, as i64.
    pub(crate) fn normalize_slice(
        &mut self,
        start: Option<Value>,
        stop: Option<Value>,
        step: Option<Value>,
        n: Value,
        loc: &Location,
    ) -> (Value, Value, Value) {
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, loc);
        let one = self.e.const_int(1, i64t, loc);
        let minus_one = self.e.const_int(-1, i64t, loc);
        let step = match step {
            Some(s) => {
                let s = self.e.coerce(s, i64t, loc);
                let is_zero = self.e.cmp(&arith::CMPI, "eq", s, zero, loc);
                self.e
                    .raise_if(is_zero, "ValueError", "slice step cannot be zero", loc);
                self.e.select(is_zero, one, s, loc)
            }
            None => one,
        };
        let positive = self.e.cmp(&arith::CMPI, "sgt", step, zero, loc);
        let n_minus_one = self.e.binary(&arith::SUBI, n, one, loc);
        let lower = self.e.select(positive, zero, minus_one, loc);
        let upper = self.e.select(positive, n, n_minus_one, loc);
        let norm = |s: &mut Self, x: Option<Value>, default: Value| -> Value {
            let Some(x) = x else { return default };
            let x = s.e.coerce(x, i64t, loc);
            let negative = s.e.cmp(&arith::CMPI, "slt", x, zero, loc);
            let wrapped = s.e.binary(&arith::ADDI, x, n, loc);
            let low_clamped = s.e.binary(&arith::MAXSI, wrapped, lower, loc);
            let high_clamped = s.e.binary(&arith::MINSI, x, upper, loc);
            s.e.select(negative, low_clamped, high_clamped, loc)
        };
        let start_default = self.e.select(positive, lower, upper, loc);
        let stop_default = self.e.select(positive, upper, lower, loc);
        let start = norm(self, start, start_default);
        let stop = norm(self, stop, stop_default);
        let forward = self.e.binary(&arith::SUBI, stop, start, loc);
        let backward = self.e.binary(&arith::SUBI, start, stop, loc);
        let diff = self.e.select(positive, forward, backward, loc);
        let neg_step = self.e.binary(&arith::SUBI, zero, step, loc);
        let abs_step = self.e.select(positive, step, neg_step, loc);
        let d1 = self.e.binary(&arith::SUBI, diff, one, loc);
        let q = self.e.binary(&arith::DIVSI, d1, abs_step, loc);
        let count = self.e.binary(&arith::ADDI, q, one, loc);
        let nonempty = self.e.cmp(&arith::CMPI, "sgt", diff, zero, loc);
        let len = self.e.select(nonempty, count, zero, loc);
        (start, len, step)
    }

    /// The view `m[indices]` (integers drop a dimension, slices keep one, `None` adds one).
    pub(crate) fn view(&mut self, op: OpId, m: Value, indices: &[Value]) -> CResult<Value> {
        let loc = self.e.ctx.loc(op).clone();
        let index = self.e.ctx.index();
        let i64t = self.e.ctx.i64();
        let (mut offset, sizes, strides) = self.e.metadata(m, &loc);
        let rank = sizes.len();
        let (mut out_sizes, mut out_strides) = (vec![], vec![]);
        let mut d = 0;
        for v in indices {
            match self.get(*v) {
                L::None => {
                    out_sizes.push(self.e.const_int(1, index, &loc));
                    out_strides.push(self.e.const_int(0, index, &loc));
                }
                L::Slice(start, stop, step) => {
                    if d >= rank {
                        return Err(error(self.e.ctx, op, "too many indices for array"));
                    }
                    let n = self.e.value(&arith::INDEX_CAST, &[sizes[d]], i64t, &loc);
                    let (first, len, step) = self.normalize_slice(start, stop, step, n, &loc);
                    let (first, len, step) = (
                        self.e.index_value(first, &loc),
                        self.e.index_value(len, &loc),
                        self.e.index_value(step, &loc),
                    );
                    let skip = self.e.binary(&arith::MULI, first, strides[d], &loc);
                    offset = self.e.binary(&arith::ADDI, offset, skip, &loc);
                    out_sizes.push(len);
                    out_strides.push(self.e.binary(&arith::MULI, strides[d], step, &loc));
                    d += 1;
                }
                L::V(i)
                    if matches!(
                        self.e.ctx.type_kind(self.e.ctx.value_type(i)),
                        TypeKind::Int { .. }
                    ) =>
                {
                    if d >= rank {
                        return Err(error(self.e.ctx, op, "too many indices for array"));
                    }
                    let n = self.e.value(&arith::INDEX_CAST, &[sizes[d]], i64t, &loc);
                    let (i, in_bounds) = self.e.wrap_index(i, n, &loc);
                    if let Some(ok) = in_bounds {
                        self.e
                            .raise_unless(ok, "IndexError", "index out of bounds", &loc);
                    }
                    let i = self.e.index_value(i, &loc);
                    let skip = self.e.binary(&arith::MULI, i, strides[d], &loc);
                    offset = self.e.binary(&arith::ADDI, offset, skip, &loc);
                    d += 1;
                }
                _ => return Err(not_yet(self.e.ctx, op, "this kind of index")),
            }
        }
        for k in d..rank {
            out_sizes.push(sizes[k]);
            out_strides.push(strides[k]);
        }
        Ok(self.make_view(m, offset, &out_sizes, &out_strides, &loc))
    }

    /// A view of `m`'s memory with the given offset, sizes and strides (`index` values).
    pub(crate) fn make_view(
        &mut self,
        m: Value,
        offset: Value,
        sizes: &[Value],
        strides: &[Value],
        loc: &Location,
    ) -> Value {
        let elem = self.e.element_type(m);
        let ty = self.e.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None; sizes.len()],
            elem,
            layout: MemLayout::Strided,
        });
        let mut operands = vec![m, offset];
        operands.extend(sizes);
        operands.extend(strides);
        self.e.value(&loops::VIEW, &operands, ty, loc)
    }

    /// A fresh array of `sizes` (i64), freed at the end of the current region, and its sizes
    /// (all 0 when it could not be allocated: see [`Emitter::alloc_buffer`]).
    pub(crate) fn alloc(
        &mut self,
        elem: Type,
        sizes: &[Value],
        loc: &Location,
    ) -> (Value, Vec<Value>) {
        self.e.alloc_buffer(elem, sizes, loc)
    }

    /// Loop nest over `sizes` (i64); `body` gets the induction variables.
    pub(crate) fn loop_nest(
        &mut self,
        sizes: &[Value],
        loc: &Location,
        body: &mut dyn FnMut(&mut Self, &[Value]) -> CResult<()>,
    ) -> CResult<()> {
        emit::loop_nest(self, sizes, loc, body)
    }

    /// The tensor `f(elements of the inputs)` with NumPy broadcasting (`tensor.map`): array
    /// inputs are read as tensors, scalar inputs are rank 0, constants are copied into the
    /// body (where canonicalization can see them).
    pub(crate) fn elementwise(
        &mut self,
        inputs: &[L],
        elem: Type,
        loc: &Location,
        f: &mut dyn FnMut(&mut Self, &[Value]) -> CResult<Value>,
    ) -> CResult<Value> {
        let mut operands = vec![];
        let mut constants = vec![];
        let mut rank = 0;
        for l in inputs {
            let L::V(v) = l else {
                unreachable!("elementwise inputs are values")
            };
            let kind = self.e.ctx.type_kind(self.e.ctx.value_type(*v)).clone();
            match kind {
                TypeKind::MemRef { shape, elem, .. } => {
                    rank = rank.max(shape.len());
                    let t = self.e.ctx.intern_type(TypeKind::Tensor {
                        shape: vec![None; shape.len()],
                        elem,
                    });
                    operands.push(self.e.value(&tensor::READ, &[*v], t, loc));
                }
                // A tensor value (e.g. a `tensor.iota`) is an operand as it is.
                TypeKind::Tensor { shape, .. } => {
                    rank = rank.max(shape.len());
                    operands.push(*v);
                }
                _ => match self.e.ctx.defining_op(*v) {
                    Some(c) if self.e.ctx.is_op(c, &arith::CONSTANT) => constants.push(c),
                    _ => operands.push(*v),
                },
            }
        }
        let arg_types: Vec<Type> = operands
            .iter()
            .map(|v| {
                let t = self.e.ctx.value_type(*v);
                self.e.ctx.type_kind(t).element_type().unwrap_or(t)
            })
            .collect();
        let (region, body) = self.e.ctx.create_region_with_block(&arg_types);
        let outer = std::mem::replace(&mut self.e.block, body);
        let (mut args, mut constants) = (
            self.e.ctx.block_args(body).to_vec().into_iter(),
            constants.into_iter(),
        );
        let mut xs = vec![];
        for l in inputs {
            let L::V(v) = l else { unreachable!() };
            let constant = self
                .e
                .ctx
                .defining_op(*v)
                .filter(|c| self.e.ctx.is_op(*c, &arith::CONSTANT))
                .filter(|_| !self.e.ctx.type_kind(self.e.ctx.value_type(*v)).is_shaped());
            xs.push(match constant {
                Some(_) => {
                    let c = constants.next().expect("listed");
                    let copy = self.e.ctx.clone_op(c, &mut Default::default());
                    self.e.ctx.append_op(body, copy);
                    self.e.ctx.result(copy, 0)
                }
                None => args.next().expect("one argument per operand"),
            });
        }
        let r = f(self, &xs);
        if let Ok(x) = r {
            self.e.emit(&tensor::YIELD, &[x], &[], &[], vec![], loc);
        }
        self.e.block = outer;
        r?;
        let result = self.e.ctx.intern_type(TypeKind::Tensor {
            shape: vec![None; rank],
            elem,
        });
        let op = self
            .e
            .emit(&tensor::MAP, &operands, &[result], &[], vec![region], loc);
        Ok(self.e.ctx.result(op, 0))
    }

    /// A new array holding tensor `t`, freed at the end of the current region.
    pub(crate) fn materialize(&mut self, t: Value, loc: &Location) -> Value {
        let (rank, elem) = match self.e.ctx.type_kind(self.e.ctx.value_type(t)) {
            TypeKind::Tensor { shape, elem } => (shape.len(), *elem),
            _ => unreachable!("materialize takes a tensor"),
        };
        let ty = self.e.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None; rank],
            elem,
            layout: MemLayout::Strided,
        });
        self.e.value(&tensor::MATERIALIZE, &[t], ty, loc)
    }

    /// `a OP b` where one side is an array: a new array (or, for `a OP= b` on an array, `a`
    /// updated in place), computed element by element with NumPy's broadcasting.
    pub(crate) fn array_binop(&mut self, op: OpId) -> CResult<L> {
        let loc = self.e.ctx.loc(op).clone();
        let kind = self.e.ctx.attr_str(op, "op").to_string();
        if kind == "matmul" {
            let (L::V(a), L::V(b)) = (
                self.get(self.e.ctx.operand(op, 0)),
                self.get(self.e.ctx.operand(op, 1)),
            ) else {
                return Err(not_yet(self.e.ctx, op, "`@` on these values"));
            };
            let elem = self
                .e
                .ctx
                .type_kind(self.result_type(op))
                .element_type()
                .unwrap_or(self.result_type(op));
            return Ok(L::V(self.matmul(a, b, elem, &loc)?));
        }
        let rt = self.result_type(op);
        let elem = self.e.ctx.type_kind(rt).element_type().unwrap();
        let (a, b) = (
            self.get(self.e.ctx.operand(op, 0)),
            self.get(self.e.ctx.operand(op, 1)),
        );
        if !matches!((&a, &b), (L::V(_), L::V(_))) {
            return Err(not_yet(
                self.e.ctx,
                op,
                "this operand of an array operation",
            ));
        }
        let in_place_target = match &a {
            L::V(v)
                if self.e.ctx.attr(op, "inplace").is_some()
                    && self.e.ctx.type_kind(self.e.ctx.value_type(*v)).is_shaped() =>
            {
                Some(*v)
            }
            _ => None,
        };
        let b_const = py::int_constant(self.e.ctx, self.e.ctx.operand(op, 1));
        // In place, the operation is computed in the promoted dtype of both operands (the
        // type of `a += b` is `a`'s), then converted to the target's element type once, as
        // NumPy's ufunc with `out=a` does: float32 += float64 adds in float64.
        let (elem, stored) = match in_place_target {
            Some(target) => {
                let stored = self.e.element_type(target);
                let b_type = self.e.ctx.value_type(self.e.ctx.operand(op, 1));
                let computed = match rules::array_parts(self.e.ctx, b_type) {
                    Some((eb, _, _)) => rules::promote_dtypes(self.e.ctx, stored, eb),
                    None => rules::promote_array_scalar(self.e.ctx, stored, b_type),
                };
                let computed = match kind.as_str() {
                    "truediv" => rules::float_result(self.e.ctx, computed),
                    _ => computed,
                };
                (computed, stored)
            }
            None => (elem, elem),
        };
        let t = self.elementwise(&[a, b], stored, &loc, &mut |s, xs| {
            let r = s.binop(op, &kind, xs[0], xs[1], b_const, elem, true, &loc)?;
            Ok(s.e.coerce(r, stored, &loc))
        })?;
        Ok(L::V(match in_place_target {
            Some(target) => {
                self.store_tensor(t, target, &loc);
                target
            }
            None => self.materialize(t, &loc),
        }))
    }

    /// `tensor.store t, target`: `t` broadcast into the buffer.
    pub(crate) fn store_tensor(&mut self, t: Value, target: Value, loc: &Location) {
        self.e
            .emit(&tensor::STORE, &[t, target], &[], &[], vec![], loc);
    }

    /// `target[...] = value`: a scalar fills the view, an array is broadcast into it (the
    /// value converted to the target's element type). The value is complete before the
    /// write starts, so overlapping source and target are safe.
    pub(crate) fn assign_array(&mut self, op: OpId, target: Value, value: L) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        if !matches!(value, L::V(_)) {
            return Err(not_yet(self.e.ctx, op, "assigning this value"));
        }
        let elem = self.e.element_type(target);
        let t = self.elementwise(&[value], elem, &loc, &mut |s, xs| {
            Ok(s.e.coerce(xs[0], elem, &loc))
        })?;
        self.store_tensor(t, target, &loc);
        Ok(())
    }
}
