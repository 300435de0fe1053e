//! Contractions over buffers: `tensor.matmul` (NumPy's `@` for 1-D and 2-D operands) and
//! full reductions, as loop nests with the accumulator carried by the innermost loop.

use blackbird_dialects::arith;
use blackbird_dialects::ir::{Diagnostic, Location, Type, Value};

use super::{Lowering, THREADED_PRODUCT_WORK};
use crate::conversion::emit::{accumulate, loop_nest, NestBody};

/// Rows and columns of the output blocks whose sums a matrix-matrix product keeps in
/// registers: 32 sums, eight vector registers of four doubles (AVX2 has sixteen).
const BLOCK_ROWS: i64 = 4;
const BLOCK_COLS: i64 = 8;

impl Lowering<'_> {
    /// `sum(x(p) * y(p) for p in range(k))` (`k` i64); `load(p)` gives the pair of elements.
    /// Eight partial sums over `p ≡ 0, …, 7 (mod 8)` run side by side (so the additions
    /// do not wait on each other and LLVM's SLP vectorizer packs them into vector registers),
    /// then a loop over the last `k % 8`; the partial sums are added in halves as a vector
    /// register is reduced (`t_i = s_i + s_{i+4}`, `u_i = t_i + t_{i+2}`, `u_0 + u_1`), the
    /// rest last. Each step is a [`Self::multiply_add`] (fused where the CPU can). NumPy fixes
    /// no summation order for products (BLAS uses several accumulators too).
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
        let init = self.zero_of(elem, 0.0, loc);
        let groups = self.binary(&arith::DIVSI, k, lanes, loc);
        let bulk = self.binary(&arith::MULI, groups, lanes, loc);
        let vector = accumulate(
            self,
            [zero, bulk, lanes],
            &[init; LANES as usize],
            loc,
            &mut |s, p, acc| {
                (0..LANES)
                    .map(|lane| {
                        let offset = s.const_int(lane, i64t, loc);
                        let q = s.binary(&arith::ADDI, p, offset, loc);
                        let (x, y) = load(s, q);
                        s.multiply_add(elem, acc[lane as usize], x, y, loc)
                    })
                    .collect()
            },
        );
        let rest = accumulate(self, [bulk, k, one], &[init], loc, &mut |s, p, acc| {
            let (x, y) = load(s, p);
            vec![s.multiply_add(elem, acc[0], x, y, loc)]
        });
        let mut partial = vector;
        while partial.len() > 1 {
            let half = partial.len() / 2;
            partial = (0..half)
                .map(|i| self.arithmetic("add", partial[i], partial[i + half], loc))
                .collect();
        }
        self.arithmetic("add", partial[0], rest[0], loc)
    }

    /// `acc + x * y` for elements of type `elem`. Float steps are contractible (one fused
    /// multiply-add where the target has it, as BLAS kernels compute: rounded once, not
    /// twice), so a product's sums differ from a Python loop's in the last bits, as NumPy's
    /// (BLAS) do.
    fn multiply_add(
        &mut self,
        elem: Type,
        acc: Value,
        x: Value,
        y: Value,
        loc: &Location,
    ) -> Value {
        match self.is_float(elem) {
            true => {
                let prod = self.contractible(&arith::MULF, x, y, loc);
                self.contractible(&arith::ADDF, acc, prod, loc)
            }
            false => {
                let prod = self.binary(&arith::MULI, x, y, loc);
                self.binary(&arith::ADDI, acc, prod, loc)
            }
        }
    }

    /// The `rows` × `cols` sums `Σ_p a(r, p) * b(p, c)` over `p` in `0..k` (`k` i64), each
    /// from 0 in order of `p`: one loop over `p` carries them all (LLVM keeps them in vector
    /// registers), so each loaded `b(p, c)` serves every row and each `a(r, p)` every column.
    /// Returns them row by row.
    #[allow(clippy::too_many_arguments)]
    fn block_sums(
        &mut self,
        rows: i64,
        cols: i64,
        k: Value,
        elem: Type,
        loc: &Location,
        a: &mut dyn FnMut(&mut Self, i64, Value) -> Value,
        b: &mut dyn FnMut(&mut Self, Value, i64) -> Value,
    ) -> Vec<Value> {
        let i64t = self.ctx.i64();
        let zero = self.const_int(0, i64t, loc);
        let one = self.const_int(1, i64t, loc);
        let init = self.zero_of(elem, 0.0, loc);
        let inits = vec![init; (rows * cols) as usize];
        accumulate(self, [zero, k, one], &inits, loc, &mut |s, p, acc| {
            let bs: Vec<Value> = (0..cols).map(|c| b(s, p, c)).collect();
            let mut next = vec![];
            for r in 0..rows {
                let x = a(s, r, p);
                for (c, y) in bs.iter().enumerate() {
                    let acc = acc[(r * cols) as usize + c];
                    next.push(s.multiply_add(elem, acc, x, *y, loc));
                }
            }
            next
        })
    }

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
        let threaded = self.threads.products;
        self.threaded_nest(threaded, sizes, work, THREADED_PRODUCT_WORK, loc, body)
    }

    /// `out = a @ b` for a matrix `b` (`k` × `m`) and `a` a `n` × `k` matrix or a vector
    /// (`n` = 1, `out` a vector): each element is the sum over `p` in order, from 0, of
    /// `a[i, p] * b[p, j]`, as the textbook loop computes it (each step a
    /// [`Self::multiply_add`]). Blocks of [`BLOCK_ROWS`] ×
    /// [`BLOCK_COLS`] elements keep their sums in registers through the loop over `p` (see
    /// [`Self::block_sums`]); the column blocks run on threads for large products (`work`
    /// multiply-adds), the rows left below whole blocks in blocks of one row, the columns
    /// left beside them one element at a time. The blocks need unit-stride rows of `b`
    /// (checked at run time; LLVM vectorizes them then); otherwise each element is summed on
    /// its own, in the same order.
    #[allow(clippy::too_many_arguments)]
    fn matrix_product(
        &mut self,
        a: Value,
        b: Value,
        out: Value,
        [n, k, m]: [Value; 3],
        elem: Type,
        work: Value,
        loc: &Location,
    ) -> Result<(), Diagnostic> {
        let vector = self.rank(a) == 1;
        let i64t = self.ctx.i64();
        let zero = self.const_int(0, i64t, loc);
        let one = self.const_int(1, i64t, loc);
        let block_rows = self.const_int(BLOCK_ROWS, i64t, loc);
        let block_cols = self.const_int(BLOCK_COLS, i64t, loc);
        let whole_rows = match vector {
            true => zero,
            false => {
                let row_blocks = self.binary(&arith::DIVSI, n, block_rows, loc);
                self.binary(&arith::MULI, row_blocks, block_rows, loc)
            }
        };
        let col_blocks = self.binary(&arith::DIVSI, m, block_cols, loc);
        let whole_cols = self.binary(&arith::MULI, col_blocks, block_cols, loc);
        // Sums of the `rows` × `cols` block at (i0, j0) stored into `out`.
        let block = |s: &mut Lowering, b: Value, rows: i64, cols: i64, i0: Value, j0: Value| {
            let offset = |s: &mut Lowering, base: Value, d: i64| {
                let d = s.const_int(d, i64t, loc);
                s.binary(&arith::ADDI, base, d, loc)
            };
            let sums = s.block_sums(
                rows,
                cols,
                k,
                elem,
                loc,
                &mut |s, r, p| match vector {
                    true => s.load_at(a, &[p], loc),
                    false => {
                        let i = offset(s, i0, r);
                        s.load_at(a, &[i, p], loc)
                    }
                },
                &mut |s, p, c| {
                    let j = offset(s, j0, c);
                    s.load_at(b, &[p, j], loc)
                },
            );
            for r in 0..rows {
                for c in 0..cols {
                    let j = offset(s, j0, c);
                    let at = match vector {
                        true => vec![j],
                        false => vec![offset(s, i0, r), j],
                    };
                    s.store_at(sums[(r * cols + c) as usize], out, &at, loc);
                }
            }
        };
        self.two_versions(&[b], None, loc, &mut |s, unit| {
            if !unit {
                return s.product_nest(&[n, m], work, loc, &mut |s, ivs| {
                    block(s, b, 1, 1, ivs[0], ivs[1]);
                    Ok(())
                });
            }
            let b = s.unit_stride(b, loc);
            s.product_nest(&[col_blocks], work, loc, &mut |s, ivs| {
                let j0 = s.binary(&arith::MULI, ivs[0], block_cols, loc);
                if !vector {
                    accumulate(
                        s,
                        [zero, whole_rows, block_rows],
                        &[],
                        loc,
                        &mut |s, i0, _| {
                            block(s, b, BLOCK_ROWS, BLOCK_COLS, i0, j0);
                            vec![]
                        },
                    );
                }
                accumulate(s, [whole_rows, n, one], &[], loc, &mut |s, i, _| {
                    block(s, b, 1, BLOCK_COLS, i, j0);
                    vec![]
                });
                Ok(())
            })?;
            let last_cols = s.binary(&arith::SUBI, m, whole_cols, loc);
            loop_nest(s, &[n, last_cols], loc, &mut |s, ivs| {
                let j = s.binary(&arith::ADDI, whole_cols, ivs[1], loc);
                block(s, b, 1, 1, ivs[0], j);
                Ok(())
            })
        })
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
        // Compiled code runs on to the function's end after raising: contract nothing then.
        let k = self.size_if(same, ka, loc);
        Ok(match (ra, rb) {
            (1, 1) => self.dot(k, elem, loc, &mut |s, p| {
                (s.load_at(a, &[p], loc), s.load_at(b, &[p], loc))
            }),
            (2, 1) => {
                // Rows of `a` dotted with `b`: with unit strides, vectorized dot products.
                let (out, rows) = self.alloc_buffer(elem, &[sa[0]], loc);
                let work = self.binary(&arith::MULI, rows[0], k, loc);
                self.with_unit_strides(&[a, b], loc, &mut |s, ab| {
                    let (a, b) = (ab[0], ab[1]);
                    s.product_nest(&rows, work, loc, &mut |s, ivs| {
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
                let (out, columns) = self.alloc_buffer(elem, &[sb[1]], loc);
                let m = columns[0];
                let work = self.binary(&arith::MULI, m, k, loc);
                let i64t = self.ctx.i64();
                let one = self.const_int(1, i64t, loc);
                self.matrix_product(a, b, out, [one, k, m], elem, work, loc)?;
                out
            }
            _ => {
                let (out, sizes) = self.alloc_buffer(elem, &[sa[0], sb[1]], loc);
                let (n, m) = (sizes[0], sizes[1]);
                let rows = self.binary(&arith::MULI, n, m, loc);
                let work = self.binary(&arith::MULI, rows, k, loc);
                self.matrix_product(a, b, out, [n, k, m], elem, work, loc)?;
                out
            }
        })
    }
}
