//! May two views share memory? Static answers from where buffers come from, and the run-time
//! test NumPy makes (same view, or disjoint byte ranges).

use blackbird_dialects::ir::{Context, Location, Type, TypeKind, Value, ValueDef};
use blackbird_dialects::{arith, func, loops, tensor};

use crate::conversion::emit::Emitter;

impl Emitter<'_> {
    /// Whether views `a` and `b` are the same view or share no byte (i1), from their base
    /// addresses, offsets, sizes and strides.
    pub(super) fn same_or_disjoint(&mut self, a: Value, b: Value, loc: &Location) -> Value {
        let (a_lo, a_hi, a_meta) = self.byte_range(a, loc);
        let (b_lo, b_hi, b_meta) = self.byte_range(b, loc);
        let i1 = self.ctx.i1();
        let mut same = self.const_int(1, i1, loc);
        if a_meta.len() == b_meta.len() {
            for (x, y) in a_meta.iter().zip(&b_meta) {
                let eq = self.cmp(&arith::CMPI, "eq", *x, *y, loc);
                same = self.binary(&arith::ANDI, same, eq, loc);
            }
        } else {
            same = self.const_int(0, i1, loc);
        }
        let a_before = self.cmp(&arith::CMPI, "sle", a_hi, b_lo, loc);
        let b_before = self.cmp(&arith::CMPI, "sle", b_hi, a_lo, loc);
        let disjoint = self.binary(&arith::ORI, a_before, b_before, loc);
        let ok = self.binary(&arith::ORI, same, disjoint, loc);
        // An empty view overlaps nothing.
        let empty_a = self.is_empty(a, loc);
        let empty_b = self.is_empty(b, loc);
        let empty = self.binary(&arith::ORI, empty_a, empty_b, loc);
        self.binary(&arith::ORI, ok, empty, loc)
    }

    fn is_empty(&mut self, m: Value, loc: &Location) -> Value {
        let i1 = self.ctx.i1();
        let i64t = self.ctx.i64();
        let zero = self.const_int(0, i64t, loc);
        let mut empty = self.const_int(0, i1, loc);
        for n in self.sizes(m, loc) {
            let z = self.cmp(&arith::CMPI, "eq", n, zero, loc);
            empty = self.binary(&arith::ORI, empty, z, loc);
        }
        empty
    }

    /// The half-open byte range `[lo, hi)` a non-empty view spans (i64), and its identity
    /// (base address, offset, sizes, strides).
    fn byte_range(&mut self, m: Value, loc: &Location) -> (Value, Value, Vec<Value>) {
        let i64t = self.ctx.i64();
        let index = self.ctx.index();
        let rank = self.rank(m);
        let (offset, sizes, strides) = self.metadata(m, loc);
        let meta: Vec<Value> = std::iter::once(offset)
            .chain(sizes)
            .chain(strides)
            .map(|v| self.value(&arith::INDEX_CAST, &[v], i64t, loc))
            .collect();
        let address = self.value(&loops::ADDRESS, &[m], index, loc);
        let address = self.value(&arith::INDEX_CAST, &[address], i64t, loc);
        let elem = self.element_type(m);
        let bytes = element_bytes(self.ctx, elem);
        let size = self.const_int(bytes, i64t, loc);
        let (zero, one) = (self.const_int(0, i64t, loc), self.const_int(1, i64t, loc));
        let (mut lo, mut hi) = (meta[0], meta[0]);
        for d in 0..rank {
            let last = self.binary(&arith::SUBI, meta[1 + d], one, loc);
            let span = self.binary(&arith::MULI, last, meta[1 + rank + d], loc);
            let down = self.binary(&arith::MINSI, span, zero, loc);
            let up = self.binary(&arith::MAXSI, span, zero, loc);
            lo = self.binary(&arith::ADDI, lo, down, loc);
            hi = self.binary(&arith::ADDI, hi, up, loc);
        }
        let hi = self.binary(&arith::ADDI, hi, one, loc);
        let lo_bytes = self.binary(&arith::MULI, lo, size, loc);
        let hi_bytes = self.binary(&arith::MULI, hi, size, loc);
        let lo = self.binary(&arith::ADDI, address, lo_bytes, loc);
        let hi = self.binary(&arith::ADDI, address, hi_bytes, loc);
        let mut identity = vec![address];
        identity.extend(meta);
        (lo, hi, identity)
    }
}

/// Bytes per element as stored in a buffer (booleans take a byte).
fn element_bytes(ctx: &Context, elem: Type) -> i64 {
    match ctx.type_kind(elem) {
        TypeKind::Int { width, .. } => (i64::from(*width) + 7) / 8,
        TypeKind::Float(k) => i64::from(k.width()) / 8,
        _ => 8,
    }
}

/// The buffer a view was taken of, through views and casts.
fn root(ctx: &Context, mut m: Value) -> Value {
    while let Some(op) = ctx.defining_op(m) {
        if ctx.is_op(op, &loops::VIEW)
            || ctx.is_op(op, &loops::CAST)
            || ctx.is_op(op, &loops::SUBVIEW)
        {
            m = ctx.operand(op, 0);
        } else {
            break;
        }
    }
    m
}

/// Are `a` and `b` views of different buffers that cannot share memory: one allocated here,
/// the other allocated here too or an argument of the function? A buffer of unknown origin (a
/// loop-carried array, the result of a `loop.if` or of a call) may be a view of anything,
/// the fresh allocation included.
pub(super) fn distinct_allocations(ctx: &Context, a: Value, b: Value) -> bool {
    let (ra, rb) = (root(ctx, a), root(ctx, b));
    let fresh = |v: Value| {
        ctx.defining_op(v)
            .is_some_and(|op| ctx.is_op(op, &loops::ALLOC) || ctx.is_op(op, &tensor::MATERIALIZE))
    };
    let known = |v: Value| fresh(v) || is_function_argument(ctx, v);
    ra != rb && (fresh(ra) || fresh(rb)) && known(ra) && known(rb)
}

/// Is `v` an argument of its function (not a loop's block argument)?
fn is_function_argument(ctx: &Context, v: Value) -> bool {
    match ctx.value_def(v) {
        ValueDef::BlockArg { block, .. } => ctx
            .block_parent_op(block)
            .is_some_and(|op| ctx.is_op(op, &func::FUNC)),
        ValueDef::OpResult { .. } => false,
    }
}
