//! The reductions of `convert-tensor-to-loop`: a full fold of a tensor, an outer reduction
//! accumulated row by row, the element of a partial reduction folded inside the nest that
//! reads it, and how each `tensor.reduce` kind combines elements.

use blackbird_dialects::ir::{Diagnostic, Location, OpDef, OpId, Type, Value};
use blackbird_dialects::{arith, tensor};

use super::{Lowering, Operand};
use crate::conversion::emit::{fold_carried, fold_nest, loop_nest};

impl Lowering<'_> {
    /// A full reduction, with the reduced tensor computed element by element.
    pub(super) fn reduce(&mut self, reduce: OpId, loc: &Location) -> Result<Value, Diagnostic> {
        let source = self.ctx.operand(reduce, 0);
        let elem = self.element_type(source);
        let (combine, init) = self.combiner(reduce, elem, loc);
        let ew = self.elementwise(source, loc)?;
        let shape = self.shape(&ew, loc);
        if self.is_pairwise(reduce, elem) && !shape.is_empty() {
            return Ok(self.full_sum(&ew, &shape, elem, loc));
        }
        fold_nest(self, &shape, init, loc, &mut |s, acc, ivs| {
            let x = s.element(&ew, ivs, loc);
            s.binary(combine, acc, x, loc)
        })
    }

    /// How a `tensor.reduce` (sum or prod, verified by [`super::check_reduction`]) combines elements
    /// of type `elem`, and its identity.
    pub(super) fn combiner(
        &mut self,
        reduce: OpId,
        elem: Type,
        loc: &Location,
    ) -> (&'static OpDef, Value) {
        let kind = tensor::reduce::KIND.of(self.ctx, reduce);
        let float = self.is_float(elem);
        let def: &'static OpDef = match (kind.as_str(), float) {
            ("sum", true) => &arith::ADDF,
            ("sum", false) => &arith::ADDI,
            ("prod", true) => &arith::MULF,
            ("prod", false) => &arith::MULI,
            // NaN-propagating for floats, as NumPy's min/max; the emitter picks the unsigned
            // integer ops for unsigned types.
            ("max", true) => &arith::MAXIMUMF,
            ("max", false) => &arith::MAXSI,
            ("min", true) => &arith::MINIMUMF,
            _ => &arith::MINSI,
        };
        let identity = match (kind.as_str(), float) {
            ("sum", _) => self.zero_of(elem, 0.0, loc),
            ("prod", _) => self.zero_of(elem, 1.0, loc),
            ("max", _) if float => self.const_float(f64::NEG_INFINITY, elem, loc),
            (_, true) => self.const_float(f64::INFINITY, elem, loc),
            (max_or_min, false) => {
                let (lowest, highest) = self.int_range(elem);
                let v = if max_or_min == "max" { lowest } else { highest };
                self.const_int(v, elem, loc)
            }
        };
        (def, identity)
    }

    /// Whether a `tensor.reduce` keeps its source's innermost axis (`A.sum(axis=0)` of a
    /// matrix): folding each lane would read memory across rows, so it is accumulated row by
    /// row instead ([`Self::outer_reduction`]).
    pub(super) fn is_outer_reduction(&self, reduce: OpId) -> bool {
        let source_rank = self.rank(self.ctx.operand(reduce, 0));
        self.rank(self.ctx.result(reduce, 0)) > 0
            && !self.reduced_axes(reduce).contains(&(source_rank - 1))
    }

    /// The source axes a `tensor.reduce` folds.
    pub(super) fn reduced_axes(&self, reduce: OpId) -> Vec<usize> {
        tensor::reduce::AXES
            .of(self.ctx, reduce)
            .into_iter()
            .map(|a| a as usize)
            .collect()
    }

    /// A fresh buffer holding an outer reduction: filled with the identity, then every source
    /// element, in C order, combined into its result element; each result element still
    /// combines its lane first to last, as folding the lane would, while the inner loop runs
    /// along rows (contiguous and vectorizable).
    pub(super) fn outer_reduction(
        &mut self,
        reduce: OpId,
        loc: &Location,
    ) -> Result<Value, Diagnostic> {
        let axes = self.reduced_axes(reduce);
        let ew = self.elementwise(self.ctx.operand(reduce, 0), loc)?;
        let shape = self.shape(&ew, loc);
        let kept = |ivs: &[Value]| -> Vec<Value> {
            ivs.iter()
                .enumerate()
                .filter(|(d, _)| !axes.contains(d))
                .map(|(_, v)| *v)
                .collect()
        };
        let sizes = kept(&shape);
        let elem = self.element_type(self.ctx.result(reduce, 0));
        let (combine, init) = self.combiner(reduce, elem, loc);
        let (out, sizes) = self.alloc_buffer(elem, &sizes, loc);
        let shape = self.within(&shape, &sizes, loc);
        loop_nest(self, &sizes, loc, &mut |s, ivs| {
            s.store_at(init, out, ivs, loc);
            Ok(())
        })?;
        self.versioned(&ew, out, &shape, loc, &mut |s, ew, out| {
            loop_nest(s, &shape, loc, &mut |s, ivs| {
                let at = kept(ivs);
                let x = s.element(ew, ivs, loc);
                let acc = s.load_at(out, &at, loc);
                let r = s.binary(combine, acc, x, loc);
                s.store_at(r, out, &at, loc);
                Ok(())
            })
        })?;
        Ok(out)
    }

    /// The element of a reduction operand at the nest's `ivs` (broadcast as a load would):
    /// its source folded along the reduced axes, in their order.
    pub(super) fn reduced_element(
        &mut self,
        reduction: &Operand,
        ivs: &[Value],
        loc: &Location,
    ) -> Value {
        let Operand::Reduce {
            reduce,
            source,
            source_shape,
            axes,
        } = reduction
        else {
            unreachable!("a reduction operand")
        };
        let kept = reduction.own_sizes().expect("a reduction's sizes");
        let outer: Vec<Value> = (0..kept.len())
            .map(|d| self.broadcast_index(ivs, d, &kept, loc))
            .collect();
        let reduced: Vec<Value> = axes.iter().map(|a| source_shape[*a]).collect();
        let elem = self.element_type(self.ctx.result(*reduce, 0));
        let (combine, init) = self.combiner(*reduce, elem, loc);
        let rank = source_shape.len();
        if self.is_pairwise(*reduce, elem) && axes == &[rank - 1] {
            return self.lane_sum(source, source_shape, &outer, elem, loc);
        }
        fold_carried(self, &reduced, init, loc, &mut |s, acc, ks| {
            let (mut kept_ivs, mut reduced_ivs) = (outer.iter(), ks.iter());
            let source_ivs: Vec<Value> = (0..rank)
                .map(|d| match axes.contains(&d) {
                    true => *reduced_ivs.next().expect("one per reduced axis"),
                    false => *kept_ivs.next().expect("one per kept axis"),
                })
                .collect();
            let x = s.element(source, &source_ivs, loc);
            s.binary(combine, acc, x, loc)
        })
    }
}
