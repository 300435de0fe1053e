//! `convert-tensor-to-loop`: each `tensor.materialize` and `tensor.store` of a `tensor.map`
//! becomes one loop nest over buffers.
//!
//! Input: maps whose operands are `tensor.read`s of buffers and scalars (what
//! `convert-py-to-tensor` emits, and what `tensor-fuse` keeps), each map used by exactly one
//! materialize or store. Output: no `tensor` ops; per sink the NumPy broadcast of the map's
//! array operands (ValueError when sizes differ and neither is 1), then
//! - `tensor.materialize`: a fresh buffer (`loop.alloc`) filled by the nest;
//! - `tensor.store`: a check that the value broadcasts into the destination (ValueError), then
//!   the nest writing straight into the destination when no operand can overlap it (the same
//!   SSA buffer or a distinct allocation, known statically; otherwise checked at run time
//!   from base addresses, offsets, sizes and strides, as NumPy does), else into a temporary
//!   that is then copied. So the value is always complete before it overwrites its sources.
//!
//! No options.

use std::collections::HashMap;

use blackbird_dialects::ir::{
    BlockId, Context, Diagnostic, Location, OpId, RegionId, Type, TypeKind, Value,
};
use blackbird_dialects::{arith, loops, tensor};

use super::emit::{loop_nest, Emitter};
use crate::pipeline::{Change, Pass, PassError};

pub struct ConvertTensorToLoop;

impl Pass for ConvertTensorToLoop {
    fn name(&self) -> &'static str {
        "convert-tensor-to-loop"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        lower_tensor_ops(ctx, module)
            .map(Change::from_bool)
            .map_err(|diagnostic| PassError::Failed {
                pass: "convert-tensor-to-loop",
                diagnostic,
            })
    }
}

/// Lower every materialize and store under `root`; returns whether there was any.
pub fn lower_tensor_ops(ctx: &mut Context, root: OpId) -> Result<bool, Diagnostic> {
    let sinks: Vec<OpId> = ctx
        .walk_preorder(root)
        .into_iter()
        .filter(|op| ctx.is_op(*op, &tensor::MATERIALIZE) || ctx.is_op(*op, &tensor::STORE))
        .collect();
    for sink in &sinks {
        lower_sink(ctx, *sink)?;
    }
    // The maps and reads the sinks consumed are dead now.
    for op in ctx.walk_preorder(root).into_iter().rev() {
        if !ctx.is_erased(op)
            && (ctx.is_op(op, &tensor::MAP) || ctx.is_op(op, &tensor::READ))
            && ctx.results_unused(op)
        {
            ctx.erase_op(op);
        }
    }
    if let Some(left) = ctx
        .walk_preorder(root)
        .into_iter()
        .find(|op| ctx.op_name(*op).starts_with("tensor."))
    {
        return Err(Diagnostic::error(
            ctx.loc(left).clone(),
            format!(
                "convert-tensor-to-loop: `{}` is not consumed by a tensor.materialize or tensor.store",
                ctx.op_name(left)
            ),
        ));
    }
    Ok(!sinks.is_empty())
}

/// A map operand: a buffer read elementwise (broadcast) or a scalar.
#[derive(Clone, Copy)]
enum Operand {
    Buffer(Value),
    Scalar(Value),
}

fn lower_sink(ctx: &mut Context, sink: OpId) -> Result<(), Diagnostic> {
    let loc = ctx.loc(sink).clone();
    let t = ctx.operand(sink, 0);
    let map = ctx
        .defining_op(t)
        .filter(|m| ctx.is_op(*m, &tensor::MAP))
        .ok_or_else(|| {
            Diagnostic::error(
                loc.clone(),
                format!(
                    "convert-tensor-to-loop: `{}` takes a tensor.map",
                    ctx.op_name(sink)
                ),
            )
        })?;
    let mut operands = vec![];
    for v in ctx.operands(map).to_vec() {
        let read = ctx.defining_op(v).filter(|r| ctx.is_op(*r, &tensor::READ));
        operands.push(match read {
            Some(r) => Operand::Buffer(ctx.operand(r, 0)),
            None if ctx.type_kind(ctx.value_type(v)).is_shaped() => {
                return Err(Diagnostic::error(
                    ctx.loc(map).clone(),
                    "convert-tensor-to-loop: a tensor.map operand must be a tensor.read or a scalar (run tensor-fuse or materialize it)",
                ))
            }
            None => Operand::Scalar(v),
        });
    }
    let scratch = ctx.create_block(&[]);
    let mut e = Lowering {
        e: Emitter::new(ctx, scratch, false),
        map,
        operands,
    };
    let elem = e.ctx.type_kind(e.ctx.value_type(t)).element_type().unwrap();
    let shapes: Vec<Vec<Value>> = e.buffers().into_iter().map(|m| e.sizes(m, &loc)).collect();
    let shape = e.broadcast(&shapes, &loc);
    if e.ctx.is_op(sink, &tensor::MATERIALIZE) {
        let buffer = e.alloc_buffer(elem, &shape, &loc);
        e.fill(buffer, &shape, &loc)?;
        let result = e.ctx.result(sink, 0);
        e.ctx.replace_all_uses(result, buffer);
    } else {
        let dest = e.ctx.operand(sink, 1);
        let dest_shape = e.sizes(dest, &loc);
        let joined = e.broadcast(&[dest_shape.clone(), shape], &loc);
        for (j, d) in joined.iter().zip(&dest_shape) {
            let same = e.cmp(&arith::CMPI, "eq", *j, *d, &loc);
            e.raise_unless(
                same,
                "ValueError",
                "could not broadcast the value into the target's shape",
                &loc,
            );
        }
        e.store_into(dest, &dest_shape, &loc)?;
    }
    let ops = e.ctx.block_ops(scratch).to_vec();
    for op in ops {
        ctx.detach_op(op);
        ctx.insert_op_before(sink, op);
    }
    ctx.erase_op(sink);
    Ok(())
}

struct Lowering<'c> {
    e: Emitter<'c>,
    map: OpId,
    operands: Vec<Operand>,
}

impl<'c> std::ops::Deref for Lowering<'c> {
    type Target = Emitter<'c>;
    fn deref(&self) -> &Emitter<'c> {
        &self.e
    }
}

impl std::ops::DerefMut for Lowering<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.e
    }
}

impl Lowering<'_> {
    fn buffers(&self) -> Vec<Value> {
        self.operands
            .iter()
            .filter_map(|o| match o {
                Operand::Buffer(m) => Some(*m),
                Operand::Scalar(_) => None,
            })
            .collect()
    }

    /// The map's element at `ivs`: its body, cloned with the operands' elements.
    fn element(&mut self, ivs: &[Value], loc: &Location) -> Value {
        let body = self.ctx.entry_block(self.ctx.region(self.map, 0));
        let mut values = HashMap::new();
        for (k, arg) in self.ctx.block_args(body).to_vec().into_iter().enumerate() {
            let x = match self.operands[k] {
                Operand::Buffer(m) => self.broadcast_load(m, ivs, loc),
                Operand::Scalar(v) => v,
            };
            values.insert(arg, x);
        }
        let ops = self.ctx.block_ops(body).to_vec();
        let (terminator, ops) = ops.split_last().expect("a map body ends with tensor.yield");
        for op in ops {
            let copy = self.ctx.clone_op(*op, &mut values);
            let block = self.block;
            self.ctx.append_op(block, copy);
        }
        let yielded = self.ctx.operand(*terminator, 0);
        values.get(&yielded).copied().unwrap_or(yielded)
    }

    /// Write the map's elements into `target` of `shape` (i64 sizes).
    fn fill(&mut self, target: Value, shape: &[Value], loc: &Location) -> Result<(), Diagnostic> {
        loop_nest(self, shape, loc, &mut |s, ivs| {
            let x = s.element(ivs, loc);
            s.store_at(x, target, ivs, loc);
            Ok(())
        })
    }

    /// Copy `from` into `to` (same shape).
    fn copy(
        &mut self,
        from: Value,
        to: Value,
        shape: &[Value],
        loc: &Location,
    ) -> Result<(), Diagnostic> {
        loop_nest(self, shape, loc, &mut |s, ivs| {
            let x = s.load_at(from, ivs, loc);
            s.store_at(x, to, ivs, loc);
            Ok(())
        })
    }

    /// Fill `dest` directly when no operand can overlap it, else through a temporary.
    fn store_into(
        &mut self,
        dest: Value,
        shape: &[Value],
        loc: &Location,
    ) -> Result<(), Diagnostic> {
        let unknown: Vec<Value> = self
            .buffers()
            .into_iter()
            .filter(|m| *m != dest && !distinct_allocations(self.ctx, *m, dest))
            .collect();
        if unknown.is_empty() {
            return self.fill(dest, shape, loc);
        }
        let i1 = self.ctx.i1();
        let mut safe = self.const_int(1, i1, loc);
        for m in unknown {
            let ok = self.same_or_disjoint(m, dest, loc);
            safe = self.binary(&arith::ANDI, safe, ok, loc);
        }
        let elem = self.element_type(dest);
        let direct = self.region(&mut |s| s.fill(dest, shape, loc))?;
        let buffered = self.region(&mut |s| {
            let temp = s.alloc_buffer(elem, shape, loc);
            s.fill(temp, shape, loc)?;
            s.copy(temp, dest, shape, loc)?;
            s.emit(&loops::DEALLOC, &[temp], &[], &[], vec![], loc);
            Ok(())
        })?;
        self.emit(&loops::IF, &[safe], &[], &[], vec![direct, buffered], loc);
        Ok(())
    }

    /// A region of one block built by `body`, ended by `loop.yield`.
    fn region(
        &mut self,
        body: &mut dyn FnMut(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<RegionId, Diagnostic> {
        let (region, block): (RegionId, BlockId) = self.ctx.create_region_with_block(&[]);
        let outer = std::mem::replace(&mut self.block, block);
        let r = body(self);
        self.emit(&loops::YIELD, &[], &[], &[], vec![], &Location::Unknown);
        self.block = outer;
        r.map(|_| region)
    }

    /// Whether views `a` and `b` are the same view or share no byte (i1), from their base
    /// addresses, offsets, sizes and strides.
    fn same_or_disjoint(&mut self, a: Value, b: Value, loc: &Location) -> Value {
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

/// Are `a` and `b` views of different buffers, one of them allocated here (so they cannot
/// share memory)?
fn distinct_allocations(ctx: &Context, a: Value, b: Value) -> bool {
    let (ra, rb) = (root(ctx, a), root(ctx, b));
    let fresh = |v: Value| {
        ctx.defining_op(v)
            .is_some_and(|op| ctx.is_op(op, &loops::ALLOC) || ctx.is_op(op, &tensor::MATERIALIZE))
    };
    ra != rb && (fresh(ra) || fresh(rb))
}
