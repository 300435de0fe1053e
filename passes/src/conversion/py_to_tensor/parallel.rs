//! Parallel `prange` loops (`parallel=True`): `loop.parallel` with reductions, or chunks for loops
//! carrying arrays (the carried variables are classified in [`super::prange`]).

use std::collections::HashMap;

use blackbird_dialects::ir::{AttrKind, Location, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops};

use super::{error, not_yet, prange, CResult, Converter, Escape, Iter, L};
use crate::conversion::emit;
use crate::transforms::parallelize_prange::parallel_carried;

/// What a scalar reduction's value travels in through a `loop.parallel` reduction.
#[derive(Copy, Clone, PartialEq)]
pub(super) enum Carrier {
    /// The value itself.
    Itself,
    /// A float minimum or maximum: its [`Converter::order_key`] (integer min/max, exact).
    OrderKey,
    /// A bool: a byte holding 0 or 1 (OpenMP's atomic updates take no 1-bit integers).
    Byte,
}

/// One reduction of a parallel `prange` loop.
pub(super) struct Reduction {
    /// Its index among the loop's carried variables.
    pub(super) variable: usize,
    /// Its position among the loop's flattened carried values.
    pub(super) position: usize,
    /// The value from before the loop.
    pub(super) init: Value,
    /// What the body starts from.
    pub(super) identity: prange::Identity,
    /// The `loop.parallel` reduction kind.
    pub(super) name: &'static str,
    pub(super) combine: prange::Combine,
    /// What carries its value through the parallel loop's reduction.
    pub(super) carrier: Carrier,
    /// An array (reduced through partial rows, see [`Converter::parallel_chunks`]).
    pub(super) array: bool,
    /// Every update is an augmented assignment: an array is updated in its own buffer.
    pub(super) in_place: bool,
}

impl Converter<'_> {
    /// Whether the `py.for` `op` becomes a `loop.parallel`: a `prange` loop of a
    /// `parallel=True` function that `py-parallelize-prange` marked (not nested in another).
    pub(super) fn runs_in_parallel(&self, op: OpId) -> bool {
        self.parallel && parallel_carried(self.e.ctx, op).is_some()
    }

    /// A parallel `prange` loop: a `loop.parallel` over the items, whose carried variables are
    /// reductions (each starts from its identity in the body, and the body's final value is the
    /// iteration's contribution) or private to each iteration (see `py-parallelize-prange`). A loop carrying
    /// arrays runs in chunks instead (see [`Converter::parallel_chunks`]).
    pub(super) fn parallel_for(&mut self, op: OpId) -> CResult<()> {
        let kinds = parallel_carried(self.e.ctx, op).expect("marked by py-parallelize-prange");
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let it = self.iter_of(op, self.get(operands[0]))?;
        let (all_inits, all_types) = self.carried_inits(op, &operands[1..])?;
        let reductions = self.reductions(op, &kinds, &operands[1..])?;
        if all_types
            .iter()
            .any(|t| self.e.ctx.type_kind(*t).is_shaped())
        {
            return self.parallel_chunks(op, &it, &reductions, all_inits);
        }
        let n = self.trip_count(&it, &loc);
        let i64t = self.e.ctx.i64();
        let (region, block) = self.e.ctx.create_region_with_block(&[i64t]);
        let iv = self.e.ctx.block_args(block)[0];
        let outer = std::mem::replace(&mut self.e.block, block);
        let item = self.item(&it, iv, &loc);
        let py_body = self.e.ctx.entry_block(self.e.ctx.region(op, 0));
        let py_args = self.e.ctx.block_args(py_body).to_vec();
        self.map.insert(py_args[0], item);
        // Reductions start from their identity; private variables from their value before.
        for (init, arg) in operands[1..].iter().zip(&py_args[1..]) {
            let l = self.get(*init);
            self.map.insert(*arg, l);
        }
        for r in &reductions {
            let t = self.e.ctx.value_type(r.init);
            let start = self.identity_value(r.identity, t, &loc);
            self.map.insert(py_args[1 + r.variable], L::V(start));
        }
        let result = self.loop_body(py_body, all_types, Escape::Continue, None);
        if result.is_ok() {
            // The body yields every carried value; keep the contributions.
            let yield_op = *self.e.ctx.block_ops(block).last().expect("terminator");
            let yielded = self.e.ctx.operands(yield_op).to_vec();
            self.e.ctx.erase_op(yield_op);
            let contributions = self.contributions(&reductions, &yielded, &loc);
            self.e
                .emit(&loops::YIELD, &contributions, &[], &[], vec![], &loc);
        }
        self.e.block = outer;
        result?;
        let values = self.parallel_loop(region, n, &reductions, all_inits, &loc);
        self.bind_results(op, values);
        Ok(())
    }

    /// The reductions among the carried variables `inits` of the `py.for` `op`.
    pub(super) fn reductions(
        &mut self,
        op: OpId,
        kinds: &[prange::Carried],
        inits: &[Value],
    ) -> CResult<Vec<Reduction>> {
        let mut reductions = vec![];
        let mut position = 0;
        for (variable, (kind, init)) in kinds.iter().zip(inits).enumerate() {
            let mut flat = vec![];
            self.flatten(&self.get(*init), &mut flat);
            if let prange::Carried::Reduction { combine, in_place } = *kind {
                let t = self.e.ctx.value_type(flat[0]);
                let elem = self.e.ctx.type_kind(t).element_type().unwrap_or(t);
                let number = match self.e.ctx.type_kind(elem) {
                    TypeKind::Float(_) => prange::Number::Float,
                    TypeKind::Int { width: 1, .. }
                    | TypeKind::Int {
                        signedness: blackbird_dialects::ir::Signedness::Unsigned,
                        ..
                    } => prange::Number::Unsigned,
                    TypeKind::Int { .. } => prange::Number::Signed,
                    _ => return Err(error(self.e.ctx, op, "a prange reduction must be a number")),
                };
                if flat.len() != 1 {
                    return Err(error(self.e.ctx, op, "a prange reduction must be a number"));
                }
                let array = self.e.ctx.type_kind(t).is_shaped();
                if array && !matches!(combine, prange::Combine::Add | prange::Combine::Mul) {
                    return Err(not_yet(
                        self.e.ctx,
                        op,
                        "a prange reduction of an array other than `+=`, `-=` or `*=`",
                    ));
                }
                reductions.push(Reduction {
                    variable,
                    position,
                    init: flat[0],
                    identity: combine.identity(number, self.e.width(elem)),
                    name: combine.reduction_name(number),
                    carrier: match self.e.ctx.type_kind(elem) {
                        _ if array => Carrier::Itself,
                        TypeKind::Float(_)
                            if matches!(combine, prange::Combine::Min | prange::Combine::Max) =>
                        {
                            Carrier::OrderKey
                        }
                        TypeKind::Int { width: 1, .. } => Carrier::Byte,
                        _ => Carrier::Itself,
                    },
                    combine,
                    array,
                    in_place,
                });
            }
            position += flat.len();
        }
        Ok(reductions)
    }

    /// What the scalar reductions' final values in one iteration (or chunk) pass to the
    /// parallel loop: each in its [`Carrier`].
    pub(super) fn contributions(
        &mut self,
        reductions: &[Reduction],
        finals: &[Value],
        loc: &Location,
    ) -> Vec<Value> {
        reductions
            .iter()
            .filter(|r| !r.array)
            .map(|r| {
                let value = finals[r.position];
                match r.carrier {
                    Carrier::Itself => value,
                    Carrier::OrderKey => self.order_key(value, loc),
                    Carrier::Byte => {
                        let i8t = self.e.ctx.int_type(8);
                        self.e.value(&arith::EXTUI, &[value], i8t, loc)
                    }
                }
            })
            .collect()
    }

    /// Emit the `loop.parallel` over `0..n` with body `region`, reducing the scalar
    /// `reductions` from their values before the loop (`inits`, flattened); returns the carried
    /// values after it (private ones and array reductions keep theirs).
    pub(super) fn parallel_loop(
        &mut self,
        region: blackbird_dialects::ir::RegionId,
        n: Value,
        reductions: &[Reduction],
        inits: Vec<Value>,
        loc: &Location,
    ) -> Vec<Value> {
        let i64t = self.e.ctx.i64();
        let scalars: Vec<&Reduction> = reductions.iter().filter(|r| !r.array).collect();
        let lb = self.e.const_int(0, i64t, loc);
        let step = self.e.const_int(1, i64t, loc);
        let mut loop_operands = vec![lb, n, step];
        for r in &scalars {
            // A float minimum or maximum starts from its identity; the value from before the
            // loop is combined with the result afterwards.
            let init = match r.carrier {
                Carrier::Itself => r.init,
                Carrier::OrderKey => {
                    let t = self.e.ctx.value_type(r.init);
                    let identity = self.identity_value(r.identity, t, loc);
                    self.order_key(identity, loc)
                }
                Carrier::Byte => {
                    let i8t = self.e.ctx.int_type(8);
                    self.e.value(&arith::EXTUI, &[r.init], i8t, loc)
                }
            };
            loop_operands.push(init);
        }
        let types: Vec<Type> = loop_operands[3..]
            .iter()
            .map(|v| self.e.ctx.value_type(*v))
            .collect();
        let names: Vec<_> = scalars
            .iter()
            .map(|r| self.e.ctx.str_attr(r.name))
            .collect();
        let names = self.e.ctx.intern_attr(AttrKind::Array(names));
        let par = self.e.emit(
            &loops::PARALLEL,
            &loop_operands,
            &types,
            &[("reductions", names)],
            vec![region],
            loc,
        );
        let mut values = inits;
        for (k, r) in scalars.iter().enumerate() {
            let result = self.e.ctx.result(par, k);
            values[r.position] = match r.carrier {
                Carrier::OrderKey => {
                    let float = self.e.ctx.value_type(r.init);
                    let found = self.float_of_order_key(result, float, loc);
                    // Python's min(before, found): `found` only if it is smaller.
                    let predicate = match r.combine {
                        prange::Combine::Min => "olt",
                        _ => "ogt",
                    };
                    let better = self.e.cmp(&arith::CMPF, predicate, found, r.init, loc);
                    self.e.select(better, found, r.init, loc)
                }
                Carrier::Byte => {
                    let i1 = self.e.ctx.i1();
                    self.e.value(&arith::TRUNCI, &[result], i1, loc)
                }
                Carrier::Itself => result,
            };
        }
        values
    }

    /// A `prange` loop carrying arrays: its items split into one chunk per thread
    /// (`loop.num_threads`, at most one per item), each chunk a serial loop in which the
    /// reductions start from their identities (an array reduction from the chunk's own row of
    /// a partial-results array filled with the identity) and private variables from their
    /// values before. The scalar contributions combine through the parallel loop; afterwards
    /// each array is combined with its partial rows: in place for `s += x` (Python updates
    /// the array itself), into a new array for `s = s + x`.
    pub(super) fn parallel_chunks(
        &mut self,
        op: OpId,
        it: &Iter,
        reductions: &[Reduction],
        inits: Vec<Value>,
    ) -> CResult<()> {
        let loc = self.e.ctx.loc(op).clone();
        let i64t = self.e.ctx.i64();
        let n = self.trip_count(it, &loc);
        let one = self.e.const_int(1, i64t, &loc);
        let threads = self.e.value(&loops::NUM_THREADS, &[], i64t, &loc);
        let most = self.e.binary(&arith::MAXSI, n, one, &loc);
        let chunks = self.e.binary(&arith::MINSI, threads, most, &loc);
        let chunks = self.e.binary(&arith::MAXSI, chunks, one, &loc);
        let spread = self.e.binary(&arith::ADDI, n, chunks, &loc);
        let spread = self.e.binary(&arith::SUBI, spread, one, &loc);
        let chunk = self.e.binary(&arith::DIVSI, spread, chunks, &loc);
        // One row of partial results per chunk for each array reduction.
        let mut partials = HashMap::new();
        for r in reductions.iter().filter(|r| r.array) {
            let elem = self.e.element_type(r.init);
            let identity = self.identity_value(r.identity, elem, &loc);
            let mut sizes = vec![chunks];
            sizes.extend(self.e.sizes(r.init, &loc));
            let rows = self.created(Some(identity), elem, &sizes, &loc);
            partials.insert(r.position, rows);
        }
        let (region, block) = self.e.ctx.create_region_with_block(&[i64t]);
        let t = self.e.ctx.block_args(block)[0];
        let outer = std::mem::replace(&mut self.e.block, block);
        let lo = self.e.binary(&arith::MULI, t, chunk, &loc);
        let hi = self.e.binary(&arith::ADDI, lo, chunk, &loc);
        let hi = self.e.binary(&arith::MINSI, hi, n, &loc);
        // This chunk's row of each array reduction's partial results.
        let rows: HashMap<usize, Value> = reductions
            .iter()
            .filter(|r| r.array)
            .map(|r| (r.position, self.row(partials[&r.position], t, &loc)))
            .collect();
        let mut starts = inits.clone();
        for r in reductions {
            starts[r.position] = match rows.get(&r.position) {
                Some(row) => *row,
                None => {
                    let ty = self.e.ctx.value_type(r.init);
                    self.identity_value(r.identity, ty, &loc)
                }
            };
        }
        let finals = self.serial_for(op, it, lo, hi, starts);
        let result = finals.and_then(|finals| {
            for r in reductions.iter().filter(|r| r.array) {
                self.assign_array(op, rows[&r.position], L::V(finals[r.position]))?;
            }
            let contributions = self.contributions(reductions, &finals, &loc);
            self.e
                .emit(&loops::YIELD, &contributions, &[], &[], vec![], &loc);
            Ok(())
        });
        self.e.block = outer;
        result?;
        let mut values = self.parallel_loop(region, chunks, reductions, inits, &loc);
        for r in reductions.iter().filter(|r| r.array) {
            values[r.position] = self.combine_rows(r, partials[&r.position], chunks, &loc)?;
        }
        self.bind_results(op, values);
        Ok(())
    }

    /// Row `t` of `m` (a view without the first dimension).
    pub(super) fn row(&mut self, m: Value, t: Value, loc: &Location) -> Value {
        let (offset, sizes, strides) = self.e.metadata(m, loc);
        let t = self.e.index_value(t, loc);
        let skip = self.e.binary(&arith::MULI, t, strides[0], loc);
        let offset = self.e.binary(&arith::ADDI, offset, skip, loc);
        self.make_view(m, offset, &sizes[1..], &strides[1..], loc)
    }

    /// The array reduction `r` after the loop: its value before combined with the `chunks`
    /// rows of `rows`, in its own buffer (`s += x`) or a new one (`s = s + x`).
    pub(super) fn combine_rows(
        &mut self,
        r: &Reduction,
        rows: Value,
        chunks: Value,
        loc: &Location,
    ) -> CResult<Value> {
        let elem = self.e.element_type(r.init);
        let sizes = self.e.sizes(r.init, loc);
        let (target, sizes) = match r.in_place {
            true => (r.init, sizes),
            false => self.alloc(elem, &sizes, loc),
        };
        let combine = match (r.combine, self.e.is_float(elem)) {
            (prange::Combine::Mul, true) => &arith::MULF,
            (prange::Combine::Mul, false) => &arith::MULI,
            (_, true) => &arith::ADDF,
            (_, false) => &arith::ADDI,
        };
        let init = r.init;
        self.loop_nest(&sizes, loc, &mut |s, ivs| {
            let before = s.e.load_at(init, ivs, loc);
            let total = emit::fold_nest(s, &[chunks], before, loc, &mut |s, acc, k| {
                let mut at = vec![k[0]];
                at.extend(ivs);
                let x = s.e.load_at(rows, &at, loc);
                s.e.binary(combine, acc, x, loc)
            })?;
            s.e.store_at(total, target, ivs, loc);
            Ok(())
        })?;
        Ok(target)
    }

    pub(super) fn identity_value(
        &mut self,
        identity: prange::Identity,
        t: Type,
        loc: &Location,
    ) -> Value {
        match identity {
            prange::Identity::Float(x) => self.e.const_float(x, t, loc),
            prange::Identity::Int(i) => self.e.const_int(i, t, loc),
        }
    }

    /// A float's bits as a signed integer ordered as the floats are (negative floats have
    /// their magnitude bits flipped), so that integer min/max reduce floats exactly.
    pub(super) fn order_key(&mut self, x: Value, loc: &Location) -> Value {
        let width = self.e.width(self.e.ctx.value_type(x));
        let int = self.e.ctx.int_type(width);
        let bits = self.e.value(&arith::BITCAST, &[x], int, loc);
        self.flip_negative_magnitudes(bits, loc)
    }

    /// The float of type `float` whose [`Converter::order_key`] is `key`.
    pub(super) fn float_of_order_key(&mut self, key: Value, float: Type, loc: &Location) -> Value {
        let bits = self.flip_negative_magnitudes(key, loc);
        self.e.value(&arith::BITCAST, &[bits], float, loc)
    }

    /// `bits ^ ((bits >> (width - 1)) & signed_max)`: its own inverse.
    pub(super) fn flip_negative_magnitudes(&mut self, bits: Value, loc: &Location) -> Value {
        let t = self.e.ctx.value_type(bits);
        let width = self.e.width(t);
        let shift = self.e.const_int(i64::from(width) - 1, t, loc);
        let magnitude = self.e.const_int(i64::MAX >> (64 - width), t, loc);
        let sign = self.e.binary(&arith::SHRSI, bits, shift, loc);
        let flip = self.e.binary(&arith::ANDI, sign, magnitude, loc);
        self.e.binary(&arith::XORI, bits, flip, loc)
    }
}
