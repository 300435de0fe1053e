//! Float sums in NumPy's order (option `pairwise-sums`): `np.add.reduce` adds each run of
//! elements its inner loop sees pairwise (see [`crate::conversion::pairwise`]) and the runs'
//! sums one after another. A vector is one run; so is a C- or Fortran-contiguous array, read in
//! memory order (NumPy's iterator coalesces its axes), or one reversed along every axis, and an
//! expression over such arrays of one order (NumPy sums its temporary, of that order): those
//! are checked at run time and read as unit-stride vectors. Any other layout is walked in the
//! order NumPy's iterator reads it (see [`super::walk`]). A reduction along the last axis sums
//! each lane as one run. (Along other axes, NumPy adds whole slices one after another: the
//! order `convert-tensor-to-loop`'s outer reductions keep.) An integer array summed as floats
//! (`np.mean` of ints) goes through NumPy's casting buffer: runs of 8192 elements.

use blackbird_dialects::ir::{Location, MemLayout, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, tensor};

use super::{Elementwise, Lowering, Operand};
use crate::conversion::emit::if_else;
use crate::conversion::pairwise::{buffered_sum, pairwise_sum};

impl Lowering<'_> {
    /// Whether `reduce` over elements of `elem` is a float sum added in NumPy's order.
    pub(super) fn is_pairwise(&self, reduce: OpId, elem: Type) -> bool {
        self.pairwise_sums
            && tensor::reduce::KIND.of(self.ctx, reduce) == tensor::ReduceKind::Sum
            && self.is_float(elem)
    }

    /// The sum of `ew`'s elements over `shape` (rank ≥ 1), in NumPy's order: one run in C
    /// order for vectors and, when its buffers all have exactly `shape` and are C-contiguous
    /// (checked at run time: that version reads them as unit-stride vectors, which LLVM
    /// vectorizes), for arrays; else in the order NumPy walks them (see [`super::walk`]).
    pub(super) fn full_sum(
        &mut self,
        ew: &Elementwise,
        shape: &[Value],
        elem: Type,
        loc: &Location,
    ) -> Value {
        let vector = shape.len() == 1;
        let threaded = self.threads.sums;
        let cast = self.is_cast(ew);
        let general = |s: &mut Self| match (vector, cast) {
            (true, true) => buffered_sum(
                s,
                shape[0],
                elem,
                loc,
                &mut |s, p| s.element(ew, &[p], loc),
                &mut |_, _| {},
            ),
            (true, false) => pairwise_sum(
                s,
                shape[0],
                elem,
                loc,
                threaded,
                &mut |s, p| s.element(ew, &[p], loc),
                &mut |_, _| {},
            ),
            (false, _) => s.walked_sum(ew, shape, elem, cast, loc),
        };
        if !self.reads_whole_buffers(ew, shape.len()) {
            return general(self);
        }
        let buffers = ew.buffers();
        // NumPy's iterator reads C- or Fortran-contiguous operands (a transposed array, an
        // expression over such arrays) in memory order, as one run; operands reversed along
        // every axis (`a[::-1, ::-1]`) also coalesce into one run (a reduction does not flip
        // negative strides), read backwards through memory: the view's C (or F) order.
        let packed = |s: &mut Self, fortran: bool, reversed: bool| {
            s.all_buffers(&buffers, loc, &mut |s, m| {
                s.contiguous(m, shape, fortran, reversed, loc)
            })
        };
        let (forward, backward) = match shape.len() {
            1 => (packed(self, false, false), None),
            // A splat is a C-contiguous array to NumPy: with one, a Fortran-ordered
            // expression is walked (see [`super::walk`]).
            _ if ew.operands.iter().any(|o| matches!(o, Operand::Splat(..))) => {
                (packed(self, false, false), Some(packed(self, false, true)))
            }
            _ => {
                let c = packed(self, false, false);
                let f = packed(self, true, false);
                let c_reversed = packed(self, false, true);
                let f_reversed = packed(self, true, true);
                (
                    self.binary(&arith::ORI, c, f, loc),
                    Some(self.binary(&arith::ORI, c_reversed, f_reversed, loc)),
                )
            }
        };
        let mut one_run = match backward {
            Some(backward) => self.binary(&arith::ORI, forward, backward, loc),
            None => forward,
        };
        // A buffer made here for an array NumPy lays out in another order is not walked so.
        if let Some(numpy_c) = self.numpy_layout_is_c(&buffers, loc) {
            one_run = self.binary(&arith::ANDI, one_run, numpy_c, loc);
        }
        if_else(self, one_run, &[elem], loc, &mut |s, one_run| {
            if !one_run {
                return vec![general(s)];
            }
            // One version for both directions (the i-th element of a reversed run is the
            // (total-1-i)-th in memory order): LLVM unswitches the loop on the direction.
            let total = s.element_count_of(shape, loc);
            let flat = s.read_exactly(ew, &mut |s, m| s.flat_view(m, total, backward, loc));
            let last = {
                let i64t = s.ctx.i64();
                let one = s.const_int(1, i64t, loc);
                s.binary(&arith::SUBI, total, one, loc)
            };
            let at = |s: &mut Self, p: Value| match backward {
                Some(backward) => {
                    let mirrored = s.binary(&arith::SUBI, last, p, loc);
                    s.select(backward, mirrored, p, loc)
                }
                None => p,
            };
            let mut x = |s: &mut Self, p: Value| {
                let i = at(s, p);
                s.element(&flat, &[i], loc)
            };
            let mut ahead = |s: &mut Self, p: Value| s.prefetch_element(&flat, &[p], loc);
            vec![match cast {
                true => buffered_sum(s, total, elem, loc, &mut x, &mut ahead),
                false => pairwise_sum(s, total, elem, loc, threaded, &mut x, &mut ahead),
            }]
        })[0]
    }

    /// The sum of the lane of `source` (of `shape`) along its last axis at the other axes'
    /// indices `outer`, as one run: read as unit-stride vectors when every buffer of `source`
    /// has exactly `shape` and a unit innermost stride (checked at run time), else as they
    /// are, broadcast.
    pub(super) fn lane_sum(
        &mut self,
        source: &Elementwise,
        shape: &[Value],
        outer: &[Value],
        elem: Type,
        loc: &Location,
    ) -> Value {
        let n = shape[shape.len() - 1];
        let lane = |s: &mut Self, source: &Elementwise| {
            let at = |p: Value| -> Vec<Value> { outer.iter().copied().chain([p]).collect() };
            pairwise_sum(
                s,
                n,
                elem,
                loc,
                false,
                &mut |s, p| s.element(source, &at(p), loc),
                &mut |s, p| s.prefetch_element(source, &at(p), loc),
            )
        };
        let buffers = source.buffers();
        if !self.reads_whole_buffers(source, shape.len()) || buffers.is_empty() {
            return lane(self, source);
        }
        let unit = self.all_buffers(&buffers, loc, &mut |s, m| {
            s.contiguous_like(m, Some(shape), loc)
        });
        if_else(self, unit, &[elem], loc, &mut |s, unit| match unit {
            true => {
                let exact = s.read_exactly(source, &mut |s, m| s.unit_stride(m, loc));
                vec![lane(s, &exact)]
            }
            false => vec![lane(s, source)],
        })[0]
    }

    /// Whether `ew` only converts the elements of one integer buffer to floats: NumPy sums
    /// such a cast through its casting buffer (see [`buffered_sum`]).
    fn is_cast(&self, ew: &Elementwise) -> bool {
        let (Some(map), [Operand::Buffer(m)]) = (ew.map, ew.operands.as_slice()) else {
            return false;
        };
        let body = self.ctx.entry_block(self.ctx.region(map, 0));
        let ops = self.ctx.block_ops(body);
        let conversions = [&arith::SITOFP, &arith::UITOFP, &arith::EXTUI, &arith::EXTSI];
        self.ctx.type_kind(self.element_type(*m)).is_integer()
            && ops[..ops.len() - 1]
                .iter()
                .all(|op| conversions.iter().any(|d| self.ctx.is_op(*op, d)))
    }

    /// Prefetch the elements an exact `ew` loads at `ivs` (nothing when it broadcasts).
    fn prefetch_element(&mut self, ew: &Elementwise, ivs: &[Value], loc: &Location) {
        if !ew.exact {
            return;
        }
        for m in ew.buffers() {
            let rank = self.rank(m);
            self.prefetch_at(m, &ivs[ivs.len() - rank..], loc);
        }
    }

    /// Whether `ew` reads only buffers of rank `rank` (not broadcast along added axes) and
    /// scalars: it can be read through other views of those buffers.
    fn reads_whole_buffers(&self, ew: &Elementwise, rank: usize) -> bool {
        ew.operands.iter().all(|o| match o {
            Operand::Buffer(m) => self.rank(*m) == rank,
            Operand::Scalar(_) | Operand::Splat(..) => true,
            Operand::Iota { .. } | Operand::Reduce { .. } => false,
        })
    }

    /// Whether buffer `m` (of the rank of `shape`) has exactly `shape` and is C-contiguous
    /// (each stride the product of the sizes after it) or, with `fortran`, Fortran-contiguous
    /// (the product of the sizes before it); with `reversed`, each stride is the negative of
    /// that (a contiguous array reversed along every axis); any stride along a size-1 axis.
    fn contiguous(
        &mut self,
        m: Value,
        shape: &[Value],
        fortran: bool,
        reversed: bool,
        loc: &Location,
    ) -> Value {
        let (_, sizes, strides) = self.metadata(m, loc);
        let i64t = self.ctx.i64();
        let i1 = self.ctx.i1();
        let one = self.const_int(1, i64t, loc);
        let zero = self.const_int(0, i64t, loc);
        let mut ok = self.const_int(1, i1, loc);
        let mut expected = one;
        let axes: Vec<usize> = match fortran {
            true => (0..sizes.len()).collect(),
            false => (0..sizes.len()).rev().collect(),
        };
        for d in axes {
            let size = self.value(&arith::INDEX_CAST, &[sizes[d]], i64t, loc);
            let stride = self.value(&arith::INDEX_CAST, &[strides[d]], i64t, loc);
            let same_size = self.cmp(&arith::CMPI, "eq", size, shape[d], loc);
            let want = match reversed {
                true => self.binary(&arith::SUBI, zero, expected, loc),
                false => expected,
            };
            let packed = self.cmp(&arith::CMPI, "eq", stride, want, loc);
            let single = self.cmp(&arith::CMPI, "eq", size, one, loc);
            let step = self.binary(&arith::ORI, packed, single, loc);
            let fits = self.binary(&arith::ANDI, same_size, step, loc);
            ok = self.binary(&arith::ANDI, ok, fits, loc);
            expected = self.binary(&arith::MULI, expected, size, loc);
        }
        ok
    }

    /// The `total` elements of contiguous buffer `m` in memory order, as a vector with a
    /// unit stride: from its first element on or, where `backward` (an i1) holds, up to it
    /// (`m` reversed along every axis: its first element is the last in memory).
    fn flat_view(
        &mut self,
        m: Value,
        total: Value,
        backward: Option<Value>,
        loc: &Location,
    ) -> Value {
        let elem = self.element_type(m);
        let (offset, _, _) = self.metadata(m, loc);
        let index = self.ctx.index();
        let one = self.const_int(1, index, loc);
        let total = self.index_value(total, loc);
        let start = match backward {
            Some(backward) => {
                let before = self.binary(&arith::SUBI, offset, total, loc);
                let lowest = self.binary(&arith::ADDI, before, one, loc);
                self.select(backward, lowest, offset, loc)
            }
            None => offset,
        };
        let strided = self.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None],
            elem,
            layout: MemLayout::Strided,
        });
        let view = self.value(&loops::VIEW, &[m, start, total, one], strided, loc);
        self.unit_stride(view, loc)
    }
}
