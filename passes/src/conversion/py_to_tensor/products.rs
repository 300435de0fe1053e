//! Matrix products (`@`, `np.dot`, `np.matmul`, `np.vdot`).

use blackbird_dialects::ir::{Location, Type, Value};
use blackbird_dialects::{arith, loops};

use super::{CResult, Converter};

impl Converter<'_> {
    /// `sum(a(p) * b(p) for p in range(k))` in a loop carrying the accumulator.
    pub(super) fn dot_loop(
        &mut self,
        k: Value,
        elem: Type,
        loc: &Location,
        load: &mut dyn FnMut(&mut Self, Value) -> (Value, Value),
    ) -> Value {
        let i64t = self.ctx.i64();
        let lb = self.const_int(0, i64t, loc);
        let step = self.const_int(1, i64t, loc);
        let init = self.zero_of(elem, 0.0, loc);
        let (region, block) = self.ctx.create_region_with_block(&[i64t, elem]);
        let outer = std::mem::replace(&mut self.block, block);
        let args = self.ctx.block_args(block).to_vec();
        let (x, y) = load(self, args[0]);
        let (x, y) = (self.coerce(x, elem, loc), self.coerce(y, elem, loc));
        let float = self.is_float(elem);
        let prod = self.binary(if float { &arith::MULF } else { &arith::MULI }, x, y, loc);
        let sum = self.binary(
            if float { &arith::ADDF } else { &arith::ADDI },
            args[1],
            prod,
            loc,
        );
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

    /// NumPy's `a @ b` for 1-D and 2-D operands (a scalar for two vectors); ValueError when
    /// the contracted sizes differ.
    pub(super) fn matmul(
        &mut self,
        a: Value,
        b: Value,
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let ra = self
            .ctx
            .type_kind(self.ctx.value_type(a))
            .rank()
            .unwrap_or(0);
        let rb = self
            .ctx
            .type_kind(self.ctx.value_type(b))
            .rank()
            .unwrap_or(0);
        let (sa, sb) = (self.sizes(a, loc), self.sizes(b, loc));
        let (ka, kb) = (sa[ra - 1], sb[0]);
        let same = self.cmp(&arith::CMPI, "eq", ka, kb, loc);
        self.raise_unless(
            same,
            "ValueError",
            "matmul: the contracted dimensions differ",
            loc,
        );
        let k = self.binary(&arith::MINSI, ka, kb, loc);
        Ok(match (ra, rb) {
            (1, 1) => self.dot_loop(k, elem, loc, &mut |s, p| {
                (s.load_at(a, &[p], loc), s.load_at(b, &[p], loc))
            }),
            (2, 1) | (1, 2) => {
                let n = if ra == 2 { sa[0] } else { sb[1] };
                let out = self.alloc(elem, &[n], loc);
                self.loop_nest(&[n], loc, &mut |s, ivs| {
                    let i = ivs[0];
                    let v = s.dot_loop(k, elem, loc, &mut |s, p| {
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
                let out = self.alloc(elem, &[n, m], loc);
                self.loop_nest(&[n, m], loc, &mut |s, ivs| {
                    let (i, j) = (ivs[0], ivs[1]);
                    let v = s.dot_loop(k, elem, loc, &mut |s, p| {
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
