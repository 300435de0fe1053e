//! Contractions over buffers: `tensor.matmul` (NumPy's `@` for 1-D and 2-D operands) and
//! full reductions, as loop nests with the accumulator carried by the innermost loop.

use blackbird_dialects::ir::{Diagnostic, Location, Type, Value};
use blackbird_dialects::{arith, loops};

use super::{Lowering, THREADED_PRODUCT_WORK};
use crate::conversion::emit::{loop_nest, parallel_loop_nest, Emitter, NestBody};

impl Emitter<'_> {
    /// `sum(x(p) * y(p) for p in range(k))` (`k` i64); `load(p)` gives the pair of elements.
    /// Eight partial sums over `p ≡ 0, …, 7 (mod 8)` run side by side (so the additions
    /// do not wait on each other and LLVM's SLP vectorizer packs them into vector registers),
    /// then a loop over the last `k % 8`; the partial sums are added in halves as a vector
    /// register is reduced (`t_i = s_i + s_{i+4}`, `u_i = t_i + t_{i+2}`, `u_0 + u_1`), the
    /// rest last. NumPy fixes no summation order for products (BLAS uses several accumulators too).
    pub fn dot(
        &mut self,
        k: Value,
        elem: Type,
        loc: &Location,
        load: &mut dyn FnMut(&mut Self, Value) -> (Value, Value),
    ) -> Value {
        const LANES: i64 = 8;
        let i64t = self.ctx.i64();
        let zero = self.const_int(0, i64t, loc);
        let one = self.const_int(1, i64t, loc);
        let lanes = self.const_int(LANES, i64t, loc);
        let float = self.is_float(elem);
        let init = if float {
            self.const_float(0.0, elem, loc)
        } else {
            self.const_int(0, elem, loc)
        };
        let (mul, add) = if float {
            (&arith::MULF, &arith::ADDF)
        } else {
            (&arith::MULI, &arith::ADDI)
        };
        let quarter = self.binary(&arith::DIVSI, k, lanes, loc);
        let bulk = self.binary(&arith::MULI, quarter, lanes, loc);
        let vector = self.accumulate(
            zero,
            bulk,
            lanes,
            &[init; LANES as usize],
            loc,
            &mut |s, p, acc| {
                (0..LANES)
                    .map(|lane| {
                        let offset = s.const_int(lane, i64t, loc);
                        let q = s.binary(&arith::ADDI, p, offset, loc);
                        let (x, y) = load(s, q);
                        let prod = s.binary(mul, x, y, loc);
                        s.binary(add, acc[lane as usize], prod, loc)
                    })
                    .collect()
            },
        );
        let rest = self.accumulate(bulk, k, one, &[init], loc, &mut |s, p, acc| {
            let (x, y) = load(s, p);
            let prod = s.binary(mul, x, y, loc);
            vec![s.binary(add, acc[0], prod, loc)]
        });
        let mut partial = vector;
        while partial.len() > 1 {
            let half = partial.len() / 2;
            partial = (0..half)
                .map(|i| self.binary(add, partial[i], partial[i + half], loc))
                .collect();
        }
        self.binary(add, partial[0], rest[0], loc)
    }

    /// A `loop.for` from `lb` to `ub` by `step` carrying `init`; `body(p, accumulators)` gives
    /// the next accumulators. Returns the final ones.
    fn accumulate(
        &mut self,
        lb: Value,
        ub: Value,
        step: Value,
        init: &[Value],
        loc: &Location,
        body: &mut dyn FnMut(&mut Self, Value, &[Value]) -> Vec<Value>,
    ) -> Vec<Value> {
        let i64t = self.ctx.i64();
        let types: Vec<Type> = init.iter().map(|v| self.ctx.value_type(*v)).collect();
        let arg_types: Vec<Type> = std::iter::once(i64t).chain(types.iter().copied()).collect();
        let (region, block) = self.ctx.create_region_with_block(&arg_types);
        let outer = std::mem::replace(&mut self.block, block);
        let args = self.ctx.block_args(block).to_vec();
        let next = body(self, args[0], &args[1..]);
        self.emit(&loops::YIELD, &next, &[], &[], vec![], loc);
        self.block = outer;
        let operands: Vec<Value> = [lb, ub, step]
            .into_iter()
            .chain(init.iter().copied())
            .collect();
        let for_op = self.emit(&loops::FOR, &operands, &types, &[], vec![region], loc);
        self.ctx.results(for_op).to_vec()
    }
}

impl Lowering<'_> {
    /// The nest over `sizes` (i64) of a matrix product doing `work` (i64) multiply-adds: a
    /// filling nest; with [`super::Threads::products`], one whose rows run on threads when
    /// `work` reaches [`THREADED_PRODUCT_WORK`] (checked at run time), as BLAS does.
    fn product_nest(
        &mut self,
        sizes: &[Value],
        work: Value,
        loc: &Location,
        body: &mut NestBody<Self>,
    ) -> Result<(), Diagnostic> {
        if self.threads.fills || !self.threads.products {
            return self.filling_nest(sizes, loc, body);
        }
        let i64t = self.ctx.i64();
        let threshold = self.const_int(THREADED_PRODUCT_WORK, i64t, loc);
        let large = self.cmp(&arith::CMPI, "sge", work, threshold, loc);
        let threaded = self.region(&mut |s| parallel_loop_nest(s, sizes, loc, body))?;
        let serial = self.region(&mut |s| loop_nest(s, sizes, loc, body))?;
        self.emit(&loops::IF, &[large], &[], &[], vec![threaded, serial], loc);
        Ok(())
    }

    /// `a @ b` for buffers of rank 1 or 2 with one element type: a fresh buffer (the caller
    /// frees it), or a scalar for two vectors. ValueError when the contracted sizes differ.
    pub(super) fn matmul(
        &mut self,
        a: Value,
        b: Value,
        loc: &Location,
    ) -> Result<Value, Diagnostic> {
        let elem = self.element_type(a);
        let (ra, rb) = (self.rank(a), self.rank(b));
        let (sa, sb) = (self.sizes(a, loc), self.sizes(b, loc));
        let (ka, kb) = (sa[ra - 1], sb[0]);
        let same = self.cmp(&arith::CMPI, "eq", ka, kb, loc);
        self.raise_unless(
            same,
            "ValueError",
            "matmul: the contracted dimensions differ",
            loc,
        );
        let k = ka;
        Ok(match (ra, rb) {
            (1, 1) => self.dot(k, elem, loc, &mut |s, p| {
                (s.load_at(a, &[p], loc), s.load_at(b, &[p], loc))
            }),
            (2, 1) => {
                // Rows of `a` dotted with `b`: with unit strides, vectorized dot products.
                let out = self.alloc_buffer(elem, &[sa[0]], loc);
                let work = self.binary(&arith::MULI, sa[0], k, loc);
                self.with_unit_strides(&[a, b], loc, &mut |s, ab| {
                    let (a, b) = (ab[0], ab[1]);
                    s.product_nest(&[sa[0]], work, loc, &mut |s, ivs| {
                        let i = ivs[0];
                        let v = s.dot(k, elem, loc, &mut |s, p| {
                            (s.load_at(a, &[i, p], loc), s.load_at(b, &[p], loc))
                        });
                        s.store_at(v, out, &[i], loc);
                        Ok(())
                    })
                })?;
                out
            }
            (1, 2) => {
                let out = self.alloc_buffer(elem, &[sb[1]], loc);
                let work = self.binary(&arith::MULI, sb[1], k, loc);
                self.product_nest(&[sb[1]], work, loc, &mut |s, ivs| {
                    let i = ivs[0];
                    let v = s.dot(k, elem, loc, &mut |s, p| {
                        (s.load_at(a, &[p], loc), s.load_at(b, &[p, i], loc))
                    });
                    s.store_at(v, out, &[i], loc);
                    Ok(())
                })?;
                out
            }
            _ => {
                let (n, m) = (sa[0], sb[1]);
                let out = self.alloc_buffer(elem, &[n, m], loc);
                let rows = self.binary(&arith::MULI, n, m, loc);
                let work = self.binary(&arith::MULI, rows, k, loc);
                self.product_nest(&[n, m], work, loc, &mut |s, ivs| {
                    let (i, j) = (ivs[0], ivs[1]);
                    let v = s.dot(k, elem, loc, &mut |s, p| {
                        (s.load_at(a, &[i, p], loc), s.load_at(b, &[p, j], loc))
                    });
                    s.store_at(v, out, &[i, j], loc);
                    Ok(())
                })?;
                out
            }
        })
    }
}
