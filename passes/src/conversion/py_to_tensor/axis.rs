//! Reductions along an axis.

use blackbird_dialects::ir::{Location, OpDef, OpId, Value};
use blackbird_dialects::{arith, loops};

use super::{CResult, Converter};

impl Converter<'_> {
    /// `f(src, axis=axis)` for sum/prod/mean/min/max: an array without that axis.
    pub(super) fn axis_reduce(
        &mut self,
        op: OpId,
        f: &str,
        src: Value,
        axis: i64,
        loc: &Location,
    ) -> CResult<Value> {
        let rank = self
            .ctx
            .type_kind(self.ctx.value_type(src))
            .rank()
            .unwrap_or(0) as i64;
        let axis = if axis < 0 { axis + rank } else { axis } as usize;
        let rt = self.result_type(op);
        let elem = self.ctx.type_kind(rt).element_type().unwrap_or(rt);
        let sizes = self.sizes(src, loc);
        let n = sizes[axis];
        let out_sizes: Vec<Value> = sizes
            .iter()
            .enumerate()
            .filter(|(d, _)| *d != axis)
            .map(|(_, v)| *v)
            .collect();
        let float = self.is_float(elem);
        let i64t = self.ctx.i64();
        if matches!(f, "min" | "max" | "amin" | "amax") {
            self.check_extreme_nonempty(f, n, loc);
        }
        let out = self.alloc(elem, &out_sizes, loc);
        self.loop_nest(&out_sizes, loc, &mut |s, ivs| {
            let at = |p: Value| -> Vec<Value> {
                let mut idx = ivs.to_vec();
                idx.insert(axis, p);
                idx
            };
            let lb = s.const_int(0, i64t, loc);
            let step = s.const_int(1, i64t, loc);
            let (init, start) = match f {
                "prod" => (s.zero_of(elem, 1.0, loc), lb),
                "sum" | "mean" => (s.zero_of(elem, 0.0, loc), lb),
                _ => {
                    // min/max start from the first element (n > 0 was checked; read index 0
                    // only when the output is non-empty, which this loop guarantees).
                    let first = s.load_at(src, &at(lb), loc);
                    (s.coerce(first, elem, loc), step)
                }
            };
            let (region, block) = s.ctx.create_region_with_block(&[i64t, elem]);
            let outer = std::mem::replace(&mut s.block, block);
            let args = s.ctx.block_args(block).to_vec();
            let x = s.load_at(src, &at(args[0]), loc);
            let x = s.coerce(x, elem, loc);
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
            let r = s.binary(def, args[1], x, loc);
            s.emit(&loops::YIELD, &[r], &[], &[], vec![], loc);
            s.block = outer;
            let for_op = s.emit(
                &loops::FOR,
                &[start, n, step, init],
                &[elem],
                &[],
                vec![region],
                loc,
            );
            let mut v = s.ctx.result(for_op, 0);
            if f == "mean" {
                let count = s.coerce(n, elem, loc);
                v = s.binary(&arith::DIVF, v, count, loc);
            }
            s.store_at(v, out, ivs, loc);
            Ok(())
        })?;
        Ok(out)
    }
}
