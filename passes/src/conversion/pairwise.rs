//! NumPy's pairwise summation, which `np.add.reduce` of a float array (`np.sum`, `a.sum(axis=…)`,
//! `np.mean`) applies along each run of elements its inner loop sees (`pairwise_sum` in
//! `numpy/_core/src/umath/loops_utils.h.src`). Emitting the same additions in the same order
//! gives NumPy's result bit for bit, rounding errors that grow as O(log n) instead of O(n),
//! and eight independent partial sums where a sequential loop waits on every addition.
//!
//! The order, for a run of `n` elements: up to 128 elements are a leaf — eight partial sums
//! `r[j]` over elements `j, j + 8, …` of the first `n - n % 8`, added as
//! `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`, then the last `n % 8` one at a time
//! (NumPy starts `r[j]` at element `j` and a run shorter than 8 at `0.0`; starting each at
//! `-0.0` is the same: `-0.0 + x == x` for every `x`, and the sign of a zero sum is settled
//! by the `0.0 +` the reduction starts from). A longer run is split after
//! `n2 = n / 2 - (n / 2) % 8` elements and the two halves' sums added. The recursion runs as a
//! loop over a stack of tasks in stack buffers: a split pushes a combine task, then the right
//! half, then the left; leaves push their sums, a combine adds the top two. Runs of more than
//! 128 elements split into halves of at least 64, so the tree is less than 58 deep for any
//! `n < 2^63`: at most 2 × 58 + 1 tasks and 59 sums are pending.

use std::ops::DerefMut;

use blackbird_dialects::ir::{Location, MemLayout, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops};

use super::emit::{accumulate, alloca_scope, if_else, while_loop, Emitter};

/// The longest run summed as one leaf.
const LEAF: i64 = 128;
/// Partial sums of a leaf.
const LANES: i64 = 8;
/// Room for pending tasks and sums (see the module docs).
const TASKS: u64 = 128;
const SUMS: u64 = 64;

/// An element of the run: `x(p)` at position `p` (i64).
pub type Element<'b, S> = dyn FnMut(&mut S, Value) -> Value + 'b;

/// `0.0 + pairwise(x(0), …, x(n - 1))` for `n` (i64) elements of float type `elem`: NumPy's
/// `np.add.reduce` of the run (see the module docs).
pub fn pairwise_sum<'c, S: DerefMut<Target = Emitter<'c>>>(
    s: &mut S,
    n: Value,
    elem: Type,
    loc: &Location,
    x: &mut Element<S>,
) -> Value {
    let sum = alloca_scope(s, &[elem], loc, &mut |s| vec![tree(s, n, elem, loc, x)])[0];
    let zero = s.zero_of(elem, 0.0, loc);
    s.binary(&arith::ADDF, zero, sum, loc)
}

/// The pairwise sum of positions `0..n`, by the task loop (inside an alloca scope).
fn tree<'c, S: DerefMut<Target = Emitter<'c>>>(
    s: &mut S,
    n: Value,
    elem: Type,
    loc: &Location,
    x: &mut Element<S>,
) -> Value {
    let i64t = s.ctx.i64();
    let stack = |s: &mut S, size: u64, elem: Type| {
        let t = s.ctx.intern_type(TypeKind::MemRef {
            shape: vec![Some(size)],
            elem,
            layout: MemLayout::Identity,
        });
        s.value(&loops::ALLOCA, &[], t, loc)
    };
    let starts = stack(s, TASKS, i64t);
    let lengths = stack(s, TASKS, i64t);
    let sums = stack(s, SUMS, elem);
    let c = |s: &mut S, v: i64| s.const_int(v, i64t, loc);
    let (zero, one, two, three) = (c(s, 0), c(s, 1), c(s, 2), c(s, 3));
    let combine = c(s, -1);
    s.store_at(zero, starts, &[zero], loc);
    s.store_at(n, lengths, &[zero], loc);
    while_loop(
        s,
        &[one, zero],
        loc,
        &mut |s, v| s.cmp(&arith::CMPI, "sgt", v[0], zero, loc),
        &mut |s, v| {
            let (top, count) = (s.binary(&arith::SUBI, v[0], one, loc), v[1]);
            let start = s.load_at(starts, &[top], loc);
            let length = s.load_at(lengths, &[top], loc);
            let is_combine = s.cmp(&arith::CMPI, "slt", length, zero, loc);
            let leaf = c(s, LEAF);
            let is_leaf = s.cmp(&arith::CMPI, "sle", length, leaf, loc);
            if_else(
                s,
                is_combine,
                &[i64t, i64t],
                loc,
                &mut |s| {
                    // The top two sums: the left half's below the right half's.
                    let right = s.binary(&arith::SUBI, count, one, loc);
                    let left = s.binary(&arith::SUBI, count, two, loc);
                    let a = s.load_at(sums, &[left], loc);
                    let b = s.load_at(sums, &[right], loc);
                    let total = s.binary(&arith::ADDF, a, b, loc);
                    s.store_at(total, sums, &[left], loc);
                    vec![top, right]
                },
                &mut |s| {
                    if_else(
                        s,
                        is_leaf,
                        &[i64t, i64t],
                        loc,
                        &mut |s| {
                            let total = leaf_sum(s, start, length, elem, loc, x);
                            s.store_at(total, sums, &[count], loc);
                            vec![top, s.binary(&arith::ADDI, count, one, loc)]
                        },
                        &mut |s| {
                            let lanes = c(s, LANES);
                            let half = s.binary(&arith::DIVSI, length, two, loc);
                            let ragged = s.binary(&arith::REMSI, half, lanes, loc);
                            let left = s.binary(&arith::SUBI, half, ragged, loc);
                            let right_start = s.binary(&arith::ADDI, start, left, loc);
                            let right = s.binary(&arith::SUBI, length, left, loc);
                            let second = s.binary(&arith::ADDI, top, one, loc);
                            let third = s.binary(&arith::ADDI, top, two, loc);
                            for (at, task_start, task_length) in [
                                (top, zero, combine),
                                (second, right_start, right),
                                (third, start, left),
                            ] {
                                s.store_at(task_start, starts, &[at], loc);
                                s.store_at(task_length, lengths, &[at], loc);
                            }
                            vec![s.binary(&arith::ADDI, top, three, loc), count]
                        },
                    )
                },
            )
        },
    );
    s.load_at(sums, &[zero], loc)
}

/// The sum of a leaf: positions `start..start + length` (`length` ≤ [`LEAF`]).
fn leaf_sum<'c, S: DerefMut<Target = Emitter<'c>>>(
    s: &mut S,
    start: Value,
    length: Value,
    elem: Type,
    loc: &Location,
    x: &mut Element<S>,
) -> Value {
    let i64t = s.ctx.i64();
    let zero = s.const_int(0, i64t, loc);
    let one = s.const_int(1, i64t, loc);
    let lanes = s.const_int(LANES, i64t, loc);
    let ragged = s.binary(&arith::REMSI, length, lanes, loc);
    let bulk = s.binary(&arith::SUBI, length, ragged, loc);
    let minus_zero = s.const_float(-0.0, elem, loc);
    let r = accumulate(
        s,
        [zero, bulk, lanes],
        &[minus_zero; LANES as usize],
        loc,
        &mut |s, p, r| {
            let base = s.binary(&arith::ADDI, start, p, loc);
            (0..LANES)
                .map(|j| {
                    let offset = s.const_int(j, i64t, loc);
                    let at = s.binary(&arith::ADDI, base, offset, loc);
                    let v = x(s, at);
                    s.binary(&arith::ADDF, r[j as usize], v, loc)
                })
                .collect()
        },
    );
    let mut add = |a: Value, b: Value| s.binary(&arith::ADDF, a, b, loc);
    let first = {
        let (low, high) = (add(r[0], r[1]), add(r[2], r[3]));
        add(low, high)
    };
    let second = {
        let (low, high) = (add(r[4], r[5]), add(r[6], r[7]));
        add(low, high)
    };
    let tree = add(first, second);
    accumulate(s, [bulk, length, one], &[tree], loc, &mut |s, p, r| {
        let at = s.binary(&arith::ADDI, start, p, loc);
        let v = x(s, at);
        vec![s.binary(&arith::ADDF, r[0], v, loc)]
    })[0]
}
