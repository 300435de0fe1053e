//! NumPy's advanced indexing: a boolean mask (`a[m]`, `a[m] = v`) or a 1-D integer array or
//! list of integers (`a[idx]`, `a[idx] = v`) as the one index of an array. Reads make a new
//! C-contiguous array (a copy); writes go into the array.
//!
//! - A mask of rank `k` indexes `a`'s first `k` axes (their sizes must match: IndexError);
//!   the selection is `(count, *a.shape[k:])`, the elements (or subarrays) where the mask is
//!   true in C order. A read counts the true elements (one pass over the mask), allocates,
//!   then fills (a second pass).
//! - An integer index picks along axis 0: negative indices wrap, out-of-range ones raise
//!   IndexError (always, as NumPy); the selection is `(len(idx), *a.shape[1:])`. A write
//!   with repeated indices keeps the last value written, as NumPy's.
//! - A written value is a scalar or an array broadcast to the selection's shape (ValueError
//!   otherwise). An array value is first copied (converted to `a`'s dtype), so that a value
//!   reading `a` (`a[a > 0] = a[::-1][a > 0]`, `a[m] = a[::-1][:k]`) is complete before the
//!   writes start; every check (shape, bounds, broadcast) runs before the first write.
//!
//! After a raise, compiled code runs on to the function's end: every loop that follows a
//! failed check runs zero times.

use blackbird_dialects::arith;
use blackbird_dialects::ir::{Location, OpId, TypeKind, Value};

use super::emit::{self, Emitter};
use super::{CResult, Converter, L};

/// NumPy's ValueError for a value that does not fit a mask's selection (NumPy names the
/// counts; `loop.raise` messages are constant).
const MASK_VALUES: &str = "NumPy boolean array indexing assignment cannot assign the input \
                           values to the output values where the mask is true";

/// NumPy's ValueError for a value that does not broadcast to an integer index's selection.
pub(super) const INDEX_VALUES: &str =
    "shape mismatch: value array could not be broadcast to indexing result";

/// An advanced index, lowered.
#[derive(Clone, Copy, Debug)]
pub(super) enum Fancy {
    /// A boolean array (`i1` elements).
    Mask(Value),
    /// A 1-D array of integers (an array or a list).
    Indices(Value),
}

impl Converter<'_> {
    /// The advanced index `indices` is (typing allows one alone), if it is one.
    pub(super) fn fancy_index(&self, indices: &[Value]) -> Option<Fancy> {
        let [index] = indices else { return None };
        let L::V(v) = self.get(*index) else {
            return None;
        };
        match self.e.ctx.type_kind(self.e.ctx.value_type(v)) {
            TypeKind::MemRef { elem, .. } => match self.e.ctx.type_kind(*elem) {
                TypeKind::Int { width: 1, .. } => Some(Fancy::Mask(v)),
                TypeKind::Int { .. } => Some(Fancy::Indices(v)),
                _ => None,
            },
            _ => None,
        }
    }

    /// `a[index]`: a new array of the selected elements.
    pub(super) fn fancy_getitem(&mut self, op: OpId, a: Value, index: Fancy) -> CResult<Value> {
        let loc = self.e.ctx.loc(op).clone();
        let elem = self.e.element_type(a);
        let a_sizes = self.e.sizes(a, &loc);
        match index {
            Fancy::Mask(m) => {
                let k = self.e.rank(m);
                let walk = mask_walk(&mut self.e, m, &a_sizes, 0, &loc);
                let count = count_true(&mut self.e, m, &walk, &loc);
                let mut sizes = vec![count];
                sizes.extend(&a_sizes[k..]);
                let (out, out_sizes) = self.alloc(elem, &sizes, &loc);
                let walk = self.e.within(&walk, &out_sizes, &loc);
                let rest = out_sizes[1..].to_vec();
                for_each_true(&mut self.e, m, &walk, &loc, &mut |e, ivs, pos| {
                    copy_subarray(e, a, ivs, out, &[pos], &rest, &loc);
                });
                Ok(out)
            }
            Fancy::Indices(idx) => {
                let n = self.e.dim(idx, 0, &loc);
                let mut sizes = vec![n];
                sizes.extend(&a_sizes[1..]);
                let (out, out_sizes) = self.alloc(elem, &sizes, &loc);
                let rest = out_sizes[1..].to_vec();
                let ok = checked_indices(&mut self.e, idx, a_sizes[0], &loc);
                let walk = self.e.size_if(ok, out_sizes[0], &loc);
                emit::loop_nest(&mut self.e, &[walk], &loc, &mut |e, ivs| {
                    let i = wrapped_index(e, idx, ivs[0], a_sizes[0], &loc);
                    copy_subarray(e, a, &[i], out, &[ivs[0]], &rest, &loc);
                    Ok(())
                })?;
                Ok(out)
            }
        }
    }

    /// The value of `a[...] = value` in `a`'s dtype: an array copied (it may read `a`), a
    /// scalar converted.
    pub(super) fn assigned_value(&mut self, op: OpId, a: Value, value: L) -> CResult<Value> {
        let loc = self.e.ctx.loc(op).clone();
        let elem = self.e.element_type(a);
        Ok(match value {
            L::V(v) if self.e.ctx.type_kind(self.e.ctx.value_type(v)).is_shaped() => {
                let t = self.elementwise(&[L::V(v)], elem, &loc, &mut |s, xs| {
                    Ok(s.e.coerce(xs[0], elem, &loc))
                })?;
                self.materialize(t, &loc)
            }
            L::V(v) => self.e.coerce(v, elem, &loc),
            _ => return Err(super::not_yet(self.e.ctx, op, "assigning this value")),
        })
    }

    /// `a[index] = value`: a scalar fills the selection, an array is broadcast into it.
    pub(super) fn fancy_setitem(
        &mut self,
        op: OpId,
        a: Value,
        index: Fancy,
        value: L,
    ) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let value = self.assigned_value(op, a, value)?;
        let a_sizes = self.e.sizes(a, &loc);
        match index {
            Fancy::Mask(m) => {
                let k = self.e.rank(m);
                let walk = mask_walk(&mut self.e, m, &a_sizes, 0, &loc);
                let mut selection = vec![count_true(&mut self.e, m, &walk, &loc)];
                selection.extend(&a_sizes[k..]);
                let fits = fits_selection(&mut self.e, value, &selection, MASK_VALUES, &loc);
                let walk: Vec<Value> = walk
                    .iter()
                    .map(|n| self.e.size_if(fits, *n, &loc))
                    .collect();
                let rest = a_sizes[k..].to_vec();
                for_each_true(&mut self.e, m, &walk, &loc, &mut |e, ivs, pos| {
                    scatter_subarray(e, value, pos, a, ivs, &rest, &loc);
                });
            }
            Fancy::Indices(idx) => {
                let n = self.e.dim(idx, 0, &loc);
                let mut selection = vec![n];
                selection.extend(&a_sizes[1..]);
                let fits = fits_selection(&mut self.e, value, &selection, INDEX_VALUES, &loc);
                let ok = checked_indices(&mut self.e, idx, a_sizes[0], &loc);
                let ok = self.e.binary(&arith::ANDI, ok, fits, &loc);
                let walk = self.e.size_if(ok, n, &loc);
                let rest = a_sizes[1..].to_vec();
                emit::loop_nest(&mut self.e, &[walk], &loc, &mut |e, ivs| {
                    let i = wrapped_index(e, idx, ivs[0], a_sizes[0], &loc);
                    scatter_subarray(e, value, ivs[0], a, &[i], &rest, &loc);
                    Ok(())
                })?;
            }
        }
        Ok(())
    }
}

/// The sizes (i64) of mask `m` when they match `a_sizes`, the sizes of the axes it indexes
/// from axis `first` on (else IndexError, and all 0), as NumPy checks them axis by axis.
pub(super) fn mask_walk(
    e: &mut Emitter,
    m: Value,
    a_sizes: &[Value],
    first: usize,
    loc: &Location,
) -> Vec<Value> {
    let m_sizes = e.sizes(m, loc);
    let i1 = e.ctx.i1();
    let mut ok = e.const_int(1, i1, loc);
    for (d, (ms, n)) in m_sizes.iter().zip(a_sizes).enumerate() {
        let same = e.cmp(&arith::CMPI, "eq", *ms, *n, loc);
        let d = first + d;
        let message = format!("boolean index did not match indexed array along axis {d}");
        // Only the first mismatch raises.
        let bad = e.const_int(1, i1, loc);
        let differs = e.binary(&arith::XORI, same, bad, loc);
        let first = e.binary(&arith::ANDI, differs, ok, loc);
        e.raise_if(first, "IndexError", &message, loc);
        ok = e.binary(&arith::ANDI, ok, same, loc);
    }
    m_sizes.iter().map(|n| e.size_if(ok, *n, loc)).collect()
}

/// The number of true elements of mask `m` over `walk` (i64).
pub(super) fn count_true(e: &mut Emitter, m: Value, walk: &[Value], loc: &Location) -> Value {
    let i64t = e.ctx.i64();
    let zero = e.const_int(0, i64t, loc);
    emit::fold_carried(e, walk, zero, loc, &mut |e, acc, ivs| {
        let bit = e.load_at(m, ivs, loc);
        let one = e.coerce(bit, i64t, loc);
        e.binary(&arith::ADDI, acc, one, loc)
    })
}

/// Calls `body(ivs, position)` for each true element of `m` over `walk`, in C order, with
/// the element's position among the true ones (i64).
pub(super) fn for_each_true(
    e: &mut Emitter,
    m: Value,
    walk: &[Value],
    loc: &Location,
    body: &mut dyn FnMut(&mut Emitter, &[Value], Value),
) {
    let i64t = e.ctx.i64();
    let zero = e.const_int(0, i64t, loc);
    emit::fold_carried(e, walk, zero, loc, &mut |e, pos, ivs| {
        let bit = e.load_at(m, ivs, loc);
        emit::if_else(e, bit, &[], loc, &mut |e, selected| {
            if selected {
                body(e, ivs, pos);
            }
            vec![]
        });
        let one = e.coerce(bit, i64t, loc);
        e.binary(&arith::ADDI, pos, one, loc)
    });
}

/// Index `j` of the 1-D integer array `idx` wrapped into an axis of `n` (i64).
fn wrapped_index(e: &mut Emitter, idx: Value, j: Value, n: Value, loc: &Location) -> Value {
    let i64t = e.ctx.i64();
    let raw = e.load_at(idx, &[j], loc);
    let i = e.coerce(raw, i64t, loc);
    let zero = e.const_int(0, i64t, loc);
    let negative = e.cmp(&arith::CMPI, "slt", i, zero, loc);
    let wrapped = e.binary(&arith::ADDI, i, n, loc);
    e.select(negative, wrapped, i, loc)
}

/// Whether every index of `idx` is within an axis of `n`; the first that is not raises
/// IndexError (NumPy checks them all before reading or writing).
fn checked_indices(e: &mut Emitter, idx: Value, n: Value, loc: &Location) -> Value {
    let i1 = e.ctx.i1();
    let i64t = e.ctx.i64();
    let all = e.const_int(1, i1, loc);
    let count = e.dim(idx, 0, loc);
    let ok = emit::fold_carried(e, &[count], all, loc, &mut |e, ok, ivs| {
        let i = wrapped_index(e, idx, ivs[0], n, loc);
        let zero = e.const_int(0, i64t, loc);
        let lo = e.cmp(&arith::CMPI, "sge", i, zero, loc);
        let hi = e.cmp(&arith::CMPI, "slt", i, n, loc);
        let within = e.binary(&arith::ANDI, lo, hi, loc);
        e.binary(&arith::ANDI, ok, within, loc)
    });
    e.raise_unless(ok, "IndexError", "index is out of bounds for axis 0", loc);
    ok
}

/// Whether `value` (a scalar, or an array broadcastable to `selection`'s shape) fits the
/// selection; ValueError when it does not.
pub(super) fn fits_selection(
    e: &mut Emitter,
    value: Value,
    selection: &[Value],
    message: &str,
    loc: &Location,
) -> Value {
    let i1 = e.ctx.i1();
    let mut ok = e.const_int(1, i1, loc);
    if !e.ctx.type_kind(e.ctx.value_type(value)).is_shaped() {
        return ok;
    }
    let i64t = e.ctx.i64();
    let one = e.const_int(1, i64t, loc);
    let sizes = e.sizes(value, loc);
    let skip = selection.len() - sizes.len();
    for (n, want) in sizes.iter().zip(&selection[skip..]) {
        let same = e.cmp(&arith::CMPI, "eq", *n, *want, loc);
        let unit = e.cmp(&arith::CMPI, "eq", *n, one, loc);
        let fits = e.binary(&arith::ORI, same, unit, loc);
        ok = e.binary(&arith::ANDI, ok, fits, loc);
    }
    e.raise_unless(ok, "ValueError", message, loc);
    ok
}

/// `to[to_lead…, :…] = from[from_lead…, :…]` over the trailing `rest` sizes (i64).
fn copy_subarray(
    e: &mut Emitter,
    from: Value,
    from_lead: &[Value],
    to: Value,
    to_lead: &[Value],
    rest: &[Value],
    loc: &Location,
) {
    emit::loop_nest(e, rest, loc, &mut |e, ivs| {
        let src: Vec<Value> = from_lead.iter().chain(ivs).copied().collect();
        let x = e.load_at(from, &src, loc);
        let dst: Vec<Value> = to_lead.iter().chain(ivs).copied().collect();
        e.store_at(x, to, &dst, loc);
        Ok(())
    })
    .expect("the copy's body cannot fail");
}

/// `to[to_lead…, :…] = value` (a scalar, or the value array broadcast to the selection read
/// at row `pos`) over the trailing `rest` sizes (i64).
fn scatter_subarray(
    e: &mut Emitter,
    value: Value,
    pos: Value,
    to: Value,
    to_lead: &[Value],
    rest: &[Value],
    loc: &Location,
) {
    emit::loop_nest(e, rest, loc, &mut |e, ivs| {
        let at: Vec<Value> = std::iter::once(pos).chain(ivs.iter().copied()).collect();
        let x = e.broadcast_load(value, &at, loc);
        let dst: Vec<Value> = to_lead.iter().chain(ivs).copied().collect();
        e.store_at(x, to, &dst, loc);
        Ok(())
    })
    .expect("the scatter's body cannot fail");
}
