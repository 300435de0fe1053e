//! Contractions over buffers: `tensor.matmul` (NumPy's `@` for 1-D and 2-D operands) and
//! full reductions, as loop nests with the accumulator carried by the innermost loop.

use blackbird_dialects::ir::{Diagnostic, Location, Type, Value};
use blackbird_dialects::{arith, loops};

use super::Lowering;
use crate::conversion::emit::{loop_nest, Emitter};

impl Emitter<'_> {
    /// `sum(x(p) * y(p) for p in range(k))` (`k` i64) in one loop carrying the accumulator;
    /// `load(p)` gives the pair of elements.
    pub fn dot(
        &mut self,
        k: Value,
        elem: Type,
        loc: &Location,
        load: &mut dyn FnMut(&mut Self, Value) -> (Value, Value),
    ) -> Value {
        let i64t = self.ctx.i64();
        let lb = self.const_int(0, i64t, loc);
        let step = self.const_int(1, i64t, loc);
        let float = self.is_float(elem);
        let init = if float {
            self.const_float(0.0, elem, loc)
        } else {
            self.const_int(0, elem, loc)
        };
        let (region, block) = self.ctx.create_region_with_block(&[i64t, elem]);
        let outer = std::mem::replace(&mut self.block, block);
        let args = self.ctx.block_args(block).to_vec();
        let (x, y) = load(self, args[0]);
        let (mul, add) = if float {
            (&arith::MULF, &arith::ADDF)
        } else {
            (&arith::MULI, &arith::ADDI)
        };
        let prod = self.binary(mul, x, y, loc);
        let sum = self.binary(add, args[1], prod, loc);
        self.emit(&loops::YIELD, &[sum], &[], &[], vec![], loc);
        self.block = outer;
        let for_op = self.emit(
            &loops::FOR,
            &[lb, k, step, init],
            &[elem],
            &[],
            vec![region],
            loc,
        );
        self.ctx.result(for_op, 0)
    }
}

impl Lowering<'_> {
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
            (2, 1) | (1, 2) => {
                let n = if ra == 2 { sa[0] } else { sb[1] };
                let out = self.alloc_buffer(elem, &[n], loc);
                loop_nest(self, &[n], loc, &mut |s, ivs| {
                    let i = ivs[0];
                    let v = s.dot(k, elem, loc, &mut |s, p| {
                        if ra == 2 {
                            (s.load_at(a, &[i, p], loc), s.load_at(b, &[p], loc))
                        } else {
                            (s.load_at(a, &[p], loc), s.load_at(b, &[p, i], loc))
                        }
                    });
                    s.store_at(v, out, &[i], loc);
                    Ok(())
                })?;
                out
            }
            _ => {
                let (n, m) = (sa[0], sb[1]);
                let out = self.alloc_buffer(elem, &[n, m], loc);
                loop_nest(self, &[n, m], loc, &mut |s, ivs| {
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
