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

use blackbird_dialects::ir::{Location, MemLayout, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops};

use super::emit::{
    accumulate, alloca_scope, fold_carried, if_else, parallel_loop_nest, while_loop, Emits,
};

/// The longest run summed as one leaf.
const LEAF: i64 = 128;
/// Partial sums of a leaf.
const LANES: i64 = 8;
/// Room for pending tasks and sums (see the module docs).
const TASKS: u64 = 128;
const SUMS: u64 = 64;
/// Levels of NumPy's tree above the parts a long run is summed in on threads: 2^3 parts.
const THREADED_LEVELS: u32 = 3;
/// Runs of at least this many elements are summed on threads (when the caller allows it):
/// each of the eight parts then holds at least 2^15 elements, far above a leaf, so they are
/// nodes of NumPy's tree.
pub const THREADED_SUM_ELEMENTS: i64 = 1 << 18;

/// An element of the run: `x(p)` at position `p` (i64).
pub type Element<'b, S> = dyn FnMut(&mut S, Value) -> Value + 'b;
/// Prefetches of the element at position `p` (i64): `loop.prefetch`es of the buffers
/// `x(p)` loads, or nothing.
pub type Ahead<'b, S> = dyn FnMut(&mut S, Value) + 'b;
/// How far ahead of its loads a leaf asks for its elements' cache lines (NumPy's leaf
/// prefetches too: the hardware prefetchers lose track of runs of 128 elements; 1 KiB ahead
/// measured best for runs out of the L3 cache).
const PREFETCH_BYTES: i64 = 1024;

/// `0.0 + pairwise(x(0), …, x(n - 1))` for `n` (i64) elements of float type `elem`: NumPy's
/// `np.add.reduce` of the run (see the module docs). With `threaded`, a run of at least
/// [`THREADED_SUM_ELEMENTS`] elements is summed as the eight nodes three levels down NumPy's
/// tree, on threads (a `loop.parallel`), then added up the tree: the same additions, so the
/// same result.
pub fn pairwise_sum<'c, S: Emits<'c>>(
    s: &mut S,
    n: Value,
    elem: Type,
    loc: &Location,
    threaded: bool,
    x: &mut Element<S>,
    ahead: &mut Ahead<S>,
) -> Value {
    let i64t = s.emitter().ctx.i64();
    let zero = s.emitter().const_int(0, i64t, loc);
    let sum = match threaded {
        false => run_sum(s, zero, n, elem, loc, x, ahead),
        true => {
            let threshold = s.emitter().const_int(THREADED_SUM_ELEMENTS, i64t, loc);
            let long = s.emitter().cmp(&arith::CMPI, "sge", n, threshold, loc);
            if_else(s, long, &[elem], loc, &mut |s, long| match long {
                true => vec![parts_sum(s, n, elem, loc, x, ahead)],
                false => vec![run_sum(s, zero, n, elem, loc, x, ahead)],
            })[0]
        }
    };
    let zero = s.emitter().zero_of(elem, 0.0, loc);
    s.emitter().binary(&arith::ADDF, zero, sum, loc)
}

/// Elements NumPy's casting buffer holds (its default `bufsize`).
const CAST_BUFFER: i64 = 8192;

/// NumPy's `np.add.reduce` of a run it casts first (integers summed as floats, `np.mean` of
/// an integer array): the iterator fills a buffer of [`CAST_BUFFER`] converted elements at a
/// time, sums each pairwise and adds it to the total in turn.
pub fn buffered_sum<'c, S: Emits<'c>>(
    s: &mut S,
    n: Value,
    elem: Type,
    loc: &Location,
    x: &mut Element<S>,
    ahead: &mut Ahead<S>,
) -> Value {
    let i64t = s.emitter().ctx.i64();
    let size = s.emitter().const_int(CAST_BUFFER, i64t, loc);
    let one = s.emitter().const_int(1, i64t, loc);
    let rounded_up = s.emitter().binary(&arith::ADDI, n, size, loc);
    let rounded_up = s.emitter().binary(&arith::SUBI, rounded_up, one, loc);
    let buffers = s.emitter().binary(&arith::DIVSI, rounded_up, size, loc);
    let zero = s.emitter().zero_of(elem, 0.0, loc);
    fold_carried(s, &[buffers], zero, loc, &mut |s, total, ivs| {
        let first = s.emitter().binary(&arith::MULI, ivs[0], size, loc);
        let rest = s.emitter().binary(&arith::SUBI, n, first, loc);
        let count = s.emitter().binary(&arith::MINSI, rest, size, loc);
        let part = run_sum(s, first, count, elem, loc, x, ahead);
        s.emitter().binary(&arith::ADDF, total, part, loc)
    })
}

/// The pairwise sum of positions `start..start + n`, with its stack buffers in a scope.
fn run_sum<'c, S: Emits<'c>>(
    s: &mut S,
    start: Value,
    n: Value,
    elem: Type,
    loc: &Location,
    x: &mut Element<S>,
    ahead: &mut Ahead<S>,
) -> Value {
    alloca_scope(s, &[elem], loc, &mut |s| {
        vec![tree(s, start, n, elem, loc, x, ahead)]
    })[0]
}

/// The sum of positions `0..n` as the 2^[`THREADED_LEVELS`] nodes that many levels down
/// NumPy's tree (all of them longer than a leaf), each on a thread, then added pairwise.
fn parts_sum<'c, S: Emits<'c>>(
    s: &mut S,
    n: Value,
    elem: Type,
    loc: &Location,
    x: &mut Element<S>,
    ahead: &mut Ahead<S>,
) -> Value {
    let i64t = s.emitter().ctx.i64();
    let zero = s.emitter().const_int(0, i64t, loc);
    let mut nodes = vec![(zero, n)];
    for _ in 0..THREADED_LEVELS {
        nodes = nodes
            .into_iter()
            .flat_map(|(start, length)| {
                let (left, right) = split(s, start, length, loc);
                [left, right]
            })
            .collect();
    }
    let count = nodes.len() as u64;
    alloca_scope(s, &[elem], loc, &mut |s| {
        let starts = stack_buffer(s, count, i64t, loc);
        let lengths = stack_buffer(s, count, i64t, loc);
        let parts = stack_buffer(s, count, elem, loc);
        for (j, (start, length)) in nodes.iter().enumerate() {
            let at = s.emitter().const_int(j as i64, i64t, loc);
            s.emitter().store_at(*start, starts, &[at], loc);
            s.emitter().store_at(*length, lengths, &[at], loc);
        }
        let size = s.emitter().const_int(count as i64, i64t, loc);
        parallel_loop_nest(s, &[size], loc, &mut |s, ivs| {
            let start = s.emitter().load_at(starts, &[ivs[0]], loc);
            let length = s.emitter().load_at(lengths, &[ivs[0]], loc);
            let part = run_sum(s, start, length, elem, loc, x, ahead);
            s.emitter().store_at(part, parts, &[ivs[0]], loc);
            Ok(())
        })
        .expect("the body does not fail");
        let mut level: Vec<Value> = (0..count)
            .map(|j| {
                let at = s.emitter().const_int(j as i64, i64t, loc);
                s.emitter().load_at(parts, &[at], loc)
            })
            .collect();
        while level.len() > 1 {
            level = level
                .chunks(2)
                .map(|pair| s.emitter().binary(&arith::ADDF, pair[0], pair[1], loc))
                .collect();
        }
        level
    })[0]
}

/// NumPy's split of a run longer than a leaf: the first `n2 = length / 2 - (length / 2) % 8`
/// elements and the rest, as (start, length) pairs.
fn split<'c, S: Emits<'c>>(
    s: &mut S,
    start: Value,
    length: Value,
    loc: &Location,
) -> ((Value, Value), (Value, Value)) {
    let i64t = s.emitter().ctx.i64();
    let two = s.emitter().const_int(2, i64t, loc);
    let lanes = s.emitter().const_int(LANES, i64t, loc);
    let half = s.emitter().binary(&arith::DIVSI, length, two, loc);
    let ragged = s.emitter().binary(&arith::REMSI, half, lanes, loc);
    let left = s.emitter().binary(&arith::SUBI, half, ragged, loc);
    let right_start = s.emitter().binary(&arith::ADDI, start, left, loc);
    let right = s.emitter().binary(&arith::SUBI, length, left, loc);
    ((start, left), (right_start, right))
}

/// A one-dimensional stack buffer of `size` elements of `elem`.
fn stack_buffer<'c, S: Emits<'c>>(s: &mut S, size: u64, elem: Type, loc: &Location) -> Value {
    let t = s.emitter().ctx.intern_type(TypeKind::MemRef {
        shape: vec![Some(size)],
        elem,
        layout: MemLayout::Identity,
    });
    s.emitter().value(&loops::ALLOCA, &[], t, loc)
}

/// The pairwise sum of positions `start..start + n`, by the task loop (inside an alloca
/// scope).
fn tree<'c, S: Emits<'c>>(
    s: &mut S,
    start: Value,
    n: Value,
    elem: Type,
    loc: &Location,
    x: &mut Element<S>,
    ahead: &mut Ahead<S>,
) -> Value {
    let i64t = s.emitter().ctx.i64();
    let end = s.emitter().binary(&arith::ADDI, start, n, loc);
    let starts = stack_buffer(s, TASKS, i64t, loc);
    let lengths = stack_buffer(s, TASKS, i64t, loc);
    let sums = stack_buffer(s, SUMS, elem, loc);
    let c = |s: &mut S, v: i64| s.emitter().const_int(v, i64t, loc);
    let (zero, one, two, three) = (c(s, 0), c(s, 1), c(s, 2), c(s, 3));
    let combine = c(s, -1);
    s.emitter().store_at(start, starts, &[zero], loc);
    s.emitter().store_at(n, lengths, &[zero], loc);
    while_loop(
        s,
        &[one, zero],
        loc,
        &mut |s, v| s.emitter().cmp(&arith::CMPI, "sgt", v[0], zero, loc),
        &mut |s, v| {
            let (top, count) = (s.emitter().binary(&arith::SUBI, v[0], one, loc), v[1]);
            let start = s.emitter().load_at(starts, &[top], loc);
            let length = s.emitter().load_at(lengths, &[top], loc);
            let is_combine = s.emitter().cmp(&arith::CMPI, "slt", length, zero, loc);
            let leaf = c(s, LEAF);
            let is_leaf = s.emitter().cmp(&arith::CMPI, "sle", length, leaf, loc);
            if_else(s, is_combine, &[i64t, i64t], loc, &mut |s, combine_task| {
                if combine_task {
                    // The top two sums: the left half's below the right half's.
                    let right = s.emitter().binary(&arith::SUBI, count, one, loc);
                    let left = s.emitter().binary(&arith::SUBI, count, two, loc);
                    let a = s.emitter().load_at(sums, &[left], loc);
                    let b = s.emitter().load_at(sums, &[right], loc);
                    let total = s.emitter().binary(&arith::ADDF, a, b, loc);
                    s.emitter().store_at(total, sums, &[left], loc);
                    return vec![top, right];
                }
                if_else(s, is_leaf, &[i64t, i64t], loc, &mut |s, leaf_task| {
                    if leaf_task {
                        let total = leaf_sum(s, [start, length, end], elem, loc, x, ahead);
                        s.emitter().store_at(total, sums, &[count], loc);
                        return vec![top, s.emitter().binary(&arith::ADDI, count, one, loc)];
                    }
                    let (left, right) = split(s, start, length, loc);
                    let second = s.emitter().binary(&arith::ADDI, top, one, loc);
                    let third = s.emitter().binary(&arith::ADDI, top, two, loc);
                    for (at, (task_start, task_length)) in
                        [(top, (zero, combine)), (second, right), (third, left)]
                    {
                        s.emitter().store_at(task_start, starts, &[at], loc);
                        s.emitter().store_at(task_length, lengths, &[at], loc);
                    }
                    vec![s.emitter().binary(&arith::ADDI, top, three, loc), count]
                })
            })
        },
    );
    s.emitter().load_at(sums, &[zero], loc)
}

/// The sum of a leaf: positions `start..start + length` (`length` ≤ [`LEAF`]) of a run
/// ending before `end`, whose elements [`PREFETCH_BYTES`] ahead (up to the run's last) are
/// prefetched once per eight.
fn leaf_sum<'c, S: Emits<'c>>(
    s: &mut S,
    [start, length, end]: [Value; 3],
    elem: Type,
    loc: &Location,
    x: &mut Element<S>,
    ahead: &mut Ahead<S>,
) -> Value {
    let i64t = s.emitter().ctx.i64();
    let zero = s.emitter().const_int(0, i64t, loc);
    let one = s.emitter().const_int(1, i64t, loc);
    let lanes = s.emitter().const_int(LANES, i64t, loc);
    let ahead_elements = PREFETCH_BYTES / s.emitter().byte_size(elem);
    let distance = s.emitter().const_int(ahead_elements, i64t, loc);
    let last = s.emitter().binary(&arith::SUBI, end, one, loc);
    let ragged = s.emitter().binary(&arith::REMSI, length, lanes, loc);
    let bulk = s.emitter().binary(&arith::SUBI, length, ragged, loc);
    let minus_zero = s.emitter().const_float(-0.0, elem, loc);
    let r = accumulate(
        s,
        [zero, bulk, lanes],
        &[minus_zero; LANES as usize],
        loc,
        &mut |s, p, r| {
            let base = s.emitter().binary(&arith::ADDI, start, p, loc);
            let forward = s.emitter().binary(&arith::ADDI, base, distance, loc);
            let target = s.emitter().binary(&arith::MINSI, forward, last, loc);
            ahead(s, target);
            (0..LANES)
                .map(|j| {
                    let offset = s.emitter().const_int(j, i64t, loc);
                    let at = s.emitter().binary(&arith::ADDI, base, offset, loc);
                    let v = x(s, at);
                    s.emitter().binary(&arith::ADDF, r[j as usize], v, loc)
                })
                .collect()
        },
    );
    let mut add = |a: Value, b: Value| s.emitter().binary(&arith::ADDF, a, b, loc);
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
        let at = s.emitter().binary(&arith::ADDI, start, p, loc);
        let v = x(s, at);
        vec![s.emitter().binary(&arith::ADDF, r[0], v, loc)]
    })[0]
}
