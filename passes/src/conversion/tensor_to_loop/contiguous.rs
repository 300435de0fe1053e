//! Unit-stride versioning of filling nests. Arrays reach compiled code as strided views, so
//! an elementwise nest loads `base + i * stride` with a stride LLVM cannot see, and broadcasts
//! each operand with a `select(size == 1, 0, i)` per dimension: the loop does not vectorize.
//! Most calls pass contiguous, same-shape arrays, so the nest is emitted twice: a version for
//! exactly that case (checked at run time: every buffer the nest reads or writes has the nest's
//! trailing sizes and a unit innermost stride), whose buffers are cast to
//! `strided<[?, …, 1], offset: ?>` and read without broadcasting, and the general one.

use blackbird_dialects::ir::{Diagnostic, Location, MemLayout, TypeKind, Value};
use blackbird_dialects::{arith, loops};

use super::{Elementwise, Lowering, Operand};

/// Loops emitted over given buffers (as they are, or cast to unit strides).
type BuffersBody<'b, S> = dyn FnMut(&mut S, &[Value]) -> Result<(), Diagnostic> + 'b;
/// Loops emitted for an elementwise computation and its target.
type NestOver<'b, S> = dyn FnMut(&mut S, &Elementwise, Value) -> Result<(), Diagnostic> + 'b;

impl Lowering<'_> {
    /// Fill `target` of `shape` with `ew`'s elements, through a unit-stride version when the
    /// arrays are contiguous and not broadcast (see the module docs).
    pub(super) fn fill(
        &mut self,
        ew: &Elementwise,
        target: Value,
        shape: &[Value],
        loc: &Location,
    ) -> Result<(), Diagnostic> {
        self.versioned(ew, target, shape, loc, &mut |s, ew, target| {
            s.fill_nest(ew, target, shape, loc)
        })
    }

    /// Emit `body(ew, target)` for a nest over `shape` reading `ew` and writing `target`
    /// twice: with `ew` exact and the buffers cast to unit innermost strides when every buffer
    /// (and `target`, unless it is a fresh allocation) has the trailing sizes of `shape` and a
    /// unit innermost stride, else as they are. Without buffers to version, just once.
    pub(super) fn versioned(
        &mut self,
        ew: &Elementwise,
        target: Value,
        shape: &[Value],
        loc: &Location,
        body: &mut NestOver<Self>,
    ) -> Result<(), Diagnostic> {
        let versioned = !shape.is_empty()
            && ew.operands.iter().all(|o| {
                matches!(
                    o,
                    Operand::Buffer(_) | Operand::Scalar(_) | Operand::Splat(..)
                )
            });
        if !versioned {
            return body(self, ew, target);
        }
        let mut checked = ew.buffers();
        // A fresh allocation is contiguous, of the nest's shape.
        if !self.is_fresh(target) {
            checked.push(target);
        }
        checked.sort();
        checked.dedup();
        self.two_versions(&checked, Some(shape), loc, &mut |s, fast| {
            if !fast {
                return body(s, ew, target);
            }
            let exact = s.read_exactly(ew, &mut |s, m| s.unit_stride(m, loc));
            let target = s.unit_stride(target, loc);
            body(s, &exact, target)
        })
    }

    /// Whether `m` is a new allocation (`loop.alloc`, possibly cast), not a view of one.
    fn is_fresh(&self, m: Value) -> bool {
        let op = self.ctx.defining_op(m);
        let op = match op.filter(|op| self.ctx.is_op(*op, &loops::CAST)) {
            Some(cast) => self.ctx.defining_op(self.ctx.operand(cast, 0)),
            None => op,
        };
        op.is_some_and(|op| self.ctx.is_op(op, &loops::ALLOC))
    }

    /// Whether buffer `m` has a unit innermost stride (unless it is rank 0) and, with `shape`
    /// (i64), that shape's trailing sizes.
    pub(super) fn contiguous_like(
        &mut self,
        m: Value,
        shape: Option<&[Value]>,
        loc: &Location,
    ) -> Value {
        let rank = self.rank(m);
        let i1 = self.ctx.i1();
        let mut ok = self.const_int(1, i1, loc);
        if rank == 0 {
            return ok;
        }
        let (_, sizes, strides) = self.metadata(m, loc);
        let i64t = self.ctx.i64();
        let one = self.const_int(1, i64t, loc);
        if let Some(shape) = shape {
            for (d, size) in sizes.iter().enumerate() {
                let size = self.value(&arith::INDEX_CAST, &[*size], i64t, loc);
                let same = self.cmp(&arith::CMPI, "eq", size, shape[shape.len() - rank + d], loc);
                ok = self.binary(&arith::ANDI, ok, same, loc);
            }
        }
        let inner = self.value(&arith::INDEX_CAST, &[strides[rank - 1]], i64t, loc);
        let unit = self.cmp(&arith::CMPI, "eq", inner, one, loc);
        self.binary(&arith::ANDI, ok, unit, loc)
    }

    /// `body(true)` where every buffer of `checked` is [`Self::contiguous_like`] `shape` at run
    /// time, else `body(false)`: the same loops twice, the first of which LLVM can vectorize.
    pub(super) fn two_versions(
        &mut self,
        checked: &[Value],
        shape: Option<&[Value]>,
        loc: &Location,
        body: &mut dyn FnMut(&mut Self, bool) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let unit = self.all_buffers(checked, loc, &mut |s, m| s.contiguous_like(m, shape, loc));
        let fast = self.region(&mut |s| body(s, true))?;
        let general = self.region(&mut |s| body(s, false))?;
        self.emit(&loops::IF, &[unit], &[], &[], vec![fast, general], loc);
        Ok(())
    }

    /// Whether `check(m)` holds for every buffer `m` of `buffers` (an i1 computed at run
    /// time; true for none).
    pub(super) fn all_buffers(
        &mut self,
        buffers: &[Value],
        loc: &Location,
        check: &mut dyn FnMut(&mut Self, Value) -> Value,
    ) -> Value {
        let i1 = self.ctx.i1();
        let mut all = self.const_int(1, i1, loc);
        for m in buffers {
            let ok = check(self, *m);
            all = self.binary(&arith::ANDI, all, ok, loc);
        }
        all
    }

    /// `ew` reading each of its buffers `m` as `view(m)` (a cast or view checked to hold the
    /// same elements), without broadcasting.
    pub(super) fn read_exactly(
        &mut self,
        ew: &Elementwise,
        view: &mut dyn FnMut(&mut Self, Value) -> Value,
    ) -> Elementwise {
        let mut exact = ew.clone();
        exact.exact = true;
        for o in exact.operands.iter_mut() {
            if let Operand::Buffer(m) = o {
                *m = view(self, *m);
            }
        }
        exact
    }

    /// Run `body` on `buffers` cast to a unit innermost stride when they all have one (checked
    /// at run time), else on them as they are.
    pub(super) fn with_unit_strides(
        &mut self,
        buffers: &[Value],
        loc: &Location,
        body: &mut BuffersBody<Self>,
    ) -> Result<(), Diagnostic> {
        self.two_versions(buffers, None, loc, &mut |s, fast| match fast {
            true => {
                let cast: Vec<Value> = buffers.iter().map(|m| s.unit_stride(*m, loc)).collect();
                body(s, &cast)
            }
            false => body(s, buffers),
        })
    }

    /// Buffer `m` cast to a unit innermost stride (checked by [`Self::contiguous_like`]).
    pub(super) fn unit_stride(&mut self, m: Value, loc: &Location) -> Value {
        let t = self.ctx.value_type(m);
        let TypeKind::MemRef { shape, elem, .. } = self.ctx.type_kind(t).clone() else {
            unreachable!("a buffer")
        };
        if shape.is_empty() {
            return m;
        }
        let contiguous = self.ctx.intern_type(TypeKind::MemRef {
            shape,
            elem,
            layout: MemLayout::InnerContiguous,
        });
        self.value(&loops::CAST, &[m], contiguous, loc)
    }
}
