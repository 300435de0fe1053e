//! Reductions along an axis: sum/prod/mean/min/max/var/std/argmin/argmax with `axis=`.

use blackbird_dialects::ir::{Location, OpDef, OpId, Type, Value};
use blackbird_dialects::{arith, loops, math};

use super::{CResult, Converter, L};
use crate::conversion::pairwise::pairwise_sum;
use crate::library::reduce_axes::variance_divisor;

impl Converter<'_> {
    /// `f(src, axis=axis)`: an array without that axis, each element reduced along it with
    /// NumPy's semantics (min/max/argmin/argmax of an empty axis raise ValueError; var/std
    /// divide by the axis length less `ddof` (at least 0); argmin/argmax return the first
    /// extreme, NaN first).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn axis_reduce(
        &mut self,
        op: OpId,
        f: &str,
        src: Value,
        axis: i64,
        ddof: Option<Value>,
        loc: &Location,
    ) -> CResult<Value> {
        let rank = self
            .e
            .ctx
            .type_kind(self.e.ctx.value_type(src))
            .rank()
            .unwrap_or(0) as i64;
        let axis = if axis < 0 { axis + rank } else { axis } as usize;
        let rt = self.result_type(op);
        let elem = self.e.ctx.type_kind(rt).element_type().unwrap_or(rt);
        let sizes = self.e.sizes(src, loc);
        let n = sizes[axis];
        let out_sizes: Vec<Value> = sizes
            .iter()
            .enumerate()
            .filter(|(d, _)| *d != axis)
            .map(|(_, v)| *v)
            .collect();
        let extreme = matches!(f, "min" | "max" | "amin" | "amax");
        if extreme {
            self.check_extreme_nonempty(f, n, loc);
        }
        if (extreme || matches!(f, "sum" | "prod" | "mean")) && rank >= 2 {
            return self.axis_fold(f, src, axis, elem, n, loc);
        }
        let float = self.e.is_float(elem);
        let i64t = self.e.ctx.i64();
        match f {
            "argmin" | "argmax" => {
                let zero = self.e.const_int(0, i64t, loc);
                let empty = self.e.cmp(&arith::CMPI, "eq", n, zero, loc);
                let message = format!("attempt to get {f} of an empty sequence");
                self.e.raise_if(empty, "ValueError", &message, loc);
            }
            _ => {}
        }
        let (out, out_sizes) = self.alloc(elem, &out_sizes, loc);
        if rank >= 2 && (axis as i64) < rank - 1 && matches!(f, "var" | "std") {
            self.outer_variance(f == "std", src, axis, n, ddof, out, &out_sizes, elem, loc)?;
            return Ok(out);
        }
        self.loop_nest(&out_sizes, loc, &mut |s, ivs| {
            let lane = Lane {
                src,
                axis,
                outer: ivs.to_vec(),
                n,
            };
            let lb = s.e.const_int(0, i64t, loc);
            let one = s.e.const_int(1, i64t, loc);
            let v = match f {
                "var" | "std" => {
                    // Two passes, as NumPy: the mean, then the mean squared deviation.
                    let count = s.e.coerce(n, elem, loc);
                    let total = s.lane_sum(&lane, elem, loc, &mut |_, x| x);
                    let mean = s.e.binary(&arith::DIVF, total, count, loc);
                    let squares = s.lane_sum(&lane, elem, loc, &mut |s, x| {
                        let d = s.e.binary(&arith::SUBF, x, mean, loc);
                        s.e.binary(&arith::MULF, d, d, loc)
                    });
                    let divisor = match ddof {
                        None => count,
                        Some(_) => variance_divisor(s, n, ddof, elem, loc),
                    };
                    let var = s.e.binary(&arith::DIVF, squares, divisor, loc);
                    match f {
                        "std" => s.e.value(&math::SQRT, &[var], elem, loc),
                        _ => var,
                    }
                }
                "argmin" | "argmax" => {
                    let e = s.e.element_type(src);
                    let first = s.lane_first(&lane, e, loc);
                    let found = s.fold_lane(&lane, one, &[first, lb], e, loc, &mut |s, acc, x| {
                        let (best, at) = (acc[0], acc[1]);
                        let take = s.is_better(f == "argmax", x, best, loc);
                        vec![
                            s.e.select(take, x, best, loc),
                            s.e.select(take, acc[2], at, loc),
                        ]
                    });
                    found[1]
                }
                "sum" | "mean" if float => {
                    let total = s.lane_sum(&lane, elem, loc, &mut |_, x| x);
                    match f {
                        "mean" => {
                            let count = s.e.coerce(n, elem, loc);
                            s.e.binary(&arith::DIVF, total, count, loc)
                        }
                        _ => total,
                    }
                }
                _ => {
                    let (init, start) = match f {
                        "prod" => (s.e.zero_of(elem, 1.0, loc), lb),
                        "sum" | "mean" => (s.e.zero_of(elem, 0.0, loc), lb),
                        _ => {
                            // min/max start from the first element.
                            let e = s.e.element_type(src);
                            let first = s.lane_first(&lane, e, loc);
                            (s.e.coerce(first, elem, loc), one)
                        }
                    };
                    let def: &'static OpDef = match (f, float) {
                        ("prod", true) => &arith::MULF,
                        ("prod", false) => &arith::MULI,
                        ("sum" | "mean", true) => &arith::ADDF,
                        ("sum" | "mean", false) => &arith::ADDI,
                        ("min" | "amin", true) => &arith::MINIMUMF,
                        ("min" | "amin", false) => &arith::MINSI,
                        (_, true) => &arith::MAXIMUMF,
                        (_, false) => &arith::MAXSI,
                    };
                    let total = s.fold_lane(&lane, start, &[init], elem, loc, &mut |s, acc, x| {
                        vec![s.e.binary(def, acc[0], x, loc)]
                    })[0];
                    match f {
                        "mean" => {
                            let count = s.e.coerce(n, elem, loc);
                            s.e.binary(&arith::DIVF, total, count, loc)
                        }
                        _ => total,
                    }
                }
            };
            s.e.store_at(v, out, ivs, loc);
            Ok(())
        })?;
        if out_sizes.is_empty() {
            // The one axis of a vector reduced: a scalar, as NumPy's `v.max(axis=0)`.
            return Ok(self.e.load_at(out, &[], loc));
        }
        Ok(out)
    }

    /// var (std with `std`) along an axis that is not the innermost into `out`, as
    /// [`Self::axis_reduce`] computes them (the same operations in the same order for every
    /// element) but a slice at a time: the loop along `axis` outermost, so the inner loop runs
    /// along memory (and vectorizes) instead of striding down each lane. (Sums, products,
    /// minima and maxima along such an axis are `tensor.reduce`s, which
    /// `convert-tensor-to-loop` accumulates a slice at a time.)
    #[allow(clippy::too_many_arguments)]
    fn outer_variance(
        &mut self,
        std: bool,
        src: Value,
        axis: usize,
        n: Value,
        ddof: Option<Value>,
        out: Value,
        out_sizes: &[Value],
        elem: Type,
        loc: &Location,
    ) -> CResult<()> {
        // Two passes, as NumPy: the mean, then the mean squared deviation.
        let count = self.e.coerce(n, elem, loc);
        let divisor = match ddof {
            None => count,
            Some(_) => variance_divisor(self, n, ddof, elem, loc),
        };
        let (mean, out_sizes) = self.alloc(elem, out_sizes, loc);
        let out_sizes = out_sizes.as_slice();
        self.fill(mean, out_sizes, loc, &mut |s, _| {
            s.e.zero_of(elem, 0.0, loc)
        })?;
        self.accumulate_slices(
            src,
            axis,
            n,
            mean,
            out_sizes,
            elem,
            loc,
            &mut |s, _, acc, x| s.e.binary(&arith::ADDF, acc, x, loc),
        )?;
        self.update(mean, out_sizes, loc, &mut |s, _, total| {
            s.e.binary(&arith::DIVF, total, count, loc)
        })?;
        self.fill(out, out_sizes, loc, &mut |s, _| s.e.zero_of(elem, 0.0, loc))?;
        self.accumulate_slices(
            src,
            axis,
            n,
            out,
            out_sizes,
            elem,
            loc,
            &mut |s, ivs, acc, x| {
                let m = s.e.load_at(mean, ivs, loc);
                let d = s.e.binary(&arith::SUBF, x, m, loc);
                let sq = s.e.binary(&arith::MULF, d, d, loc);
                s.e.binary(&arith::ADDF, acc, sq, loc)
            },
        )?;
        self.update(out, out_sizes, loc, &mut |s, _, squares| {
            let var = s.e.binary(&arith::DIVF, squares, divisor, loc);
            match std {
                true => s.e.value(&math::SQRT, &[var], elem, loc),
                false => var,
            }
        })
    }

    /// `acc[ivs] = step(ivs, acc[ivs], x)` for the elements `x` (coerced to `elem`) along
    /// `axis` (of length `n`), in order, one slice at a time.
    #[allow(clippy::too_many_arguments)]
    fn accumulate_slices(
        &mut self,
        src: Value,
        axis: usize,
        n: Value,
        acc: Value,
        out_sizes: &[Value],
        elem: Type,
        loc: &Location,
        step: &mut SliceStep<'_, Self>,
    ) -> CResult<()> {
        let sizes: Vec<Value> = std::iter::once(n)
            .chain(out_sizes.iter().copied())
            .collect();
        self.loop_nest(&sizes, loc, &mut |s, ivs| {
            let (p, at) = (ivs[0], &ivs[1..]);
            let x = s.lane_load(&Lane::at(src, axis, at, n), p, loc);
            let x = s.e.coerce(x, elem, loc);
            let a = s.e.load_at(acc, at, loc);
            let v = step(s, at, a, x);
            s.e.store_at(v, acc, at, loc);
            Ok(())
        })
    }

    /// `buffer[ivs] = value(ivs)` over `sizes`.
    fn fill(
        &mut self,
        buffer: Value,
        sizes: &[Value],
        loc: &Location,
        value: &mut dyn FnMut(&mut Self, &[Value]) -> Value,
    ) -> CResult<()> {
        self.loop_nest(sizes, loc, &mut |s, ivs| {
            let v = value(s, ivs);
            s.e.store_at(v, buffer, ivs, loc);
            Ok(())
        })
    }

    /// `buffer[ivs] = f(ivs, buffer[ivs])` over `sizes`.
    fn update(
        &mut self,
        buffer: Value,
        sizes: &[Value],
        loc: &Location,
        f: &mut dyn FnMut(&mut Self, &[Value], Value) -> Value,
    ) -> CResult<()> {
        self.fill(buffer, sizes, loc, &mut |s, ivs| {
            let old = s.e.load_at(buffer, ivs, loc);
            f(s, ivs, old)
        })
    }

    /// `sum`, `prod`, `mean`, `min` or `max` along `axis` (of length `n`) as a `tensor.reduce`
    /// (and, for the mean, a map dividing by `n`), materialized: `tensor-fuse` and `convert-tensor-to-loop`
    /// then fold it inside the nest of whatever consumes it (`a.sum(axis=1) * 2` is one
    /// nest). Elements are accumulated in `elem`, first to last along the axis.
    fn axis_fold(
        &mut self,
        f: &str,
        src: Value,
        axis: usize,
        elem: Type,
        n: Value,
        loc: &Location,
    ) -> CResult<Value> {
        let source = self.tensor_of(src, elem, loc)?;
        let kind = match f {
            "prod" => "prod",
            "min" | "amin" => "min",
            "max" | "amax" => "max",
            _ => "sum",
        };
        let mut t = self.reduce_tensor(source, vec![axis as i64], kind, loc);
        if f == "mean" {
            let count = self.e.coerce(n, elem, loc);
            t = self.elementwise(&[L::V(t), L::V(count)], elem, loc, &mut |s, xs| {
                Ok(s.e.binary(&arith::DIVF, xs[0], xs[1], loc))
            })?;
        }
        Ok(self.materialize(t, loc))
    }

    /// The lane's first element (of type `e`, as its array stores it), or zero for an empty
    /// lane: min/max/argmin/argmax have raised ValueError then, and must not read.
    fn lane_first(&mut self, lane: &Lane, e: Type, loc: &Location) -> Value {
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, loc);
        let nonempty = self.e.cmp(&arith::CMPI, "sgt", lane.n, zero, loc);
        let mut idx = lane.outer.clone();
        idx.insert(lane.axis, zero);
        self.e
            .when_or_zero(nonempty, e, loc, &mut |s| s.load_at(lane.src, &idx, loc))
    }

    /// Element `p` of a lane, as its array stores it.
    fn lane_load(&mut self, lane: &Lane, p: Value, loc: &Location) -> Value {
        let mut idx = lane.outer.clone();
        idx.insert(lane.axis, p);
        self.e.load_at(lane.src, &idx, loc)
    }

    /// The sum of `term(x)` over the lane's elements `x` (each coerced to float type
    /// `elem`): in NumPy's pairwise order (see [`crate::conversion::pairwise`]), except in GPU
    /// code, which adds them one after another.
    fn lane_sum(
        &mut self,
        lane: &Lane,
        elem: Type,
        loc: &Location,
        term: &mut dyn FnMut(&mut Self, Value) -> Value,
    ) -> Value {
        if !self.gpu {
            return pairwise_sum(
                self,
                lane.n,
                elem,
                loc,
                false,
                &mut |s, p| {
                    let x = s.lane_load(lane, p, loc);
                    let x = s.e.coerce(x, elem, loc);
                    term(s, x)
                },
                &mut |_, _| {},
            );
        }
        let i64t = self.e.ctx.i64();
        let start = self.e.const_int(0, i64t, loc);
        let zero = self.e.zero_of(elem, 0.0, loc);
        self.fold_lane(lane, start, &[zero], elem, loc, &mut |s, acc, x| {
            let t = term(s, x);
            vec![s.e.binary(&arith::ADDF, acc[0], t, loc)]
        })[0]
    }

    /// Fold the lane's elements `start..n`, each coerced to `elem`, into the accumulators
    /// `inits`; `combine(accumulators, x)` sees the position as a last accumulator.
    fn fold_lane(
        &mut self,
        lane: &Lane,
        start: Value,
        inits: &[Value],
        elem: Type,
        loc: &Location,
        combine: &mut LaneStep<'_, Self>,
    ) -> Vec<Value> {
        let i64t = self.e.ctx.i64();
        let types: Vec<Type> = inits.iter().map(|v| self.e.ctx.value_type(*v)).collect();
        let mut arg_types = vec![i64t];
        arg_types.extend(&types);
        let (region, block) = self.e.ctx.create_region_with_block(&arg_types);
        let outer = std::mem::replace(&mut self.e.block, block);
        let args = self.e.ctx.block_args(block).to_vec();
        let x = self.lane_load(lane, args[0], loc);
        let x = self.e.coerce(x, elem, loc);
        let mut accumulators = args[1..].to_vec();
        accumulators.push(args[0]);
        let next = combine(self, &accumulators, x);
        self.e.emit(&loops::YIELD, &next, &[], &[], vec![], loc);
        self.e.block = outer;
        let step = self.e.const_int(1, i64t, loc);
        let mut operands = vec![start, lane.n, step];
        operands.extend(inits);
        let for_op = self
            .e
            .emit(&loops::FOR, &operands, &types, &[], vec![region], loc);
        self.e.ctx.results(for_op).to_vec()
    }

    /// Does `x` replace `best` as argmax (`max`) or argmin? NumPy keeps the first extreme, and
    /// a NaN is the extreme: once `best` is NaN nothing replaces it.
    pub(crate) fn is_better(&mut self, max: bool, x: Value, best: Value, loc: &Location) -> Value {
        if !self.e.is_float(self.e.ctx.value_type(x)) {
            let predicate = if max { "sgt" } else { "slt" };
            return self.e.cmp(&arith::CMPI, predicate, x, best, loc);
        }
        // Unordered comparisons: a NaN `x` is better than any number.
        let predicate = if max { "ugt" } else { "ult" };
        let better = self.e.cmp(&arith::CMPF, predicate, x, best, loc);
        let best_is_number = self.e.cmp(&arith::CMPF, "ord", best, best, loc);
        self.e.binary(&arith::ANDI, better, best_is_number, loc)
    }
}

/// One step of a slice-at-a-time fold: `(converter, position, accumulator, element) ->
/// accumulator`.
type SliceStep<'a, S> = dyn FnMut(&mut S, &[Value], Value, Value) -> Value + 'a;

/// One step of a fold along a lane: `(converter, accumulators, element) -> accumulators`.
type LaneStep<'a, S> = dyn FnMut(&mut S, &[Value], Value) -> Vec<Value> + 'a;

/// The elements of `src` along `axis` at the outer position `outer` (indices of the other
/// axes), `n` of them.
struct Lane {
    src: Value,
    axis: usize,
    outer: Vec<Value>,
    n: Value,
}

impl Lane {
    fn at(src: Value, axis: usize, outer: &[Value], n: Value) -> Self {
        Lane {
            src,
            axis,
            outer: outer.to_vec(),
            n,
        }
    }
}
