//! NumPy's advanced indexing with integer arrays beyond one 1-D array alone (`fancy.rs`):
//! several index arrays broadcast together (`a[i, j]`), integer arrays mixed with integers
//! and slices (`a[idx, 2]`, `a[idx, 1:3]`, `a[1:3, idx]`), index arrays of any rank
//! (`a[idx2d]`), read and written (`=`, `+=`).
//!
//! A k-D boolean array among other indices stands for the k index arrays of its true elements
//! (NumPy's `nonzero`), its shape checked against the axes it indexes. An integer among index
//! arrays is an index array of no dimensions. The index arrays
//! broadcast to one shape (IndexError when they cannot); the result has that shape's axes
//! where the first advanced index stands when the advanced indices are adjacent, else before
//! every sliced axis, as NumPy places them. Negative indices wrap; out-of-range ones raise
//! IndexError before any element is read or written. Reads make a new C-contiguous array;
//! a written array value is copied first (it may read the array).

use blackbird_dialects::arith;
use blackbird_dialects::ir::{Location, OpId, TypeKind, Value};

use super::emit;
use super::fancy::{count_true, fits_selection, for_each_true, mask_walk, INDEX_VALUES};
use super::{not_yet, CResult, Converter, L};

/// An advanced index, lowered: the array with its slices applied (advanced axes whole), and
/// for each of its axes the index that picks along it.
struct Plan {
    view: Value,
    /// For each axis of `view`: the advanced index along it (an i64, or an array of integers).
    picks: Vec<Option<Value>>,
    /// The broadcast shape of the index arrays (i64 sizes).
    shape: Vec<Value>,
    /// Where the broadcast axes go among the result's.
    at: usize,
    /// The result's sizes (i64), 0 when the index arrays do not broadcast.
    sizes: Vec<Value>,
    /// Whether each advanced index is within its axis, and the axis: checked (IndexError)
    /// after the shapes, as NumPy does while it iterates.
    bounds: Vec<(Value, usize)>,
}

impl Converter<'_> {
    /// Whether `indices` hold index arrays that `fancy.rs` does not take: an index array
    /// among several indices, or an integer array of another rank than 1.
    pub(super) fn is_advanced(&self, indices: &[Value]) -> bool {
        let arrays: Vec<(bool, usize)> = indices
            .iter()
            .filter_map(|v| self.index_array(*v))
            .collect();
        match arrays.as_slice() {
            [] => false,
            [(mask, rank)] if indices.len() == 1 => !mask && *rank != 1,
            _ => true,
        }
    }

    /// Whether `v` is lowered to an array of booleans (true) or integers (false), and its rank.
    fn index_array(&self, v: Value) -> Option<(bool, usize)> {
        let L::V(m) = self.get(v) else { return None };
        match self.e.ctx.type_kind(self.e.ctx.value_type(m)) {
            TypeKind::MemRef { elem, shape, .. } => match self.e.ctx.type_kind(*elem) {
                TypeKind::Int { width: 1, .. } => Some((true, shape.len())),
                TypeKind::Int { .. } => Some((false, shape.len())),
                _ => None,
            },
            _ => None,
        }
    }

    /// `indices` lowered, one per axis of `a`: a k-D boolean array becomes the k index arrays
    /// of its true elements (NumPy's `nonzero`), after its shape is checked against the k axes
    /// it indexes (IndexError otherwise).
    fn axis_indices(&mut self, a: Value, indices: &[Value], loc: &Location) -> Vec<L> {
        let masks = indices
            .iter()
            .any(|v| matches!(self.index_array(*v), Some((true, _))));
        let a_sizes = if masks { self.e.sizes(a, loc) } else { vec![] };
        let mut lowered = vec![];
        for v in indices {
            let index = self.get(*v);
            match (self.index_array(*v), index) {
                (Some((true, k)), L::V(m)) => {
                    let d = lowered.len();
                    let walk = mask_walk(&mut self.e, m, &a_sizes[d..d + k], d, loc);
                    let count = count_true(&mut self.e, m, &walk, loc);
                    let i64t = self.e.ctx.i64();
                    let arrays: Vec<Value> =
                        (0..k).map(|_| self.alloc(i64t, &[count], loc).0).collect();
                    for_each_true(&mut self.e, m, &walk, loc, &mut |e, ivs, pos| {
                        for (array, i) in arrays.iter().zip(ivs) {
                            let i = e.coerce(*i, i64t, loc);
                            e.store_at(i, *array, &[pos], loc);
                        }
                    });
                    lowered.extend(arrays.into_iter().map(L::V));
                }
                (_, index) => lowered.push(index),
            }
        }
        lowered
    }

    /// `a[indices]`: a new array.
    pub(super) fn advanced_getitem(
        &mut self,
        op: OpId,
        a: Value,
        indices: &[Value],
    ) -> CResult<Value> {
        let loc = self.e.ctx.loc(op).clone();
        let plan = self.plan(op, a, indices, &loc)?;
        let ok = self.check_bounds(&plan, &loc);
        let sizes: Vec<Value> = plan
            .sizes
            .iter()
            .map(|n| self.e.size_if(ok, *n, &loc))
            .collect();
        let elem = self.e.element_type(a);
        let (out, sizes) = self.alloc(elem, &sizes, &loc);
        emit::loop_nest(&mut self.e, &sizes, &loc, &mut |e, ivs| {
            let at = source_position(e, &plan, ivs, &loc);
            let x = e.load_at(plan.view, &at, &loc);
            e.store_at(x, out, ivs, &loc);
            Ok(())
        })?;
        Ok(out)
    }

    /// `a[indices] = value`: a scalar, or an array broadcast to the selection.
    pub(super) fn advanced_setitem(
        &mut self,
        op: OpId,
        a: Value,
        indices: &[Value],
        value: L,
    ) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let value = self.assigned_value(op, a, value)?;
        let plan = self.plan(op, a, indices, &loc)?;
        let fits = fits_selection(&mut self.e, value, &plan.sizes, INDEX_VALUES, &loc);
        let within = self.check_bounds(&plan, &loc);
        let ok = self.e.binary(&arith::ANDI, fits, within, &loc);
        let sizes: Vec<Value> = plan
            .sizes
            .iter()
            .map(|n| self.e.size_if(ok, *n, &loc))
            .collect();
        emit::loop_nest(&mut self.e, &sizes, &loc, &mut |e, ivs| {
            let at = source_position(e, &plan, ivs, &loc);
            let x = e.broadcast_load(value, ivs, &loc);
            e.store_at(x, plan.view, &at, &loc);
            Ok(())
        })?;
        Ok(())
    }

    /// The slices applied, the index arrays broadcast and every index checked.
    fn plan(&mut self, op: OpId, a: Value, indices: &[Value], loc: &Location) -> CResult<Plan> {
        let indices = self.axis_indices(a, indices, loc);
        let i64t = self.e.ctx.i64();
        let (mut offset, sizes, strides) = self.e.metadata(a, loc);
        let rank = sizes.len();
        let (mut view_sizes, mut view_strides, mut picks) = (vec![], vec![], vec![]);
        let mut bounds = vec![];
        for d in 0..rank {
            let n = self.e.value(&arith::INDEX_CAST, &[sizes[d]], i64t, loc);
            let index = indices.get(d).cloned();
            let (size, stride, pick) = match index {
                None => (sizes[d], strides[d], None),
                Some(L::Slice(start, stop, step)) => {
                    let (first, len, step) = self.normalize_slice(start, stop, step, n, loc);
                    let (first, len, step) = (
                        self.e.index_value(first, loc),
                        self.e.index_value(len, loc),
                        self.e.index_value(step, loc),
                    );
                    let skip = self.e.binary(&arith::MULI, first, strides[d], loc);
                    offset = self.e.binary(&arith::ADDI, offset, skip, loc);
                    let stride = self.e.binary(&arith::MULI, strides[d], step, loc);
                    (len, stride, None)
                }
                Some(L::V(i)) => {
                    bounds.push((self.indices_within(i, n, loc), d));
                    let pick = match self.e.ctx.type_kind(self.e.ctx.value_type(i)).is_shaped() {
                        true => i,
                        false => self.e.coerce(i, i64t, loc),
                    };
                    (sizes[d], strides[d], Some(pick))
                }
                Some(_) => return Err(not_yet(self.e.ctx, op, "this kind of index")),
            };
            view_sizes.push(size);
            view_strides.push(stride);
            picks.push(pick);
        }
        let view = self.make_view(a, offset, &view_sizes, &view_strides, loc);
        let (shape, ok) = self.broadcast_shape(&picks, loc);
        let message = "shape mismatch: indexing arrays could not be broadcast together";
        self.e.raise_unless(ok, "IndexError", message, loc);
        let advanced: Vec<usize> = (0..rank).filter(|d| picks[*d].is_some()).collect();
        let adjacent = advanced.last().unwrap() - advanced[0] + 1 == advanced.len();
        let at = if adjacent { advanced[0] } else { 0 };
        let mut result: Vec<Value> = (0..rank)
            .filter(|d| picks[*d].is_none())
            .map(|d| {
                self.e
                    .value(&arith::INDEX_CAST, &[view_sizes[d]], i64t, loc)
            })
            .collect();
        result.splice(at..at, shape.iter().copied());
        let sizes = result.iter().map(|n| self.e.size_if(ok, *n, loc)).collect();
        Ok(Plan {
            view,
            picks,
            shape,
            at,
            sizes,
            bounds,
        })
    }

    /// Raises IndexError for the first advanced index out of its axis; whether none is.
    fn check_bounds(&mut self, plan: &Plan, loc: &Location) -> Value {
        let i1 = self.e.ctx.i1();
        let mut ok = self.e.const_int(1, i1, loc);
        for (within, d) in &plan.bounds {
            let still = self.e.binary(&arith::ANDI, ok, *within, loc);
            let bad = self.e.const_int(1, i1, loc);
            let failed = self.e.binary(&arith::XORI, *within, bad, loc);
            let failed = self.e.binary(&arith::ANDI, failed, ok, loc);
            let message = format!("index is out of bounds for axis {d}");
            self.e.raise_if(failed, "IndexError", &message, loc);
            ok = still;
        }
        ok
    }

    /// Whether every index of `i` (an integer, or an array of them) is within an axis of `n`
    /// elements (i64), negative ones wrapping.
    fn indices_within(&mut self, i: Value, n: Value, loc: &Location) -> Value {
        let i64t = self.e.ctx.i64();
        let i1 = self.e.ctx.i1();
        let check = |e: &mut emit::Emitter, x: Value| -> Value {
            let x = e.coerce(x, i64t, loc);
            let zero = e.const_int(0, i64t, loc);
            let negative = e.cmp(&arith::CMPI, "slt", x, zero, loc);
            let wrapped = e.binary(&arith::ADDI, x, n, loc);
            let x = e.select(negative, wrapped, x, loc);
            let lo = e.cmp(&arith::CMPI, "sge", x, zero, loc);
            let hi = e.cmp(&arith::CMPI, "slt", x, n, loc);
            e.binary(&arith::ANDI, lo, hi, loc)
        };
        if !self.e.ctx.type_kind(self.e.ctx.value_type(i)).is_shaped() {
            return check(&mut self.e, i);
        }
        let all = self.e.const_int(1, i1, loc);
        let walk = self.e.sizes(i, loc);
        emit::fold_carried(&mut self.e, &walk, all, loc, &mut |e, ok, ivs| {
            let x = e.load_at(i, ivs, loc);
            let within = check(e, x);
            e.binary(&arith::ANDI, ok, within, loc)
        })
    }

    /// The shape the index arrays among `picks` broadcast to (i64 sizes, aligned on the
    /// right), and whether they do.
    fn broadcast_shape(&mut self, picks: &[Option<Value>], loc: &Location) -> (Vec<Value>, Value) {
        let i64t = self.e.ctx.i64();
        let i1 = self.e.ctx.i1();
        let arrays: Vec<Value> = picks
            .iter()
            .flatten()
            .copied()
            .filter(|v| self.e.ctx.type_kind(self.e.ctx.value_type(*v)).is_shaped())
            .collect();
        let rank = arrays.iter().map(|v| self.e.rank(*v)).max().unwrap_or(0);
        let one = self.e.const_int(1, i64t, loc);
        let mut ok = self.e.const_int(1, i1, loc);
        let mut shape = vec![one; rank];
        for v in arrays {
            let r = self.e.rank(v);
            for k in 0..r {
                let n = self.e.dim(v, k, loc);
                let d = rank - r + k;
                let same = self.e.cmp(&arith::CMPI, "eq", n, shape[d], loc);
                let n_one = self.e.cmp(&arith::CMPI, "eq", n, one, loc);
                let b_one = self.e.cmp(&arith::CMPI, "eq", shape[d], one, loc);
                let fits = self.e.binary(&arith::ORI, same, n_one, loc);
                let fits = self.e.binary(&arith::ORI, fits, b_one, loc);
                ok = self.e.binary(&arith::ANDI, ok, fits, loc);
                shape[d] = self.e.select(n_one, shape[d], n, loc);
            }
        }
        (shape, ok)
    }
}

/// The position in `plan.view` of the result's element at `ivs`.
fn source_position(
    e: &mut emit::Emitter,
    plan: &Plan,
    ivs: &[Value],
    loc: &Location,
) -> Vec<Value> {
    let i64t = e.ctx.i64();
    let b = plan.shape.len();
    let broadcast = &ivs[plan.at..plan.at + b];
    let mut sliced = ivs[..plan.at].iter().chain(&ivs[plan.at + b..]);
    let mut at = vec![];
    for (d, pick) in plan.picks.iter().enumerate() {
        match pick {
            None => at.push(*sliced.next().expect("a sliced axis")),
            Some(p) => {
                let x = e.broadcast_load(*p, broadcast, loc);
                let x = e.coerce(x, i64t, loc);
                let n = e.dim(plan.view, d, loc);
                let zero = e.const_int(0, i64t, loc);
                let negative = e.cmp(&arith::CMPI, "slt", x, zero, loc);
                let wrapped = e.binary(&arith::ADDI, x, n, loc);
                at.push(e.select(negative, wrapped, x, loc));
            }
        }
    }
    at
}
