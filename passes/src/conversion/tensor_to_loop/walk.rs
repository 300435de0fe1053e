//! Full float sums of arrays that are not one contiguous run, in the order NumPy 2.x reads
//! them (`np.sum(a[:, 1:-1])`, `np.mean(a[::-1])`, `np.var(a[::2].T)`).
//!
//! NumPy's reduction iterator walks the operand's axes sorted by the magnitude of their strides
//! (smallest fastest; C order among equals; the strides' signs kept: it does not flip a
//! reduction's operand), merges neighbouring axes that step through memory as one
//! (`npyiter_coalesce_axes`), then picks the part of the walk its inner loop sees at once
//! (`npyiter_find_buffering_setup`): with one merged axis, the whole walk is one run; when the
//! fastest merged axis holds more than 4096 elements (or, for an operand it casts, 8192 or
//! more), each row of it is a run, read in place; otherwise it copies runs of up to 8192
//! elements into its buffer — whole rows of the axes below the outermost axis that fits, never
//! across a step of that axis — and each buffer is one run. Each run is summed pairwise and
//! added to the total in turn.
//!
//! An expression over arrays (`np.sum(a * b)`, the squares `np.var` sums) is first evaluated
//! by NumPy into a temporary laid out in the order its ufunc walks its operands (the same sort,
//! an axis moving inwards only where every operand with non-zero strides along both axes
//! agrees) and summed as one run in that order.
//!
//! A buffer this pass materialized stands for the array NumPy would have made: laid out in the
//! order its computation walked its operands (`order='K'`), or in C order for a `c_order`
//! copy. Its sum walks that layout ([`NumpyOrders`]); as that array is one contiguous run, it
//! is summed as one run (or, cast, in the casting buffer's runs).
//!
//! Both are emitted as a walk of the axes in that order, decided at run time from the
//! strides: rows read in place go straight to the pairwise sum through a one-dimensional view;
//! other runs are copied into a scratch buffer by an odometer over the axes (no division per
//! element), then summed.

use std::collections::HashMap;

use blackbird_dialects::ir::{Context, Location, MemLayout, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, tensor};

use super::{Elementwise, Lowering, Operand};
use crate::conversion::emit::{accumulate, if_else};
use crate::conversion::pairwise::pairwise_sum;

/// The elements NumPy's iterator buffers at most (its default `bufsize`).
const BUFFER: i64 = 8192;

/// For each buffer of rank ≥ 2 materialized in C order where NumPy would have laid the array
/// out in its operands' order (`order='K'`), what that order follows: the buffers its
/// elements were computed from (their own NumPy orders, recursively) and the C-contiguous
/// arrays NumPy allocates for splats, `arange`s and reductions (their sizes, i64).
#[derive(Default)]
pub(super) struct NumpyOrders {
    sources: HashMap<Value, Vec<Source>>,
}

#[derive(Clone)]
enum Source {
    Buffer(Value),
    Allocated(Vec<Value>),
}

impl NumpyOrders {
    /// A `c_order` materialization is laid out as it is: forget what filling it noted.
    pub(super) fn forget_if_c_order(&mut self, ctx: &Context, sink: OpId, buffer: Value) {
        if tensor::materialize::C_ORDER.get(ctx, sink) == Some(true) {
            self.sources.remove(&buffer);
        }
    }
}

/// The axes of a sum's operand in the order NumPy walks them, decided at run time.
struct Walk {
    /// The sizes of the axes (i64).
    shape: Vec<Value>,
    /// `faster[b][a]`: axis `b` is walked faster than axis `a` (i1; `None` for `a == b`).
    faster: Vec<Vec<Option<Value>>>,
    /// Each axis's place in the walk (i64), 0 for the fastest.
    place: Vec<Value>,
}

/// How NumPy's buffered iterator splits a walk into runs (i64 values).
struct Runs {
    /// Rows of the fastest merged axis are read in place (i1).
    in_place: Value,
    /// The elements of such a row, and the stride between them.
    row: Value,
    row_stride: Value,
    /// Otherwise: the walk is cut into blocks (a step of the outermost buffered axis) and
    /// each block into runs of `run` elements (the last one shorter).
    block: Value,
    run: Value,
}

impl Lowering<'_> {
    /// The sum of `ew` over `shape` (rank ≥ 2) in NumPy's order (see the module docs);
    /// `cast` when `ew` only converts one integer buffer to floats.
    pub(super) fn walked_sum(
        &mut self,
        ew: &Elementwise,
        shape: &[Value],
        elem: Type,
        cast: bool,
        loc: &Location,
    ) -> Value {
        let rank = shape.len();
        // Each operand's strides as NumPy sees them: a splat, an `arange` or a reduction is
        // an array NumPy allocates (C-contiguous) before the expression reads it.
        let mut made_here = false;
        let strides: Vec<Vec<Value>> = ew
            .operands
            .iter()
            .filter_map(|o| match o {
                Operand::Buffer(m) => {
                    let (strides, made) = self.numpy_strides(*m, rank, loc);
                    made_here |= made;
                    Some(strides)
                }
                Operand::Scalar(_) => None,
                _ => {
                    let sizes = o.own_sizes().expect("a splat, iota or reduction has sizes");
                    Some(self.allocated_strides(&sizes, rank, loc))
                }
            })
            .collect();
        let buffers = ew.buffers();
        let walk = self.walk(shape, &strides, loc);
        let total = self.element_count_of(shape, loc);
        let one_array = buffers.len() == 1 && strides.len() == 1 && (ew.map.is_none() || cast);
        // An array NumPy made contiguous in its walk order is one run, read in place.
        if !one_array || (made_here && !cast) {
            return self.runs_sum(ew, &walk, None, [total, total], elem, loc);
        }
        let runs = self.runs(&walk, &strides[0], loc);
        // NumPy buffers every run of an array it casts; `m`'s rows are NumPy's only when
        // NumPy's array is `m` as it is.
        let rows = (!cast).then_some((runs.in_place, buffers[0], [runs.row, runs.row_stride]));
        self.runs_sum(ew, &walk, rows, [runs.block, runs.run], elem, loc)
    }

    /// Notes that `buffer`, just filled with `ew`, stands for an array NumPy lays out in the
    /// order `ew` walks its operands (see [`NumpyOrders`]).
    pub(super) fn note_numpy_order(&mut self, buffer: Value, ew: &Elementwise) {
        if self.rank(buffer) < 2 {
            return;
        }
        let sources = ew
            .operands
            .iter()
            .filter_map(|o| match o {
                Operand::Buffer(m) => Some(Source::Buffer(*m)),
                Operand::Scalar(_) => None,
                _ => o.own_sizes().map(Source::Allocated),
            })
            .collect();
        self.orders.sources.insert(buffer, sources);
    }

    /// Whether the arrays NumPy would have made for the `buffers` made here (see
    /// [`NumpyOrders`]) are C-contiguous as they are (i1); `None` when there is none.
    pub(super) fn numpy_layout_is_c(&mut self, buffers: &[Value], loc: &Location) -> Option<Value> {
        let made: Vec<Value> = buffers
            .iter()
            .copied()
            .filter(|m| self.orders.sources.get(m).is_some_and(|s| !s.is_empty()))
            .collect();
        let mut all = None;
        for m in made {
            let rank = self.rank(m);
            let (numpy, _) = self.numpy_strides(m, rank, loc);
            let sizes = self.sizes(m, loc);
            let c = self.allocated_strides(&sizes, rank, loc);
            for (x, y) in numpy.iter().zip(&c) {
                let same = self.cmp(&arith::CMPI, "eq", *x, *y, loc);
                all = Some(match all {
                    Some(a) => self.binary(&arith::ANDI, a, same, loc),
                    None => same,
                });
            }
        }
        all
    }

    /// The strides of buffer `m` broadcast to rank `rank` as NumPy's iterator sees the array
    /// `m` stands for (see [`Self::walked_strides`]), and whether that array is one NumPy
    /// would have laid out otherwise than `m` (see [`NumpyOrders`]).
    fn numpy_strides(&mut self, m: Value, rank: usize, loc: &Location) -> (Vec<Value>, bool) {
        let sources = match self.orders.sources.get(&m) {
            Some(sources) if !sources.is_empty() => sources.clone(),
            _ => return (self.walked_strides(m, rank, loc), false),
        };
        let own_rank = self.rank(m);
        let i64t = self.ctx.i64();
        let sizes = self.sizes(m, loc);
        let source_strides: Vec<Vec<Value>> = sources
            .iter()
            .map(|s| match s {
                Source::Buffer(b) => self.numpy_strides(*b, own_rank, loc).0,
                Source::Allocated(sizes) => self.allocated_strides(sizes, own_rank, loc),
            })
            .collect();
        let walk = self.walk(&sizes, &source_strides, loc);
        let contiguous = self.flat_strides(&walk, loc);
        let (zero, one) = (self.const_int(0, i64t, loc), self.const_int(1, i64t, loc));
        let mut strides = vec![zero; rank - own_rank];
        for (n, stride) in sizes.iter().zip(contiguous) {
            let single = self.cmp(&arith::CMPI, "eq", *n, one, loc);
            strides.push(self.select(single, zero, stride, loc));
        }
        (strides, true)
    }

    /// The strides (i64, in elements) of buffer `m` broadcast to rank `rank`, as NumPy's
    /// iterator sees them: 0 along axes of size 1 and added axes.
    fn walked_strides(&mut self, m: Value, rank: usize, loc: &Location) -> Vec<Value> {
        let (_, sizes, strides) = self.metadata(m, loc);
        let i64t = self.ctx.i64();
        let (zero, one) = (self.const_int(0, i64t, loc), self.const_int(1, i64t, loc));
        let mut walked = vec![zero; rank - sizes.len()];
        for (n, stride) in sizes.iter().zip(&strides) {
            let n = self.value(&arith::INDEX_CAST, &[*n], i64t, loc);
            let stride = self.value(&arith::INDEX_CAST, &[*stride], i64t, loc);
            let single = self.cmp(&arith::CMPI, "eq", n, one, loc);
            walked.push(self.select(single, zero, stride, loc));
        }
        walked
    }

    /// The strides (i64) of a C-contiguous array of `sizes` broadcast to rank `rank`, as
    /// NumPy's iterator sees them (see [`Self::walked_strides`]).
    fn allocated_strides(&mut self, sizes: &[Value], rank: usize, loc: &Location) -> Vec<Value> {
        let i64t = self.ctx.i64();
        let (zero, one) = (self.const_int(0, i64t, loc), self.const_int(1, i64t, loc));
        let mut strides = vec![zero; rank];
        let mut step = one;
        for (k, n) in sizes.iter().enumerate().rev() {
            let single = self.cmp(&arith::CMPI, "eq", *n, one, loc);
            strides[rank - sizes.len() + k] = self.select(single, zero, step, loc);
            step = self.binary(&arith::MULI, step, *n, loc);
        }
        strides
    }

    /// The order NumPy walks axes of `shape` in, given each operand's `strides`.
    fn walk(&mut self, shape: &[Value], strides: &[Vec<Value>], loc: &Location) -> Walk {
        let d = shape.len();
        let (i1, i64t) = (self.ctx.i1(), self.ctx.i64());
        let one = self.const_int(1, i64t, loc);
        let single: Vec<Value> = shape
            .iter()
            .map(|n| self.cmp(&arith::CMPI, "eq", *n, one, loc))
            .collect();
        let magnitudes: Vec<Vec<Value>> = strides
            .iter()
            .map(|leaf| leaf.iter().map(|s| self.magnitude(*s, loc)).collect())
            .collect();
        // Whether axis `a` is walked faster than axis `b` (a != b): NumPy's insertion sort
        // starts from C order and moves an axis inwards past another only where its stride
        // is smaller in every operand striding along both; axes of size 1 go first (they
        // do not change the order of the elements).
        let inner = |s: &mut Self, a: usize, b: usize| {
            let by_strides = match a > b {
                true => {
                    let outward = s.dominates(&magnitudes, a, b, loc);
                    s.not(outward, loc)
                }
                false => s.dominates(&magnitudes, b, a, loc),
            };
            let c_order = s.const_int(i64::from(a > b), i1, loc);
            let both = s.binary(&arith::ANDI, single[a], single[b], loc);
            let unsized_order = s.select(both, c_order, by_strides, loc);
            let one_single = s.binary(&arith::XORI, single[a], single[b], loc);
            s.select(one_single, single[a], unsized_order, loc)
        };
        let mut place = vec![];
        for a in 0..d {
            let mut p = self.const_int(0, i64t, loc);
            for b in (0..d).filter(|b| *b != a) {
                let before = inner(self, b, a);
                let before = self.value(&arith::EXTUI, &[before], i64t, loc);
                p = self.binary(&arith::ADDI, p, before, loc);
            }
            place.push(p);
        }
        // With more than two operands the relation need not be an order: then C order.
        let mut seen = self.const_int(0, i64t, loc);
        for p in &place {
            let bit = self.binary(&arith::SHLI, one, *p, loc);
            seen = self.binary(&arith::ORI, seen, bit, loc);
        }
        let all = self.const_int((1i64 << d) - 1, i64t, loc);
        let is_order = self.cmp(&arith::CMPI, "eq", seen, all, loc);
        for (a, p) in place.iter_mut().enumerate() {
            let c = self.const_int((d - 1 - a) as i64, i64t, loc);
            *p = self.select(is_order, *p, c, loc);
        }
        let faster = (0..d)
            .map(|b| {
                (0..d)
                    .map(|a| {
                        (a != b).then(|| self.cmp(&arith::CMPI, "slt", place[b], place[a], loc))
                    })
                    .collect()
            })
            .collect();
        Walk {
            shape: shape.to_vec(),
            faster,
            place,
        }
    }

    /// The negation of `b` (i1).
    fn not(&mut self, b: Value, loc: &Location) -> Value {
        let i1 = self.ctx.i1();
        let t = self.const_int(1, i1, loc);
        self.binary(&arith::XORI, b, t, loc)
    }

    /// |s| (i64).
    fn magnitude(&mut self, s: Value, loc: &Location) -> Value {
        let i64t = self.ctx.i64();
        let zero = self.const_int(0, i64t, loc);
        let negative = self.cmp(&arith::CMPI, "slt", s, zero, loc);
        let flipped = self.binary(&arith::SUBI, zero, s, loc);
        self.select(negative, flipped, s, loc)
    }

    /// Whether axis `x`'s stride is larger in magnitude than axis `y`'s in every operand
    /// with non-zero strides along both, and there is such an operand (i1).
    fn dominates(
        &mut self,
        magnitudes: &[Vec<Value>],
        x: usize,
        y: usize,
        loc: &Location,
    ) -> Value {
        let (i1, i64t) = (self.ctx.i1(), self.ctx.i64());
        let zero = self.const_int(0, i64t, loc);
        let (mut any, mut all) = (self.const_int(0, i1, loc), self.const_int(1, i1, loc));
        for leaf in magnitudes {
            let x_strided = self.cmp(&arith::CMPI, "ne", leaf[x], zero, loc);
            let y_strided = self.cmp(&arith::CMPI, "ne", leaf[y], zero, loc);
            let both = self.binary(&arith::ANDI, x_strided, y_strided, loc);
            let larger = self.cmp(&arith::CMPI, "sgt", leaf[x], leaf[y], loc);
            let agrees = self.select(both, larger, all, loc);
            any = self.binary(&arith::ORI, any, both, loc);
            all = self.binary(&arith::ANDI, all, agrees, loc);
        }
        self.binary(&arith::ANDI, any, all, loc)
    }

    /// The value of `per_axis[a]` for the axis `a` at place `k` of the walk.
    fn at_place(&mut self, walk: &Walk, per_axis: &[Value], k: usize, loc: &Location) -> Value {
        let i64t = self.ctx.i64();
        let (zero, k) = (
            self.const_int(0, i64t, loc),
            self.const_int(k as i64, i64t, loc),
        );
        let mut v = zero;
        for (a, x) in per_axis.iter().enumerate() {
            let here = self.cmp(&arith::CMPI, "eq", walk.place[a], k, loc);
            v = self.select(here, *x, v, loc);
        }
        v
    }

    /// How NumPy's iterator splits the walk of one array with `strides` into runs (see the
    /// module docs). The blocks and runs are those of an array it casts too (it buffers
    /// those even when their rows are long).
    fn runs(&mut self, walk: &Walk, strides: &[Value], loc: &Location) -> Runs {
        let d = walk.shape.len();
        let (i1, i64t) = (self.ctx.i1(), self.ctx.i64());
        let c = |s: &mut Self, v: i64| s.const_int(v, i64t, loc);
        let (zero, one, buffer) = (c(self, 0), c(self, 1), c(self, BUFFER));
        // The axes in walk order; where a merged axis ends, the elements before it.
        let (mut product, mut previous_end) = (one, zero);
        let (mut started, mut row_stride) = (self.const_int(0, i1, loc), zero);
        let mut ends = vec![];
        for k in 0..d {
            let n = self.at_place(walk, &walk.shape, k, loc);
            let stride = self.at_place(walk, strides, k, loc);
            let sized = self.cmp(&arith::CMPI, "ne", n, one, loc);
            let continues = self.cmp(&arith::CMPI, "eq", previous_end, stride, loc);
            let breaks = self.not(continues, loc);
            let breaks = self.binary(&arith::ANDI, breaks, sized, loc);
            let ends_here = self.binary(&arith::ANDI, breaks, started, loc);
            ends.push((ends_here, product));
            let fresh = self.not(started, loc);
            let first = self.binary(&arith::ANDI, fresh, sized, loc);
            row_stride = self.select(first, stride, row_stride, loc);
            let end = self.binary(&arith::MULI, stride, n, loc);
            previous_end = self.select(sized, end, previous_end, loc);
            started = self.binary(&arith::ORI, started, sized, loc);
            product = self.binary(&arith::MULI, product, n, loc);
        }
        let total = product;
        // The fastest merged axis's elements (all of them with one merged axis).
        let mut row = total;
        for (ends_here, before) in ends.iter().rev() {
            row = self.select(*ends_here, *before, row, loc);
        }
        // The outermost buffered axis: the last merged axis starting below the buffer size.
        let mut core = one;
        for (ends_here, before) in &ends {
            let fits = self.cmp(&arith::CMPI, "slt", *before, buffer, loc);
            let fits = self.binary(&arith::ANDI, *ends_here, fits, loc);
            core = self.select(fits, *before, core, loc);
        }
        let mut block = total;
        for (ends_here, before) in ends.iter().rev() {
            let beyond = self.cmp(&arith::CMPI, "sgt", *before, core, loc);
            let beyond = self.binary(&arith::ANDI, *ends_here, beyond, loc);
            block = self.select(beyond, *before, block, loc);
        }
        let cores = self.binary(&arith::DIVSI, buffer, core, loc);
        let most = self.binary(&arith::MULI, core, cores, loc);
        let small = self.cmp(&arith::CMPI, "sle", block, buffer, loc);
        let run = self.select(small, block, most, loc);
        // Rows are read in place when the walk is one merged axis or NumPy finds buffering
        // more than one row not worth it (its cost model: rows over 4096 elements).
        let merged_once = self.cmp(&arith::CMPI, "eq", row, total, loc);
        let half = c(self, BUFFER / 2);
        let long = self.cmp(&arith::CMPI, "sgt", row, half, loc);
        let in_place = self.binary(&arith::ORI, merged_once, long, loc);
        Runs {
            in_place,
            row,
            row_stride,
            block,
            run,
        }
    }

    /// For each axis, the elements walked per step along it (i64).
    fn flat_strides(&mut self, walk: &Walk, loc: &Location) -> Vec<Value> {
        let i64t = self.ctx.i64();
        let one = self.const_int(1, i64t, loc);
        (0..walk.shape.len())
            .map(|a| {
                let mut product = one;
                for (b, n) in walk.shape.iter().enumerate() {
                    if let Some(faster) = walk.faster[b][a] {
                        let factor = self.select(faster, *n, one, loc);
                        product = self.binary(&arith::MULI, product, factor, loc);
                    }
                }
                product
            })
            .collect()
    }

    /// The sum of `ew` walked in `walk`'s order as runs, each summed pairwise and added to
    /// the total in turn: with `rows` (in place when its i1 holds, for one array `m` read
    /// as it is), rows of `row` elements `row_stride` apart read through a one-dimensional
    /// view; otherwise the walk cut into blocks of `block` elements and those into runs of
    /// `run`, each copied into a scratch buffer first.
    fn runs_sum(
        &mut self,
        ew: &Elementwise,
        walk: &Walk,
        rows: Option<(Value, Value, [Value; 2])>,
        [block, run]: [Value; 2],
        elem: Type,
        loc: &Location,
    ) -> Value {
        let i64t = self.ctx.i64();
        let (zero, one) = (self.const_int(0, i64t, loc), self.const_int(1, i64t, loc));
        let total = self.element_count_of(&walk.shape, loc);
        let block = self.binary(&arith::MAXSI, block, one, loc);
        let run = self.binary(&arith::MAXSI, run, one, loc);
        let last = self.binary(&arith::SUBI, run, one, loc);
        let per_block = self.binary(&arith::ADDI, block, last, loc);
        let per_block = self.binary(&arith::DIVSI, per_block, run, loc);
        let blocks = self.binary(&arith::DIVSI, total, block, loc);
        let mut count = self.binary(&arith::MULI, blocks, per_block, loc);
        let mut scratch_size = run;
        let mut row_starts = None;
        if let Some((in_place, m, [row, row_stride])) = rows {
            let row = self.binary(&arith::MAXSI, row, one, loc);
            let row_count = self.binary(&arith::DIVSI, total, row, loc);
            count = self.select(in_place, row_count, count, loc);
            scratch_size = self.select(in_place, one, run, loc);
            let flat_strides = self.flat_strides(walk, loc);
            row_starts = Some((in_place, m, row, row_stride, flat_strides));
        }
        let (scratch, granted) = self.alloc_buffer(elem, &[scratch_size], loc);
        let granted = granted[0];
        let threaded = self.threads.sums;
        let view_type = self.ctx.value_type(scratch);
        let init: Vec<Value> = std::iter::once(self.zero_of(elem, 0.0, loc))
            .chain(walk.shape.iter().map(|_| zero))
            .collect();
        let done = accumulate(
            self,
            [zero, count, one],
            &init,
            loc,
            &mut |s, q, carried| {
                let copied = |s: &mut Self| {
                    let within = s.binary(&arith::REMSI, q, per_block, loc);
                    let start = s.binary(&arith::MULI, within, run, loc);
                    let left = s.binary(&arith::SUBI, block, start, loc);
                    let n = s.binary(&arith::MINSI, left, run, loc);
                    let n = s.binary(&arith::MINSI, n, granted, loc);
                    let ivs =
                        accumulate(s, [zero, n, one], &carried[1..], loc, &mut |s, p, ivs| {
                            let x = s.element(ew, ivs, loc);
                            s.store_at(x, scratch, &[p], loc);
                            s.odometer(walk, ivs, loc)
                        });
                    [scratch, n].into_iter().chain(ivs).collect()
                };
                let got: Vec<Value> = match &row_starts {
                    None => copied(s),
                    Some((in_place, m, row, row_stride, flat_strides)) => {
                        let types: Vec<Type> = [view_type, i64t]
                            .into_iter()
                            .chain(walk.shape.iter().map(|_| i64t))
                            .collect();
                        if_else(
                            s,
                            *in_place,
                            &types,
                            loc,
                            &mut |s, in_place| match in_place {
                                true => {
                                    let first = s.binary(&arith::MULI, q, *row, loc);
                                    let view = s.row_view(
                                        *m,
                                        walk,
                                        flat_strides,
                                        first,
                                        [*row, *row_stride],
                                        loc,
                                    );
                                    [view, *row]
                                        .into_iter()
                                        .chain(carried[1..].iter().copied())
                                        .collect()
                                }
                                false => copied(s),
                            },
                        )
                    }
                };
                let (view, n) = (got[0], got[1]);
                let part = pairwise_sum(
                    s,
                    n,
                    elem,
                    loc,
                    threaded,
                    &mut |s, p| s.load_at(view, &[p], loc),
                    &mut |_, _| {},
                );
                let sum = s.binary(&arith::ADDF, carried[0], part, loc);
                std::iter::once(sum)
                    .chain(got[2..].iter().copied())
                    .collect()
            },
        );
        self.emit(&loops::DEALLOC, &[scratch], &[], &[], vec![], loc);
        done[0]
    }

    /// The one-dimensional view of `n` elements `stride` apart of `m` from the element at
    /// position `first` of the walk.
    fn row_view(
        &mut self,
        m: Value,
        walk: &Walk,
        flat_strides: &[Value],
        first: Value,
        [n, stride]: [Value; 2],
        loc: &Location,
    ) -> Value {
        let (offset, _, strides) = self.metadata(m, loc);
        let mut start = offset;
        for (a, flat) in flat_strides.iter().enumerate() {
            let i = self.binary(&arith::DIVSI, first, *flat, loc);
            let i = self.binary(&arith::REMSI, i, walk.shape[a], loc);
            let i = self.index_value(i, loc);
            let step = self.binary(&arith::MULI, i, strides[a], loc);
            start = self.binary(&arith::ADDI, start, step, loc);
        }
        let elem = self.element_type(m);
        let strided = self.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None],
            elem,
            layout: MemLayout::Strided,
        });
        let (n, stride) = (self.index_value(n, loc), self.index_value(stride, loc));
        self.value(&loops::VIEW, &[m, start, n, stride], strided, loc)
    }

    /// The indices after `ivs` in the walk: the fastest axis steps, and each axis steps
    /// when every faster one wraps around.
    fn odometer(&mut self, walk: &Walk, ivs: &[Value], loc: &Location) -> Vec<Value> {
        let (i1, i64t) = (self.ctx.i1(), self.ctx.i64());
        let (zero, one) = (self.const_int(0, i64t, loc), self.const_int(1, i64t, loc));
        let wraps: Vec<Value> = ivs
            .iter()
            .zip(&walk.shape)
            .map(|(i, n)| {
                let last = self.binary(&arith::SUBI, *n, one, loc);
                self.cmp(&arith::CMPI, "sge", *i, last, loc)
            })
            .collect();
        (0..ivs.len())
            .map(|a| {
                let mut steps = self.const_int(1, i1, loc);
                for (b, wrap) in wraps.iter().enumerate() {
                    if let Some(faster) = walk.faster[b][a] {
                        let slower = self.not(faster, loc);
                        let passes = self.binary(&arith::ORI, slower, *wrap, loc);
                        steps = self.binary(&arith::ANDI, steps, passes, loc);
                    }
                }
                let next = self.binary(&arith::ADDI, ivs[a], one, loc);
                let next = self.select(wraps[a], zero, next, loc);
                self.select(steps, next, ivs[a], loc)
            })
            .collect()
    }
}
